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

    void health(Context ctx) {
        ctx.json(Map.of("status", "UP"));
    }

    void ready(Context ctx) {
        ApiContext.Attached a = api.attachedOrNull();
        KafkaStreams.State state = a == null ? null : a.streams().state();
        boolean ready = state == KafkaStreams.State.RUNNING && a.reader().storesQueryable(a.router().localPartitions(false));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "READY" : "NOT_READY");
        body.put("streams_state", state == null ? "STARTING" : state.name());
        if (!ready) {
            ctx.header("Retry-After", "2");
        }
        ctx.status(ready ? 200 : 503).json(body);
    }

    void metrics(Context ctx) {
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
