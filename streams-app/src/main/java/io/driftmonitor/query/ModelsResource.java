package io.driftmonitor.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.topology.ModelState;
import io.driftmonitor.topology.WindowReport;
import io.javalin.http.Context;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Models and their drift: the model list (gathered from every instance), a model's per-window drift
 * series and one window's histogram against its baseline.
 */
final class ModelsResource {
    private static final TypeReference<Map<String, Object>> PLAIN = new TypeReference<>() { };

    private final ApiContext api;

    ModelsResource(ApiContext api) {
        this.api = api;
    }

    /** {@code GET /api/v1/models}: this instance's models plus every other instance's, merged and sorted by id. */
    void list(Context ctx) throws Exception {
        ApiContext.Attached a = api.attached();
        boolean allowStale = Params.bool(ctx, "allow_stale");
        if ("local".equals(ctx.header(InstanceRouter.SCOPE_HEADER))) {
            ctx.json(Map.of("models", ApiContext.localModels(a, allowStale).stream().map(ModelsResource::modelView).toList()));
            return;
        }
        if (a.streams().state() != KafkaStreams.State.RUNNING && !allowStale) {
            throw ApiException.unavailable("the monitor is " + a.streams().state() + "; the model list is not complete now");
        }
        Map<String, Map<String, Object>> byModel = new TreeMap<>();
        List<String> unreachable = new ArrayList<>();
        Map<HostInfo, CompletableFuture<InstanceRouter.Reply>> calls = new LinkedHashMap<>();
        HostInfo self = a.router().self();
        for (HostInfo host : a.router().stateHosts()) {
            if (!host.equals(self)) {
                Map<String, String> headers = new HashMap<>();
                headers.put(InstanceRouter.SCOPE_HEADER, "local");
                calls.put(host, a.router().send(host, "GET", "/api/v1/models" + (allowStale ? "?allow_stale=true" : ""),
                    headers, null));
            }
        }
        for (ModelState s : ApiContext.localModels(a, allowStale)) {
            merge(byModel, modelView(s));
        }
        for (Map.Entry<HostInfo, CompletableFuture<InstanceRouter.Reply>> call : calls.entrySet()) {
            HostInfo host = call.getKey();
            try {
                InstanceRouter.Reply reply = call.getValue().get(api.config.http.forwardTimeout.toMillis(), TimeUnit.MILLISECONDS);
                if (reply.status() != 200) {
                    throw new ApiException(reply.status(), "peer_failed", "instance " + host + " answered " + reply.status(),
                        2);
                }
                for (JsonNode m : JsonRecordCodec.mapper().readTree(reply.body()).path("models")) {
                    merge(byModel, JsonRecordCodec.mapper().convertValue(m, PLAIN));
                }
            } catch (ExecutionException | TimeoutException | ApiException e) {
                if (!allowStale) {
                    throw e instanceof ExecutionException ee ? InstanceRouter.asApiException(host, ee.getCause())
                        : e instanceof TimeoutException ? ApiException.ownerTimeout("instance " + host + " did not answer in time")
                        : ApiException.unavailable("instance " + host + " could not list its models: " + e.getMessage());
                }
                unreachable.add(host.host() + ":" + host.port());
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("models", new ArrayList<>(byModel.values()));
        if (!unreachable.isEmpty()) {
            body.put("stale", true);
            body.put("unreachable", unreachable);
        }
        ctx.json(body);
    }

    /** While a model moves, two instances may both list it: keep the one that has seen more. */
    private static void merge(Map<String, Map<String, Object>> byModel, Map<String, Object> view) {
        String id = (String) view.get("model_id");
        byModel.merge(id, view, (a, b) -> ((Number) a.get("windows_closed")).longValue()
            >= ((Number) b.get("windows_closed")).longValue() ? a : b);
    }

    static Map<String, Object> modelView(ModelState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model_id", s.modelId);
        m.put("model_version", s.modelVersion);
        m.put("status", s.lastWindow != null ? s.lastWindow.status : "no_window_closed_yet");
        m.put("records_counted", s.recordsCounted);
        m.put("windows_closed", s.windowsClosed);
        m.put("open_windows", s.openWindows.size());
        m.put("late_records", s.lateRecords);
        m.put("baseline_version", s.newestBaselineVersion());
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
        }
        return m;
    }

    /** {@code GET …/drift}: the per-window metric series of a model, filtered by signal and segment. */
    Object drift(Context ctx, String model, StateReader.Scope scope) {
        String signal = ctx.queryParam("signal");
        String segment = ctx.queryParam("segment");
        long from = Params.longQuery(ctx, "from", Long.MIN_VALUE);
        long to = Params.longQuery(ctx, "to", Long.MAX_VALUE);
        int limit = Params.limit(ctx);
        if (from >= to) {
            throw ApiException.badRequest("from must be before to");
        }
        ApiContext.Attached a = api.attached();
        ApiContext.requireModel(a, model, scope);
        List<WindowReport> windows = a.reader().windows(model, from, to, scope);
        boolean hasMore = windows.size() > limit;
        if (hasMore) {
            windows = windows.subList(windows.size() - limit, windows.size());
        }
        boolean signalSeen = false;
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
                signalSeen = true;
                if (!Params.segmentMatches(segment, (String) e.get("segment"))) {
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
        if (signal != null && !signalSeen && windows.stream().anyMatch(w -> !w.signals.isEmpty())) {
            throw ApiException.notFound("model '" + model + "' has no signal '" + signal + "' in the selected windows");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_id", model);
        body.put("series", series);
        body.put("has_more", hasMore);
        return body;
    }

    /** {@code GET …/windows/{window_start}/signals/{signal}}: the window's bins next to its baseline's. */
    Object histogram(Context ctx, String model, StateReader.Scope scope) {
        long windowStart = Params.longPath(ctx, "window_start");
        String signal = ctx.pathParam("signal");
        String segment = ctx.queryParam("segment");
        if ("*".equals(segment)) {
            throw ApiException.badRequest("segment names one segment (key=value) or is absent for the whole model");
        }
        ApiContext.Attached a = api.attached();
        ApiContext.requireModel(a, model, scope);
        WindowReport w = a.reader().window(model, windowStart, scope);
        if (w == null) {
            throw ApiException.notFound("model '" + model + "' has no closed window starting at " + windowStart);
        }
        if ("baseline".equals(w.status)) {
            throw ApiException.notFound("window " + windowStart + " of model '" + model + "' became baseline version "
                + w.baselineVersion + "; it was not compared with a baseline");
        }
        Map<String, Object> e = w.signals.stream()
            .filter(s -> signal.equals(s.get("signal")) && Params.segmentMatches(segment, (String) s.get("segment")))
            .findFirst()
            .orElseThrow(() -> ApiException.notFound("window " + windowStart + " of model '" + model + "' has no signal '"
                + signal + "'" + (segment == null || segment.isEmpty() ? "" : " in segment '" + segment + "'")));
        return Histograms.view(w, e);
    }
}
