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
import io.driftmonitor.stats.DriftMetrics;

/**
 * Compares every signal of a closed window (whole model and each segment) with the baseline and
 * decides its status. The counts in each event are the evidence: with the event's edges and the raw
 * data anyone can recompute them, and the value from them.
 */
public final class WindowEvaluator {
    public static final String METRIC_PSI = "psi";

    private WindowEvaluator() {
    }

    public static List<DriftEvent> evaluate(List<WindowPartial> partials, BaselineView baseline, ModelPolicy policy) {
        List<DriftEvent> events = new ArrayList<>();
        for (WindowPartial p : partials) {
            for (Map.Entry<String, SignalAccumulator> e : p.signals().entrySet()) {
                events.add(evaluateSignal(p, e.getKey(), e.getValue(), baseline, policy));
            }
        }
        return events;
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
            .setMetric(METRIC_PSI)
            .setThreshold(policy.psiDrift)
            .setWarnThreshold(policy.psiWarn)
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
        long[] windowCounts;
        if (bound.mode() == SignalAccumulator.Mode.NUMERIC) {
            windowCounts = bound.numeric().counts();
            event.setEdges(slice.getEdges());
        } else {
            windowCounts = bound.categorical().counts();
            event.setCategories(slice.getCategories());
        }
        long[] baselineCounts = slice.getCounts().stream().mapToLong(Long::longValue).toArray();
        long windowBinned = Arrays.stream(windowCounts).sum();
        long baselineBinned = Arrays.stream(baselineCounts).sum();
        event.setWindowCounts(BaselineBuilder.toList(windowCounts))
            .setBaselineCounts(slice.getCounts())
            .setBaselineCount(slice.getTotal())
            .setWindowMissing(p.count() - windowBinned)
            .setBaselineMissing(slice.getMissing());
        Map<String, Double> metrics = event.getMetrics();
        metrics.put("missing_rate", p.count() == 0 ? 0.0 : (double) (p.count() - windowBinned) / p.count());
        metrics.put("baseline_missing_rate", slice.getTotal() == 0 ? 0.0 : (double) slice.getMissing() / slice.getTotal());
        if (windowBinned == 0 || baselineBinned == 0) {
            return event.setStatus(DriftStatus.insufficient_data).build();
        }
        double psi = DriftMetrics.psi(baselineCounts, windowCounts);
        double pValue = DriftMetrics.psiPValue(psi, baselineBinned, windowBinned, nonEmptyBins(baselineCounts, windowCounts));
        event.setValue(psi).setPValue(pValue);
        return event.setStatus(status(psi, pValue, p.count(), policy)).build();
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

    static DriftStatus status(double psi, double pValue, long windowCount, ModelPolicy policy) {
        if (windowCount < policy.minSamples) {
            return DriftStatus.insufficient_data;
        }
        boolean significant = pValue < policy.alpha;
        if (psi >= policy.psiDrift && significant) {
            return DriftStatus.drift;
        }
        if (psi >= policy.psiWarn && significant) {
            return DriftStatus.warn;
        }
        return DriftStatus.ok;
    }

    private static int nonEmptyBins(long[] a, long[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] + b[i] > 0) {
                n++;
            }
        }
        return n;
    }

    /** Deterministic: the same model, window, signal, segment and revision always give the same id. */
    public static String eventId(String model, long windowStart, String signal, String segment, int revision) {
        String name = model + "|" + windowStart + "|" + signal + "|" + (segment == null ? "" : segment) + "|" + revision;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
