package io.driftmonitor.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.driftmonitor.topology.ModelState;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /health}, {@code /ready} and {@code /metrics}. */
final class ProbesResource {
    private static final Logger log = LoggerFactory.getLogger(ProbesResource.class);

    private final ApiContext api;
    private final PrometheusMeterRegistry registry;
    private final MonitorMetrics metrics;

    ProbesResource(ApiContext api, PrometheusMeterRegistry registry, MonitorMetrics metrics) {
        this.api = api;
        this.registry = registry;
        this.metrics = metrics;
    }

    /** Liveness: 503 when the streams client failed, is stopping or lost stream threads (see {@link StreamsHealth}). */
    void health(Context ctx) {
        ApiContext.Attached a = api.attachedOrNull();
        Map<String, Object> body = new LinkedHashMap<>();
        if (a == null) {
            body.put("status", "UP");
            body.put("streams_state", "STARTING");
            ctx.json(body);
            return;
        }
        StreamsHealth.Assessment h = a.health().assess();
        body.put("status", h.live() ? "UP" : "DOWN");
        body.put("streams_state", h.state().name());
        if (h.aliveThreads() >= 0) {
            Map<String, Object> threads = new LinkedHashMap<>();
            threads.put("alive", h.aliveThreads());
            threads.put("configured", h.configuredThreads());
            body.put("stream_threads", threads);
        }
        if (!h.live()) {
            body.put("detail", h.detail());
        }
        ctx.status(h.live() ? 200 : 503).json(body);
    }

    /**
     * Readiness: 200 once the streams client has been RUNNING and while it is live, through
     * rebalances; with {@code caught_up=true} only while RUNNING with every local store queryable.
     */
    void ready(Context ctx) {
        boolean strict = Params.bool(ctx, "caught_up");
        ApiContext.Attached a = api.attachedOrNull();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", null); // first key; set below
        boolean ready;
        String detail;
        if (a == null) {
            ready = false;
            detail = "the monitor is starting";
            body.put("streams_state", "STARTING");
        } else {
            StreamsHealth.Assessment h = a.health().assess();
            ready = h.ready();
            detail = h.detail();
            body.put("streams_state", h.state().name());
            if (strict) {
                boolean caughtUp = ready && h.state() == KafkaStreams.State.RUNNING
                    && a.reader().storesQueryable(a.router().localPartitions(false));
                body.put("caught_up", caughtUp);
                if (ready && !caughtUp) {
                    detail = "a local state store is restoring or migrating";
                }
                ready = caughtUp;
            }
        }
        body.put("status", ready ? "READY" : "NOT_READY");
        if (!ready) {
            body.put("detail", detail);
            ctx.header("Retry-After", "2");
        }
        ctx.status(ready ? 200 : 503).json(body);
    }

    void metrics(Context ctx) {
        metrics.refreshEventCounts();
        ApiContext.Attached a = api.attachedOrNull();
        if (a != null && a.streams().state() == KafkaStreams.State.RUNNING) {
            try {
                List<ModelState> local = ApiContext.localModels(a, false);
                metrics.refresh(local, m -> a.reader().window(m.modelId, m.lastWindow.windowStart,
                    new StateReader.Scope(a.router().ownerOf(m.modelId).partition(), false)));
            } catch (ApiException e) {
                log.debug("Model metrics not refreshed: {}", e.getMessage());
            }
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }
}
