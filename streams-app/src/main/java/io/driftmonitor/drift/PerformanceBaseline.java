package io.driftmonitor.drift;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.driftmonitor.performance.ScoreHistogram;
import io.driftmonitor.state.PerformancePartial;
import io.driftmonitor.stats.ChiSquareTest;
import io.driftmonitor.stats.ProportionZTest;

/**
 * A window's (or segment's) labelled outcomes against the same segment of the model's reference
 * window (its first-window baseline): performance drop with a significance test, label drift and
 * concept drift. Values go into the performance events' {@code metrics}, where rules can use them.
 *
 * <ul>
 *   <li>{@code accuracy_baseline}, {@code accuracy_drop} (baseline minus window),
 *       {@code accuracy_drop_p_value} (one-sided pooled two-proportion z-test that the window's
 *       accuracy is lower) and {@code accuracy_significant_drop} (the drop when that p-value is
 *       below alpha, else 0: one rule with a threshold on it needs both size and significance);</li>
 *   <li>{@code label_shift_p_value}: chi-square test of homogeneity of the true-label counts (label drift);</li>
 *   <li>{@code calibration_shift}: the largest difference in positive rate between window and
 *       reference over the score deciles with at least {@link #MIN_DECILE_COUNT} labels in both
 *       (concept drift: the same score no longer means the same outcome);</li>
 *   <li>regressors: {@code mae_baseline}, {@code mae_increase}.</li>
 * </ul>
 */
public final class PerformanceBaseline {
    static final int MIN_DECILE_COUNT = 10;

    private PerformanceBaseline() {
    }

    public static Map<String, Double> compare(PerformancePartial window, PerformancePartial reference, double alpha) {
        Map<String, Double> out = new LinkedHashMap<>();
        long[] cur = correctAndTotal(window.confusion());
        long[] ref = correctAndTotal(reference.confusion());
        if (cur[1] > 0 && ref[1] > 0) {
            ProportionZTest.Result z = ProportionZTest.test(ref[0], ref[1], cur[0], cur[1]);
            double oneSided = z.z() < 0 ? z.pValue() / 2 : 1 - z.pValue() / 2;
            double drop = z.referenceProportion() - z.currentProportion();
            out.put("accuracy_baseline", z.referenceProportion());
            out.put("accuracy_drop", drop);
            out.put("accuracy_drop_p_value", oneSided);
            out.put("accuracy_significant_drop", oneSided < alpha ? drop : 0.0);
            labelShift(window.confusion(), reference.confusion()).ifPresent(p -> out.put("label_shift_p_value", p));
        }
        if (window.scores() != null && reference.scores() != null) {
            double shift = calibrationShift(window.scores(), reference.scores());
            if (!Double.isNaN(shift)) {
                out.put("calibration_shift", shift);
            }
        }
        if (window.regression() != null && reference.regression() != null
                && window.regression().count() > 0 && reference.regression().count() > 0) {
            out.put("mae_baseline", reference.regression().mae());
            out.put("mae_increase", window.regression().mae() - reference.regression().mae());
        }
        return out;
    }

    /** {correct, labelled with a predicted label} of a confusion table (actual -> predicted -> count). */
    static long[] correctAndTotal(Map<String, TreeMap<String, Long>> confusion) {
        long correct = 0;
        long total = 0;
        for (Map.Entry<String, TreeMap<String, Long>> row : confusion.entrySet()) {
            for (Map.Entry<String, Long> cell : row.getValue().entrySet()) {
                total += cell.getValue();
                correct += row.getKey().equals(cell.getKey()) ? cell.getValue() : 0;
            }
        }
        return new long[] {correct, total};
    }

    private static java.util.Optional<Double> labelShift(Map<String, TreeMap<String, Long>> window,
                                                         Map<String, TreeMap<String, Long>> reference) {
        TreeSet<String> labels = new TreeSet<>(window.keySet());
        labels.addAll(reference.keySet());
        if (labels.size() < 2) {
            return java.util.Optional.empty();
        }
        long[] r = new long[labels.size()];
        long[] c = new long[labels.size()];
        int i = 0;
        for (String label : labels) {
            r[i] = rowTotal(reference.get(label));
            c[i] = rowTotal(window.get(label));
            i++;
        }
        return java.util.Optional.of(ChiSquareTest.homogeneity(r, c).pValue());
    }

    private static long rowTotal(TreeMap<String, Long> row) {
        return row == null ? 0 : row.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Largest |positive rate difference| over score deciles with enough labels on both sides; NaN if none. */
    static double calibrationShift(ScoreHistogram window, ScoreHistogram reference) {
        long[][] w = deciles(window);
        long[][] r = deciles(reference);
        double max = Double.NaN;
        for (int d = 0; d < 10; d++) {
            long nw = w[0][d] + w[1][d];
            long nr = r[0][d] + r[1][d];
            if (nw >= MIN_DECILE_COUNT && nr >= MIN_DECILE_COUNT) {
                double diff = Math.abs((double) w[0][d] / nw - (double) r[0][d] / nr);
                max = Double.isNaN(max) ? diff : Math.max(max, diff);
            }
        }
        return max;
    }

    /** Positives and negatives per score decile [0, 0.1), ..., [0.9, 1]. */
    private static long[][] deciles(ScoreHistogram h) {
        long[] pos = h.positives();
        long[] neg = h.negatives();
        long[][] out = new long[2][10];
        for (int b = 0; b < pos.length; b++) {
            int d = Math.min(9, b * 10 / pos.length);
            out[0][d] += pos[b];
            out[1][d] += neg[b];
        }
        return out;
    }
}
