package io.driftmonitor.drift;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.schema.DriftEvent;
import io.driftmonitor.schema.DriftStatus;
import io.driftmonitor.schema.SignalBaseline;
import io.driftmonitor.state.SignalAccumulator;
import io.driftmonitor.state.WindowPartial;
import io.driftmonitor.stats.CategoricalHistogram;
import io.driftmonitor.stats.DecisionRule;
import io.driftmonitor.stats.DriftDecider;
import io.driftmonitor.stats.DriftDecision;
import io.driftmonitor.stats.DriftMetric;
import io.driftmonitor.stats.HistogramComparison;
import io.driftmonitor.stats.MultipleTesting;
import io.driftmonitor.stats.NumericHistogram;

/**
 * Compares every signal of a closed window (whole model and each segment) with the baseline and
 * decides its status. The counts in each event are the evidence: with the event's edges and the raw
 * data anyone can recompute them, and the value from them.
 */
public final class WindowEvaluator {
    /** Thread-safe; caches calibrated thresholds per sample sizes. */
    private static final DriftDecider DECIDER = new DriftDecider();

    private WindowEvaluator() {
    }

    public static List<DriftEvent> evaluate(List<WindowPartial> partials, BaselineView baseline, ModelPolicy policy) {
        List<DriftEvent> events = new ArrayList<>();
        for (WindowPartial p : partials) {
            for (Map.Entry<String, SignalAccumulator> e : p.signals().entrySet()) {
                events.add(evaluateSignal(p, e.getKey(), e.getValue(), baseline, policy));
            }
            events.addAll(EmbeddingDrift.evaluate(p, baseline, policy));
            events.addAll(MultivariateDrift.evaluate(p, baseline, policy));
        }
        controlFalseAlarms(events, policy);
        return events;
    }

    /**
     * A window tests every signal of every segment at once: hundreds of tests at 1 % would raise a few
     * drift alarms on noise alone. The p-values of the window's verdicts are adjusted together
     * (Benjamini-Hochberg by default), and a warn or drift whose adjusted p-value no longer passes its
     * level is downgraded. The adjusted p-value is in {@code metrics.p_value_adjusted}.
     */
    static void controlFalseAlarms(List<DriftEvent> events, ModelPolicy policy) {
        MultipleTesting.Correction correction = MultipleTesting.Correction.valueOf(
            policy.multipleTesting.toUpperCase(java.util.Locale.ROOT));
        if (correction == MultipleTesting.Correction.NONE) {
            return;
        }
        double[] p = new double[events.size()];
        for (int i = 0; i < p.length; i++) {
            DriftEvent e = events.get(i);
            p[i] = e.getPValue() == null || e.getStatus() == DriftStatus.insufficient_data ? Double.NaN : e.getPValue();
        }
        double[] adjusted = MultipleTesting.adjust(p, correction);
        for (int i = 0; i < p.length; i++) {
            if (Double.isNaN(adjusted[i])) {
                continue;
            }
            DriftEvent e = events.get(i);
            e.getMetrics().put("p_value_adjusted", adjusted[i]);
            if (e.getStatus() == DriftStatus.drift && adjusted[i] > policy.alpha) {
                e.setStatus(adjusted[i] <= policy.alphaWarn ? DriftStatus.warn : DriftStatus.ok);
            } else if (e.getStatus() == DriftStatus.warn && adjusted[i] > policy.alphaWarn) {
                e.setStatus(DriftStatus.ok);
            }
        }
    }

    static DriftEvent evaluateSignal(WindowPartial p, String signal, SignalAccumulator acc, BaselineView baseline,
                                     ModelPolicy policy) {
        String segment = p.segment().isEmpty() ? null : p.segment();
        SignalBaseline slice = baseline == null ? null : sliceMatching(baseline, segment, signal, acc);
        DriftEvent.Builder event = DriftEvent.newBuilder()
            .setEventId(eventId(p.modelId(), p.windowStart(), signal, segment, 0))
            .setModelId(p.modelId())
            .setModelVersion(p.modelVersion())
            .setWindowStart(p.windowStart())
            .setWindowEnd(p.windowEnd())
            .setSignal(signal)
            .setSegment(segment)
            .setMetric(policy.metric)
            .setThreshold(policy.psiDrift)
            .setWindowCount(p.count())
            .setBaselineVersion(baseline == null ? null : baseline.version())
            .setMetrics(new LinkedHashMap<>());
        if (slice == null) {
            // A signal the baseline does not know (new feature) has nothing to be compared with.
            return event.setStatus(DriftStatus.insufficient_data).setBaselineCount(0).build();
        }
        SignalAccumulator bound = acc;
        if (acc.mode() == SignalAccumulator.Mode.LEARNING) {
            bound = BaselineBuilder.accumulatorFor(slice);
            acc.replayInto(bound);
        }
        DecisionRule rule = ruleFor(policy);
        DriftDecision decision;
        HistogramComparison comparison;
        long[] windowCounts;
        if (bound.mode() == SignalAccumulator.Mode.NUMERIC) {
            NumericHistogram base = baselineNumeric(slice);
            NumericHistogram window = windowNumeric(bound.numeric(), p.count());
            comparison = HistogramComparison.numeric(base, window);
            decision = DECIDER.decide(rule, base, window);
            windowCounts = window.counts();
            event.setEdges(slice.getEdges());
        } else {
            CategoricalHistogram base = CategoricalHistogram.of(slice.getCategories(), longs(slice.getCounts()), slice.getMissing());
            long[] counts = bound.categorical().counts();
            CategoricalHistogram window = CategoricalHistogram.of(slice.getCategories(), counts,
                p.count() - Arrays.stream(counts).sum());
            comparison = HistogramComparison.categorical(base, window);
            decision = DECIDER.decide(rule, base, window);
            windowCounts = counts;
            event.setCategories(slice.getCategories());
        }
        long windowBinned = Arrays.stream(windowCounts).sum();
        event.setWindowCounts(BaselineBuilder.toList(windowCounts))
            .setBaselineCounts(slice.getCounts())
            .setBaselineCount(slice.getTotal())
            .setWindowMissing(p.count() - windowBinned)
            .setBaselineMissing(slice.getMissing())
            .setMetric(decision.metric().wireName())
            .setThreshold(decision.driftThreshold())
            .setWarnThreshold(decision.warnThreshold())
            .setPValue(finiteOrNull(decision.pValueOrNull()))
            .setStatus(DriftStatus.valueOf(decision.status().wireName()));
        event.setValue(Double.isFinite(decision.value()) ? decision.value() : null);
        putMetrics(event.getMetrics(), comparison);
        if (bound.approximate()) {
            // Part of the window's counts are estimates from a KLL sketch (a learning partial that outgrew its raw values).
            event.getMetrics().put("approximate_counts", 1.0);
        }
        return event.build();
    }

    /** Every metric of the comparison that applies, next to the one the decision used. */
    private static void putMetrics(Map<String, Double> metrics, HistogramComparison c) {
        for (DriftMetric m : DriftMetric.values()) {
            putFinite(metrics, m.wireName(), c.value(m));
            putFinite(metrics, m.wireName() + "_p_value", c.pValue(m));
        }
    }

    private static void putFinite(Map<String, Double> metrics, String key, double value) {
        if (Double.isFinite(value)) {
            metrics.put(key, value);
        }
    }

    private static Double finiteOrNull(Double value) {
        return value == null || !Double.isFinite(value) ? null : value;
    }

    /** The decision rule of a policy: its metric and thresholds, minimum sample size and significance levels. */
    static DecisionRule ruleFor(ModelPolicy policy) {
        DriftMetric metric = DriftMetric.fromWireName(policy.metric);
        DecisionRule rule;
        if (metric == DriftMetric.PSI) {
            rule = DecisionRule.staticThresholds(metric, policy.psiWarn, policy.psiDrift);
        } else if (policy.warnThreshold != null && policy.driftThreshold != null) {
            rule = DecisionRule.staticThresholds(metric, policy.warnThreshold, policy.driftThreshold);
        } else {
            rule = DecisionRule.defaults(metric);
        }
        return rule.withMinSampleSize(policy.minSamples).withAlphas(policy.alphaWarn, policy.alpha);
    }

    private static NumericHistogram baselineNumeric(SignalBaseline slice) {
        double[] edges = slice.getEdges().stream().mapToDouble(Double::doubleValue).toArray();
        long[] counts = longs(slice.getCounts());
        long binned = Arrays.stream(counts).sum();
        double sum = 0;
        double sumOfSquares = 0;
        if (slice.getMean() != null && binned > 0) {
            double mean = slice.getMean();
            double std = slice.getStd() == null ? 0 : slice.getStd();
            sum = mean * binned;
            sumOfSquares = std * std * Math.max(0, binned - 1) + binned * mean * mean;
        }
        return NumericHistogram.of(edges, counts, slice.getMissing(), 0, 0, sum, sumOfSquares);
    }

    /** The window's histogram with every record that had no finite value counted as missing. */
    private static NumericHistogram windowNumeric(NumericHistogram h, long records) {
        long missing = records - h.binned() - h.negativeInfinity() - h.positiveInfinity();
        return NumericHistogram.of(h.edges(), h.counts(), missing, h.negativeInfinity(), h.positiveInfinity(), h.sum(),
            h.sumOfSquares());
    }

    private static long[] longs(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /** The slice whose bins the accumulator was bound to: the segment's own, else the whole model's. */
    private static SignalBaseline sliceMatching(BaselineView baseline, String segment, String signal, SignalAccumulator acc) {
        SignalBaseline slice = baseline.find(segment, signal);
        if (slice == null || acc.mode() == SignalAccumulator.Mode.LEARNING || segment == null) {
            return slice;
        }
        if (binsMatch(slice, acc)) {
            return slice;
        }
        SignalBaseline whole = baseline.find(null, signal);
        return whole != null && binsMatch(whole, acc) ? whole : null;
    }

    private static boolean binsMatch(SignalBaseline slice, SignalAccumulator acc) {
        if (acc.mode() == SignalAccumulator.Mode.NUMERIC) {
            return BaselineBuilder.toList(acc.numeric().edges()).equals(slice.getEdges());
        }
        return acc.categorical().categories().equals(slice.getCategories());
    }

    /** Deterministic: the same model, window, signal, segment and revision always give the same id. */
    public static String eventId(String model, long windowStart, String signal, String segment, int revision) {
        String name = model + "|" + windowStart + "|" + signal + "|" + (segment == null ? "" : segment) + "|" + revision;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
