package io.driftmonitor.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.topology.ModelState;
import io.driftmonitor.topology.WindowReport;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API: every route in one place, JSON in and out, errors as {"error", "detail"}. */
public final class QueryServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueryServer.class);
    private static final int DEFAULT_LIMIT = 500;
    private static final int MAX_LIMIT = 10_000;

    private final Javalin javalin;
    private volatile KafkaStreams streams;
    private volatile StateReader reader;

    private QueryServer(Javalin javalin) {
        this.javalin = javalin;
    }

    public static QueryServer start(MonitorConfig config, PrometheusMeterRegistry metrics) {
        Javalin javalin = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.defaultContentType = "application/json";
        });
        QueryServer server = new QueryServer(javalin);
        server.routes(metrics);
        javalin.start("0.0.0.0", config.http.port);
        return server;
    }

    /** Connects the server to the streams client whose stores it answers from. */
    public void attach(KafkaStreams streams) {
        this.streams = streams;
        this.reader = new StateReader(streams);
    }

    private void routes(PrometheusMeterRegistry metrics) {
        javalin.get("/health", ctx -> ctx.json(Map.of("status", "UP")));
        javalin.get("/ready", this::ready);
        javalin.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        javalin.get("/api/v1/models", ctx -> ctx.json(Map.of("models", reader().models().stream().map(QueryServer::modelView).toList())));
        javalin.get("/api/v1/models/{model}/drift", this::drift);

        javalin.exception(ApiException.class, (e, ctx) -> {
            if (e.retryAfterSeconds() != null) {
                ctx.header("Retry-After", e.retryAfterSeconds().toString());
            }
            ctx.status(e.status()).json(error(e.error(), e.getMessage()));
        });
        javalin.exception(Exception.class, (e, ctx) -> {
            log.error("HTTP {} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(error("internal_error", "the request failed; see the monitor's log"));
        });
        javalin.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                ctx.json(error("not_found", "no route " + ctx.method() + " " + ctx.path()));
            }
        });
    }

    private StateReader reader() {
        StateReader r = reader;
        if (r == null) {
            throw ApiException.unavailable("the monitor is starting");
        }
        return r;
    }

    private void ready(Context ctx) {
        KafkaStreams s = streams;
        boolean ready = s != null && s.state() == KafkaStreams.State.RUNNING && reader.storesQueryable();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "READY" : "NOT_READY");
        body.put("streams_state", s == null ? "STARTING" : s.state().name());
        if (!ready) {
            ctx.header("Retry-After", "2");
        }
        ctx.status(ready ? 200 : 503).json(body);
    }

    private void drift(Context ctx) {
        String model = ctx.pathParam("model");
        String signal = ctx.queryParam("signal");
        String segment = ctx.queryParam("segment");
        long from = longParam(ctx, "from", Long.MIN_VALUE);
        long to = longParam(ctx, "to", Long.MAX_VALUE);
        int limit = (int) longParam(ctx, "limit", DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        if (from >= to) {
            throw ApiException.badRequest("from must be before to");
        }
        StateReader r = reader();
        if (r.model(model) == null) {
            throw ApiException.notFound("unknown model '" + model + "'");
        }
        List<WindowReport> windows = r.windows(model, from, to);
        if (windows.size() > limit) {
            windows = windows.subList(windows.size() - limit, windows.size());
        }
        List<Map<String, Object>> series = new ArrayList<>();
        for (WindowReport w : windows) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("window_start", w.windowStart);
            point.put("window_end", w.windowEnd);
            point.put("count", w.count);
            point.put("status", w.status);
            point.put("baseline_version", w.baselineVersion);
            point.put("model_version", w.modelVersion);
            List<Map<String, Object>> signals = new ArrayList<>();
            for (Map<String, Object> e : w.signals) {
                if (signal != null && !signal.equals(e.get("signal"))) {
                    continue;
                }
                Object eventSegment = e.get("segment");
                boolean segmentMatches = "*".equals(segment)
                    || (segment == null || segment.isEmpty() ? eventSegment == null : segment.equals(eventSegment));
                if (!segmentMatches) {
                    continue;
                }
                Map<String, Object> s = new LinkedHashMap<>();
                for (String k : List.of("signal", "segment", "metric", "value", "threshold", "p_value", "status",
                    "window_count", "baseline_count")) {
                    s.put(k, e.get(k));
                }
                signals.add(s);
            }
            point.put("signals", signals);
            series.add(point);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_id", model);
        body.put("series", series);
        ctx.json(body);
    }

    static Map<String, Object> modelView(ModelState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model_id", s.modelId);
        m.put("model_version", s.modelVersion);
        m.put("records_counted", s.recordsCounted);
        m.put("windows_closed", s.windowsClosed);
        m.put("open_windows", s.openWindows.size());
        m.put("late_records", s.lateRecords);
        m.put("baseline_version", s.baselines.isEmpty() ? null
            : s.baselines.get(s.baselines.size() - 1).path("version").asLong());
        m.put("retrain_triggers", s.policy.triggers);
        if (s.lastWindow != null) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("window_start", s.lastWindow.windowStart);
            w.put("window_end", s.lastWindow.windowEnd);
            w.put("count", s.lastWindow.count);
            w.put("status", s.lastWindow.status);
            w.put("drifting", s.lastWindow.drifting);
            w.put("max_psi", s.lastWindow.maxPsi);
            w.put("max_psi_signal", s.lastWindow.maxPsiSignal);
            m.put("last_window", w);
            m.put("status", s.lastWindow.status);
        } else {
            m.put("status", "no_window_closed_yet");
        }
        return m;
    }

    private static long longParam(Context ctx, String name, long fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer (epoch milliseconds for times), got '" + v + "'");
        }
    }

    private static Map<String, Object> error(String error, String detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("detail", detail);
        return m;
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
