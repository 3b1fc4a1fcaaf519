package io.driftmonitor.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Control of false alarms across the signals of a model: Bonferroni (family-wise error) or
 * Benjamini-Hochberg (false discovery rate). Adjusted p-values follow the usual definitions
 * (Bonferroni min(1, m p); BH the step-up adjusted values, as {@code statsmodels}' "fdr_bh").
 */
public final class MultipleTesting {
    /** Which correction to apply. */
    public enum Correction { NONE, BONFERRONI, BENJAMINI_HOCHBERG }

    private MultipleTesting() {
    }

    /** Adjusted p-values; NaN entries (metrics without p-value) stay NaN and do not count as tests. */
    public static double[] adjust(double[] pValues, Correction correction) {
        double[] out = pValues.clone();
        Integer[] order = finiteIndices(pValues);
        int m = order.length;
        switch (correction) {
            case NONE -> {
            }
            case BONFERRONI -> {
                for (int i : order) {
                    out[i] = Math.min(1.0, pValues[i] * m);
                }
            }
            case BENJAMINI_HOCHBERG -> {
                Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
                double running = 1.0;
                for (int r = m - 1; r >= 0; r--) {
                    int i = order[r];
                    running = Math.min(running, pValues[i] * m / (r + 1));
                    out[i] = Math.min(1.0, running);
                }
            }
        }
        return out;
    }

    /** Which hypotheses are rejected at level alpha after the correction. */
    public static boolean[] reject(double[] pValues, double alpha, Correction correction) {
        double[] adjusted = adjust(pValues, correction);
        boolean[] out = new boolean[adjusted.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = !Double.isNaN(adjusted[i]) && adjusted[i] <= alpha;
        }
        return out;
    }

    /**
     * Applies a correction to a model's decisions: each decision with a p-value gets its adjusted
     * p-value, and a {@code drift} whose adjusted p-value exceeds {@code driftAlpha} is downgraded to
     * {@code warn} (and to {@code ok} if it also exceeds {@code warnAlpha}). Decisions without a
     * p-value are returned unchanged.
     */
    public static List<DriftDecision> apply(List<DriftDecision> decisions, Correction correction, double warnAlpha,
                                            double driftAlpha) {
        double[] p = new double[decisions.size()];
        for (int i = 0; i < p.length; i++) {
            DriftDecision d = decisions.get(i);
            p[i] = d.status() == DriftStatus.INSUFFICIENT_DATA ? Double.NaN : d.pValue();
        }
        double[] adjusted = adjust(p, correction);
        List<DriftDecision> out = new ArrayList<>(decisions.size());
        for (int i = 0; i < p.length; i++) {
            DriftDecision d = decisions.get(i);
            if (Double.isNaN(adjusted[i])) {
                out.add(d);
                continue;
            }
            DriftStatus status = d.status();
            if (status == DriftStatus.DRIFT && adjusted[i] > driftAlpha) {
                status = DriftStatus.WARN;
            }
            if (status == DriftStatus.WARN && adjusted[i] > warnAlpha) {
                status = DriftStatus.OK;
            }
            out.add(d.withCorrection(adjusted[i], status));
        }
        return out;
    }

    private static Integer[] finiteIndices(double[] p) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            if (!Double.isNaN(p[i])) {
                out.add(i);
            }
        }
        return out.toArray(Integer[]::new);
    }
}
