package io.driftmonitor.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.driftmonitor.topology.ModelState;
import io.driftmonitor.topology.WindowReport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The monitor's own metrics, next to Kafka Streams' client metrics: per model (of the models whose
 * state this instance owns, so that a sum over instances counts each model once) records counted,
 * late records, windows closed and the latest window's status; per model and whole-model signal the
 * latest drift status and metric value; dead letters written; HTTP latency per route.
 *
 * <p>Label cardinality is bounded: models by {@code aggregation.max_models}, signals by
 * {@link #MAX_SIGNALS_PER_MODEL} per model (the worst first) and segments never appear as labels.
 */
final class MonitorMetrics {
    static final int MAX_SIGNALS_PER_MODEL = 50;

    private final MeterRegistry registry;
    private final MultiGauge records;
    private final MultiGauge late;
    private final MultiGauge windowsClosed;
    private final MultiGauge modelStatus;
    private final MultiGauge signalStatus;
    private final MultiGauge signalValue;
    private final MultiGauge retrainTriggers;

    MonitorMetrics(MeterRegistry registry) {
        this.registry = registry;
        records = MultiGauge.builder("drift.monitor.model.records")
            .description("Records counted into closed and open windows of the model").register(registry);
        late = MultiGauge.builder("drift.monitor.model.late.records")
            .description("Records of the model that arrived after their window had closed").register(registry);
        windowsClosed = MultiGauge.builder("drift.monitor.model.windows.closed")
            .description("Windows of the model closed so far").register(registry);
        modelStatus = MultiGauge.builder("drift.monitor.model.status")
            .description("Status of the model's latest closed window: -1 insufficient data or none, 0 ok, 1 warn, 2 drift")
            .register(registry);
        signalStatus = MultiGauge.builder("drift.monitor.signal.status")
            .description("Drift status of a whole-model signal in the latest closed window: -1 insufficient data, 0 ok, 1 warn, 2 drift")
            .register(registry);
        signalValue = MultiGauge.builder("drift.monitor.signal.value")
            .description("Drift metric value (e.g. PSI) of a whole-model signal in the latest closed window")
            .register(registry);
        retrainTriggers = MultiGauge.builder("drift.monitor.model.retrain.triggers")
            .description("Retrain events emitted for the model so far (policy and manual)").register(registry);
    }

    /** Dead letters written by this instance, from Kafka Streams' per-topic producer metrics. */
    void bindDeadLetters(KafkaStreams streams, String dlqTopic) {
        FunctionCounter.builder("drift.monitor.dlq.records", streams, s -> producedTo(s, dlqTopic))
            .description("Records this instance wrote to the dead-letter topic").register(registry);
    }

    private static double producedTo(KafkaStreams streams, String topic) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName n = e.getKey();
            if (n.name().equals("records-produced-total") && n.group().equals("stream-topic-metrics")
                    && topic.equals(n.tags().get("topic")) && e.getValue().metricValue() instanceof Number v) {
                sum += v.doubleValue();
            }
        }
        return sum;
    }

    Timer httpTimer(String method, String route, int status) {
        return Timer.builder("drift.monitor.http.requests")
            .description("HTTP requests served, by route template")
            .tags("method", method, "route", route, "status", Integer.toString(status))
            .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
                Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5))
            .register(registry);
    }

    /** Replaces the per-model rows with the state of the models this instance owns now. */
    void refresh(List<ModelState> models, Function<ModelState, WindowReport> latestWindow) {
        List<MultiGauge.Row<?>> rec = new ArrayList<>();
        List<MultiGauge.Row<?>> lat = new ArrayList<>();
        List<MultiGauge.Row<?>> closed = new ArrayList<>();
        List<MultiGauge.Row<?>> status = new ArrayList<>();
        List<MultiGauge.Row<?>> sigStatus = new ArrayList<>();
        List<MultiGauge.Row<?>> sigValue = new ArrayList<>();
        List<MultiGauge.Row<?>> triggers = new ArrayList<>();
        for (ModelState m : models) {
            Tags tags = Tags.of("model", m.modelId);
            triggers.add(MultiGauge.Row.of(tags, m.policy.triggers));
            rec.add(MultiGauge.Row.of(tags, m.recordsCounted));
            lat.add(MultiGauge.Row.of(tags, m.lateRecords));
            closed.add(MultiGauge.Row.of(tags, m.windowsClosed));
            status.add(MultiGauge.Row.of(tags, m.lastWindow == null ? -1 : statusCode(m.lastWindow.status)));
            WindowReport w = m.lastWindow == null ? null : latestWindow.apply(m);
            if (w == null) {
                continue;
            }
            List<Map<String, Object>> signals = new ArrayList<>();
            for (Map<String, Object> e : w.signals) {
                if (e.get("segment") == null) {
                    signals.add(e);
                }
            }
            signals.sort(Comparator.<Map<String, Object>>comparingInt(e -> -statusCode((String) e.get("status")))
                .thenComparing(e -> (String) e.get("signal")));
            for (Map<String, Object> e : signals.subList(0, Math.min(MAX_SIGNALS_PER_MODEL, signals.size()))) {
                Tags st = tags.and("signal", (String) e.get("signal"));
                sigStatus.add(MultiGauge.Row.of(st, statusCode((String) e.get("status"))));
                if (e.get("value") instanceof Number v) {
                    sigValue.add(MultiGauge.Row.of(st, v.doubleValue()));
                }
            }
        }
        records.register(rec, true);
        late.register(lat, true);
        windowsClosed.register(closed, true);
        modelStatus.register(status, true);
        signalStatus.register(sigStatus, true);
        signalValue.register(sigValue, true);
        retrainTriggers.register(triggers, true);
    }

    static int statusCode(String status) {
        if (status == null) {
            return -1;
        }
        return switch (status) {
            case "drift" -> 2;
            case "warn" -> 1;
            case "ok", "baseline" -> 0;
            default -> -1;
        };
    }
}
