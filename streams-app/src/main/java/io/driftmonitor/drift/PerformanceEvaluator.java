package io.driftmonitor.drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.performance.ConfusionMatrix;
import io.driftmonitor.performance.LabelFreeEstimate;
import io.driftmonitor.policy.RetrainPolicy;
import io.driftmonitor.schema.DriftEvent;
import io.driftmonitor.schema.DriftStatus;
import io.driftmonitor.state.PerformancePartial;

/**
 * Turns the labelled outcomes of a window into performance events: one per metric, with signal
 * {@code performance:<metric>}, re-emitted with a higher revision as more labels arrive.
 */
public final class PerformanceEvaluator {
    public static final String SIGNAL_PREFIX = RetrainPolicy.PERFORMANCE_PREFIX;
    /** Signals of the label-free estimate: never to be mistaken for measured performance. */
    public static final String ESTIMATE_PREFIX = RetrainPolicy.ESTIMATE_PREFIX;
    /** Metrics the label-free estimate reports. */
    static final List<String> ESTIMATED_METRICS = List.of("accuracy", "roc_auc", "precision", "recall", "f1");
    /** Metrics where lower is worse. */
    static final Set<String> HIGHER_IS_BETTER = io.driftmonitor.performance.PerformanceMetricNames.HIGHER_IS_BETTER;
    /** Metrics where higher is worse. */
    static final Set<String> LOWER_IS_BETTER = io.driftmonitor.performance.PerformanceMetricNames.LOWER_IS_BETTER;
    public static final Set<String> METRICS = io.driftmonitor.performance.PerformanceMetricNames.ALL;

    private PerformanceEvaluator() {
    }

    /** The metric values of the counts (NaN-free; metrics that do not apply are absent). */
    public static Map<String, Double> metrics(PerformancePartial p, String positiveLabel) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (!p.confusion().isEmpty()) {
            ConfusionMatrix cm = confusionMatrix(p.confusion());
            put(m, "accuracy", cm.accuracy());
            String positive = positiveLabel != null && cm.labels().contains(positiveLabel) ? positiveLabel : null;
            if (positive == null && cm.labels().size() == 2 && p.scores() != null) {
                positive = null; // without a named positive class, report macro averages
            }
            if (positive != null) {
                put(m, "precision", cm.precision(positive));
                put(m, "recall", cm.recall(positive));
                put(m, "f1", cm.f1(positive));
            } else {
                put(m, "precision", cm.macroPrecision());
                put(m, "recall", cm.macroRecall());
                put(m, "f1", cm.macroF1());
            }
        }
        if (p.scores() != null && p.scores().positiveCount() > 0 && p.scores().negativeCount() > 0) {
            put(m, "roc_auc", p.scores().rocAuc());
            put(m, "roc_auc_error_bound", p.scores().aucErrorBound());
        }
        if (p.probabilistic() != null && p.probabilistic().count() > 0) {
            put(m, "log_loss", p.probabilistic().logLoss());
            put(m, "ece", p.probabilistic().expectedCalibrationError());
        }
        if (p.regression() != null && p.regression().count() > 0) {
            put(m, "mae", p.regression().mae());
            put(m, "rmse", p.regression().rmse());
            put(m, "mape", p.regression().mape());
        }
        return m;
    }

    static ConfusionMatrix confusionMatrix(Map<String, TreeMap<String, Long>> confusion) {
        TreeSet<String> labels = new TreeSet<>(confusion.keySet());
        confusion.values().forEach(row -> labels.addAll(row.keySet()));
        ConfusionMatrix cm = new ConfusionMatrix(new ArrayList<>(labels));
        confusion.forEach((actual, row) -> row.forEach((predicted, n) -> {
            for (long i = 0; i < n; i++) {
                cm.add(actual, predicted);
            }
        }));
        return cm;
    }

    private static void put(Map<String, Double> m, String key, double value) {
        if (Double.isFinite(value)) {
            m.put(key, value);
        }
    }

    /**
     * The performance events of a window (or segment) partial.
     *
     * @param windowRecords predictions in the window (for label coverage); 0 when unknown
     */
    public static List<DriftEvent> evaluate(PerformancePartial p, long windowRecords, String modelVersion, Long baselineVersion,
                                            ModelPolicy policy) {
        return evaluate(p, windowRecords, modelVersion, baselineVersion, policy, Map.of(), Map.of());
    }

    /**
     * @param estimates what the label-free estimate said about this window before its labels came
     *                  (metric to value); each measured metric with an estimate carries {@code estimated}
     *                  and {@code estimate_error} (measured minus estimated)
     * @param extra     further values for every event's metrics map (e.g. the comparison with the
     *                  whole model for a segment)
     */
    public static List<DriftEvent> evaluate(PerformancePartial p, long windowRecords, String modelVersion, Long baselineVersion,
                                            ModelPolicy policy, Map<String, Double> estimates, Map<String, Double> extra) {
        Map<String, Double> values = metrics(p, policy.positiveLabel);
        Map<String, Double> shared = new LinkedHashMap<>();
        shared.put("labeled", (double) p.labeled());
        if (windowRecords > 0) {
            shared.put("label_coverage", Math.min(1.0, (double) p.labeled() / windowRecords));
        }
        if (p.delays().count() > 0) {
            shared.put("label_delay_p50_ms", (double) p.delays().percentile(50));
            shared.put("label_delay_p99_ms", (double) p.delays().percentile(99));
            shared.put("label_delay_max_ms", (double) p.delays().max());
        }
        values.forEach((k, v) -> shared.put(k, v));
        shared.putAll(extra);
        String segment = p.segment().isEmpty() ? null : p.segment();
        List<DriftEvent> events = new ArrayList<>();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            String metric = e.getKey();
            if (!METRICS.contains(metric)) {
                continue;
            }
            Double threshold = policy.performanceThresholds.get(metric);
            DriftStatus status = status(metric, e.getValue(), threshold, p.labeled() >= policy.minLabels);
            String signal = SIGNAL_PREFIX + metric;
            Map<String, Double> eventMetrics = new LinkedHashMap<>(shared);
            Double estimated = estimates.get(metric);
            if (estimated != null) {
                eventMetrics.put("estimated", estimated);
                eventMetrics.put("estimate_error", e.getValue() - estimated);
            }
            events.add(DriftEvent.newBuilder()
                .setEventId(WindowEvaluator.eventId(p.modelId(), p.windowStart(), signal, segment, p.revision()))
                .setModelId(p.modelId())
                .setModelVersion(modelVersion)
                .setWindowStart(p.windowStart())
                .setWindowEnd(p.windowEnd())
                .setSignal(signal)
                .setSegment(segment)
                .setMetric(signal)
                .setValue(e.getValue())
                .setThreshold(threshold)
                .setStatus(status)
                .setWindowCount(p.labeled())
                .setBaselineCount(0)
                .setBaselineVersion(baselineVersion)
                .setMetrics(eventMetrics)
                .setRevision(p.revision())
                .build());
        }
        return events;
    }

    private static DriftStatus status(String metric, double value, Double threshold, boolean enoughData) {
        if (!enoughData) {
            return DriftStatus.insufficient_data;
        }
        if (threshold == null) {
            return DriftStatus.ok;
        }
        return (HIGHER_IS_BETTER.contains(metric) ? value < threshold : value > threshold) ? DriftStatus.drift : DriftStatus.ok;
    }

    /**
     * The label-free estimate of a closed window as events {@code performance_estimate:<metric>},
     * judged against the same {@code performance_thresholds} as measured performance.
     */
    public static List<DriftEvent> estimateEvents(String modelId, String modelVersion, long windowStart, long windowEnd,
                                                  Long baselineVersion, LabelFreeEstimate.Result r, ModelPolicy policy) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("accuracy", r.accuracy());
        values.put("roc_auc", r.rocAuc());
        values.put("precision", r.precision());
        values.put("recall", r.recall());
        values.put("f1", r.f1());
        Map<String, Double> shared = new LinkedHashMap<>();
        shared.put("accuracy_standard_error", r.accuracyStandardError());
        shared.put("calibration_labels", (double) r.calibrationLabels());
        List<DriftEvent> events = new ArrayList<>();
        for (String metric : ESTIMATED_METRICS) {
            double value = values.get(metric);
            if (!Double.isFinite(value)) {
                continue;
            }
            String signal = ESTIMATE_PREFIX + metric;
            Double threshold = policy.performanceThresholds.get(metric);
            events.add(DriftEvent.newBuilder()
                .setEventId(WindowEvaluator.eventId(modelId, windowStart, signal, null, 0))
                .setModelId(modelId)
                .setModelVersion(modelVersion)
                .setWindowStart(windowStart)
                .setWindowEnd(windowEnd)
                .setSignal(signal)
                .setSegment(null)
                .setMetric(signal)
                .setValue(value)
                .setThreshold(threshold)
                .setStatus(status(metric, value, threshold, true))
                .setWindowCount(r.records())
                .setBaselineCount(r.calibrationLabels())
                .setBaselineVersion(baselineVersion)
                .setMetrics(new LinkedHashMap<>(shared))
                .build());
        }
        return events;
    }
}
