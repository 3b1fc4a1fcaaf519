package io.driftmonitor.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import io.driftmonitor.topology.EventCounts;
import io.driftmonitor.topology.ModelState;
import io.driftmonitor.topology.WindowReport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * The monitor's own metrics, next to Kafka Streams' client metrics and the JVM's ({@link JvmProcessMetrics}).
 *
 * <p>Counters ({@code _total}), cumulative per model, read from the model's state at each scrape (of
 * the models this instance owns now, so that a sum over instances counts each model once; a model
 * that moves to another instance continues there from its stored total): records counted, late
 * records, windows closed, retrain events, labels by outcome (matched, unmatched, expired). Counters
 * of this process since it started: dead letters by source topic and reason, promotion decisions by
 * model and decision ({@link EventCounts}).
 *
 * <p>Gauges: the latest window's status per model, its end time ({@code
 * drift_monitor_last_window_close_timestamp_seconds}, for freshness alerts), and per whole-model
 * signal its status and metric value, labelled with the metric (psi, ks, js, ...).
 *
 * <p>Label cardinality is bounded: {@code model} by {@code aggregation.max_models}, {@code signal} by
 * {@link #MAX_SIGNALS_PER_MODEL} per model (the worst first), {@code metric} one per signal,
 * {@code outcome} and {@code decision} three values each, {@code reason} at most 32 per instance and
 * {@code topic} the input topics; segments never appear as labels.
 */
final class MonitorMetrics {
    static final int MAX_SIGNALS_PER_MODEL = 50;

    private final MeterRegistry registry;
    private final MultiGauge modelStatus;
    private final MultiGauge lastWindowClose;
    private final MultiGauge signalStatus;
    private final MultiGauge signalValue;
    /** Per model: the totals of its state as last read, and the counters reading them. */
    private final Map<String, ModelTotals> models = new HashMap<>();
    private final Set<EventCounts.Key> eventCounters = new HashSet<>();
    private volatile String client;
    private volatile KafkaStreams streamsClient;
    private volatile List<String> inputTopics = List.of();

    /** The cumulative counts of one model's state, as of the last scrape. */
    static final class ModelTotals {
        volatile double records;
        volatile double late;
        volatile double windowsClosed;
        volatile double retrains;
        volatile double labelsMatched;
        volatile double labelsUnmatched;
        volatile double labelsExpired;
        final List<Meter> meters = new ArrayList<>();

        void update(ModelState m) {
            records = m.recordsCounted;
            late = m.lateRecords;
            windowsClosed = m.windowsClosed;
            retrains = m.policy.triggers;
            labelsMatched = m.labelsCounted;
            labelsUnmatched = m.unmatchedLabels;
            labelsExpired = m.expiredLabels;
        }
    }

    MonitorMetrics(MeterRegistry registry) {
        this.registry = registry;
        modelStatus = MultiGauge.builder("drift.monitor.model.status")
            .description("Status of the model's latest closed window: -1 insufficient data or none, 0 ok, 1 warn, 2 drift")
            .register(registry);
        lastWindowClose = MultiGauge.builder("drift.monitor.last.window.close.timestamp.seconds")
            .description("End (event time, seconds since the epoch) of the model's latest closed window")
            .register(registry);
        signalStatus = MultiGauge.builder("drift.monitor.signal.status")
            .description("Drift status of a whole-model signal in the latest closed window: -1 insufficient data, 0 ok, 1 warn, 2 drift")
            .register(registry);
        signalValue = MultiGauge.builder("drift.monitor.signal.value")
            .description("Value of the drift metric (label metric: psi, ks, js, ...) of a whole-model signal in the latest closed window")
            .register(registry);
    }

    /**
     * Dead letters written by this instance, by source topic and reason. The series of the input
     * topics' most common reason ({@code invalid_record}) exist from the start, at zero.
     */
    void bindDeadLetters(KafkaStreams streams, List<String> inputTopics) {
        this.streamsClient = streams;
        this.inputTopics = List.copyOf(inputTopics);
    }

    Timer httpTimer(String method, String route, int status) {
        return Timer.builder("drift.monitor.http.requests")
            .description("HTTP requests served, by route template")
            .tags("method", method, "route", route, "status", Integer.toString(status))
            .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
                Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5))
            .register(registry);
    }

    /** Registers the counters of this process's dead letters and promotions not registered yet. */
    synchronized void refreshEventCounts() {
        String c = client();
        if (c == null) {
            return;
        }
        for (String topic : inputTopics) {
            EventCounts.counter(new EventCounts.Key(c, EventCounts.DEAD_LETTER, topic, "invalid_record"));
        }
        for (String kind : List.of(EventCounts.DEAD_LETTER, EventCounts.PROMOTION)) {
            for (Map.Entry<EventCounts.Key, LongAdder> e : EventCounts.of(c, kind).entrySet()) {
                EventCounts.Key k = e.getKey();
                if (!eventCounters.add(k)) {
                    continue;
                }
                if (kind.equals(EventCounts.DEAD_LETTER)) {
                    FunctionCounter.builder("drift.monitor.dlq.records", e.getValue(), LongAdder::doubleValue)
                        .description("Records this instance sent to the dead-letter topic, by source topic and reason")
                        .tags("topic", k.first(), "reason", k.second()).register(registry);
                } else {
                    FunctionCounter.builder("drift.monitor.model.promotions", e.getValue(), LongAdder::doubleValue)
                        .description("Promotion events this instance emitted, by model and decision (promote, keep, rollback)")
                        .tags("model", k.first(), "decision", k.second()).register(registry);
                }
            }
        }
    }

    /** The streams client's id, from its stream threads' names (null before they exist). */
    private String client() {
        if (client != null) {
            return client;
        }
        KafkaStreams s = streamsClient;
        if (s == null) {
            return null;
        }
        try {
            for (ThreadMetadata t : s.metadataForLocalThreads()) {
                client = EventCounts.clientOf(t.threadName());
                return client;
            }
        } catch (RuntimeException e) {
            // not running yet
        }
        return null;
    }

    /** Replaces the per-model rows with the state of the models this instance owns now. */
    synchronized void refresh(List<ModelState> owned, Function<ModelState, WindowReport> latestWindow) {
        List<MultiGauge.Row<?>> status = new ArrayList<>();
        List<MultiGauge.Row<?>> closedAt = new ArrayList<>();
        List<MultiGauge.Row<?>> sigStatus = new ArrayList<>();
        List<MultiGauge.Row<?>> sigValue = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ModelState m : owned) {
            seen.add(m.modelId);
            models.computeIfAbsent(m.modelId, this::registerModel).update(m);
            Tags tags = Tags.of("model", m.modelId);
            status.add(MultiGauge.Row.of(tags, m.lastWindow == null ? -1 : statusCode(m.lastWindow.status)));
            if (m.lastWindow != null) {
                closedAt.add(MultiGauge.Row.of(tags, m.lastWindow.windowEnd / 1000.0));
            }
            WindowReport w = m.lastWindow == null ? null : latestWindow.apply(m);
            if (w == null) {
                continue;
            }
            List<Map<String, Object>> signals = new ArrayList<>();
            for (Map<String, Object> e : w.signals) {
                if (e.get("segment") == null && e.get("signal") instanceof String) {
                    signals.add(e);
                }
            }
            signals.sort(Comparator.<Map<String, Object>>comparingInt(e -> -statusCode((String) e.get("status")))
                .thenComparing(e -> (String) e.get("signal")));
            Set<String> signalNames = new HashSet<>();
            Set<String> valueRows = new HashSet<>();
            for (Map<String, Object> e : signals) {
                String signal = (String) e.get("signal");
                Tags st = tags.and("signal", signal);
                if (signalNames.add(signal)) {
                    if (signalNames.size() > MAX_SIGNALS_PER_MODEL) {
                        break;
                    }
                    // the worst of the signal's metrics comes first
                    sigStatus.add(MultiGauge.Row.of(st, statusCode((String) e.get("status"))));
                }
                String metric = e.get("metric") == null ? "unknown" : e.get("metric").toString();
                if (e.get("value") instanceof Number v && valueRows.add(signal + "\u0000" + metric)) {
                    sigValue.add(MultiGauge.Row.of(st.and("metric", metric), v.doubleValue()));
                }
            }
        }
        for (String gone : new ArrayList<>(models.keySet())) {
            if (!seen.contains(gone)) {
                models.remove(gone).meters.forEach(registry::remove);
            }
        }
        modelStatus.register(status, true);
        lastWindowClose.register(closedAt, true);
        signalStatus.register(sigStatus, true);
        signalValue.register(sigValue, true);
    }

    private ModelTotals registerModel(String model) {
        ModelTotals t = new ModelTotals();
        Tags tags = Tags.of("model", model);
        t.meters.add(FunctionCounter.builder("drift.monitor.model.records", t, x -> x.records).tags(tags)
            .description("Records counted into the model's windows").register(registry));
        t.meters.add(FunctionCounter.builder("drift.monitor.model.late.records", t, x -> x.late).tags(tags)
            .description("Records of the model that arrived after their window had closed").register(registry));
        t.meters.add(FunctionCounter.builder("drift.monitor.model.windows.closed", t, x -> x.windowsClosed).tags(tags)
            .description("Windows of the model closed").register(registry));
        t.meters.add(FunctionCounter.builder("drift.monitor.model.retrains", t, x -> x.retrains).tags(tags)
            .description("Retrain events emitted for the model (policy and manual)").register(registry));
        String labels = "Labels of the model by outcome: matched (counted in a window), unmatched (prediction never seen), "
            + "expired (after the label horizon)";
        t.meters.add(FunctionCounter.builder("drift.monitor.model.labels", t, x -> x.labelsMatched)
            .tags(tags.and("outcome", "matched")).description(labels).register(registry));
        t.meters.add(FunctionCounter.builder("drift.monitor.model.labels", t, x -> x.labelsUnmatched)
            .tags(tags.and("outcome", "unmatched")).description(labels).register(registry));
        t.meters.add(FunctionCounter.builder("drift.monitor.model.labels", t, x -> x.labelsExpired)
            .tags(tags.and("outcome", "expired")).description(labels).register(registry));
        return t;
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
