package io.driftmonitor.stats;

import java.util.function.ToDoubleBiFunction;

/**
 * Turns a baseline and a window histogram into a {@link DriftDecision} under a {@link DecisionRule}.
 *
 * <ol>
 *   <li>Either side with fewer than {@code minSampleSize} values: {@code insufficient_data} (the value
 *       is still reported when it can be computed).</li>
 *   <li>Static mode: {@code drift} needs value &gt;= drift threshold and, when the metric has a
 *       p-value, p &lt;= driftAlpha; {@code warn} needs value &gt;= warn threshold and p &lt;= warnAlpha.
 *       A large effect on a tiny window is therefore not an alarm, and neither is a significant but
 *       negligible effect on a huge window.</li>
 *   <li>Calibrated mode: thresholds are the (1 - alpha) quantiles of the metric's null distribution
 *       at this window's size ({@link ThresholdCalibration}); value &gt;= threshold is equivalent to
 *       p &lt;= alpha.</li>
 * </ol>
 * Instances hold a cache of calibrated null distributions and are thread-safe.
 */
public final class DriftDecider {
    private final ThresholdCalibration calibration;

    public DriftDecider() {
        this(new ThresholdCalibration(512));
    }

    public DriftDecider(ThresholdCalibration calibration) {
        this.calibration = calibration;
    }

    /** Decision for a numeric signal (histograms over the same edges). */
    public DriftDecision decide(DecisionRule rule, NumericHistogram baseline, NumericHistogram window) {
        if (!rule.metric().appliesToNumeric()) {
            throw new IllegalArgumentException(rule.metric().wireName() + " does not apply to numeric signals");
        }
        double[] edges = baseline.edges();
        double std = Wasserstein.standardDeviation(baseline);
        long[] ref = baseline.counts();
        long[] cur = window.counts();
        DriftMetric metric = rule.metric();
        if (metric == DriftMetric.MISSING_RATE) {
            long n = baseline.total();
            long m = window.total();
            double value = DriftMetrics.missingRateDelta(baseline, window);
            double p = missingPValue(n - baseline.binned(), n, m - window.binned(), m);
            return decide(rule, new Evaluation(value, p, 0), ref, cur, n, m, (a, b) -> Double.NaN);
        }
        ToDoubleBiFunction<long[], long[]> f = numericMetric(metric, edges, std);
        return decide(rule, evaluate(metric, ref, cur, f), ref, cur, baseline.binned(), window.binned(), f);
    }

    /** Decision for a categorical signal (histograms over the same categories). */
    public DriftDecision decide(DecisionRule rule, CategoricalHistogram baseline, CategoricalHistogram window) {
        if (!rule.metric().appliesToCategorical()) {
            throw new IllegalArgumentException(rule.metric().wireName() + " does not apply to categorical signals");
        }
        long[] ref = baseline.counts();
        long[] cur = window.counts();
        DriftMetric metric = rule.metric();
        if (metric == DriftMetric.MISSING_RATE) {
            long n = baseline.total();
            long m = window.total();
            double value = DriftMetrics.missingRateDelta(baseline.missing(), n, window.missing(), m);
            double p = missingPValue(baseline.missing(), n, window.missing(), m);
            return decide(rule, new Evaluation(value, p, 0), ref, cur, n, m, (a, b) -> Double.NaN);
        }
        ToDoubleBiFunction<long[], long[]> f = countMetric(metric);
        return decide(rule, evaluate(metric, ref, cur, f), ref, cur, baseline.counted(), window.counted(), f);
    }

    /** The value, analytic p-value (NaN if none) and, for chi-square, the degrees of freedom of one metric. */
    private record Evaluation(double value, double pValue, int dof) {
    }

    private static Evaluation evaluate(DriftMetric metric, long[] ref, long[] cur, ToDoubleBiFunction<long[], long[]> f) {
        boolean empty = DriftMetrics.isEmpty(ref) || DriftMetrics.isEmpty(cur);
        switch (metric) {
            case PSI -> {
                double psi = DriftMetrics.psi(ref, cur);
                long n = java.util.Arrays.stream(ref).sum();
                long m = java.util.Arrays.stream(cur).sum();
                return new Evaluation(psi, DriftMetrics.psiPValue(psi, n, m, DriftMetrics.nonEmptyBins(ref, cur)), 0);
            }
            case KS -> {
                if (empty) {
                    return new Evaluation(Double.NaN, Double.NaN, 0);
                }
                KolmogorovSmirnov.BinnedResult ks = KolmogorovSmirnov.binned(ref, cur);
                return new Evaluation(ks.statistic(), ks.pValue(), 0);
            }
            case CHI2 -> {
                ChiSquareTest.Result chi2 = ChiSquareTest.homogeneity(ref, cur);
                return new Evaluation(chi2.statistic(), chi2.pValue(), chi2.dof());
            }
            default -> {
                return new Evaluation(empty ? Double.NaN : f.applyAsDouble(ref, cur), Double.NaN, 0);
            }
        }
    }

    private DriftDecision decide(DecisionRule rule, Evaluation evaluation, long[] ref, long[] cur, long n, long m,
                                 ToDoubleBiFunction<long[], long[]> metricFunction) {
        DriftMetric metric = rule.metric();
        double value = evaluation.value();
        double analyticP = evaluation.pValue();
        if (n < rule.minSampleSize() || m < rule.minSampleSize() || Double.isNaN(value)) {
            double warn = rule.mode() == ThresholdMode.STATIC ? rule.warn() : Double.NaN;
            double drift = rule.mode() == ThresholdMode.STATIC ? rule.drift() : Double.NaN;
            return new DriftDecision(metric, DriftStatus.INSUFFICIENT_DATA, value, warn, drift, analyticP, analyticP,
                n, m, rule.mode());
        }
        boolean resamplePsi = metric == DriftMetric.PSI && smallExpectedCounts(ref, m);
        double[] psiNull = null;
        if (resamplePsi) {
            psiNull = calibration.nullDistribution(metric.wireName(), metricFunction, ref, m, rule.replicates(),
                rule.seed());
            analyticP = ThresholdCalibration.pValue(psiNull, value);
        }
        if (rule.mode() == ThresholdMode.STATIC) {
            DriftStatus status = staticStatus(value, rule, analyticP);
            return new DriftDecision(metric, status, value, rule.warn(), rule.drift(), analyticP, analyticP, n, m,
                ThresholdMode.STATIC);
        }
        double warn;
        double drift;
        double p = analyticP;
        switch (metric) {
            case PSI -> {
                if (resamplePsi) {
                    warn = ThresholdCalibration.upperQuantile(psiNull, rule.warnAlpha());
                    drift = ThresholdCalibration.upperQuantile(psiNull, rule.driftAlpha());
                    break;
                }
                int k = DriftMetrics.nonEmptyBins(ref, cur);
                warn = ThresholdCalibration.psiThreshold(n, m, k, rule.warnAlpha());
                drift = ThresholdCalibration.psiThreshold(n, m, k, rule.driftAlpha());
            }
            case CHI2 -> {
                int dof = evaluation.dof();
                warn = dof < 1 ? Double.POSITIVE_INFINITY : ChiSquareTest.criticalValue(rule.warnAlpha(), dof);
                drift = dof < 1 ? Double.POSITIVE_INFINITY : ChiSquareTest.criticalValue(rule.driftAlpha(), dof);
            }
            case KS -> {
                warn = calibration.cachedKsCriticalValue(n, m, rule.warnAlpha());
                drift = calibration.cachedKsCriticalValue(n, m, rule.driftAlpha());
            }
            default -> {
                double[] sortedNull = calibration.nullDistribution(metric.wireName() + cacheSuffix(metricFunction),
                    metricFunction, ref, m, rule.replicates(), rule.seed());
                warn = ThresholdCalibration.upperQuantile(sortedNull, rule.warnAlpha());
                drift = ThresholdCalibration.upperQuantile(sortedNull, rule.driftAlpha());
                p = ThresholdCalibration.pValue(sortedNull, value);
            }
        }
        DriftStatus status = value >= drift ? DriftStatus.DRIFT : value >= warn ? DriftStatus.WARN : DriftStatus.OK;
        return new DriftDecision(metric, status, value, warn, drift, p, p, n, m, ThresholdMode.CALIBRATED);
    }

    /**
     * The chi-square approximation of PSI's null distribution needs about five expected window
     * values per bin; below that (tiny windows, rare bins) the epsilon of empty bins dominates PSI and
     * the approximation would cry wolf, so PSI's p-value and thresholds come from resampling instead.
     */
    static boolean smallExpectedCounts(long[] reference, long currentCount) {
        long n = 0;
        long min = Long.MAX_VALUE;
        for (long c : reference) {
            n += c;
            if (c > 0) {
                min = Math.min(min, c);
            }
        }
        return n > 0 && (double) currentCount * min / n < 5.0;
    }

    private static String cacheSuffix(ToDoubleBiFunction<long[], long[]> f) {
        return f instanceof NumericMetric nm ? nm.cacheKey() : "";
    }

    /** Status under a static rule: thresholds on the value, gated by the p-value when there is one (NaN: none). */
    public static DriftStatus staticStatus(double value, DecisionRule rule, double p) {
        boolean hasP = !Double.isNaN(p);
        if (value >= rule.drift() && (!hasP || p <= rule.driftAlpha())) {
            return DriftStatus.DRIFT;
        }
        if (value >= rule.warn() && (!hasP || p <= rule.warnAlpha())) {
            return DriftStatus.WARN;
        }
        return DriftStatus.OK;
    }

    private static double missingPValue(long refMissing, long n, long curMissing, long m) {
        if (n == 0 || m == 0) {
            return Double.NaN;
        }
        return ProportionZTest.test(refMissing, n, curMissing, m).pValue();
    }

    private static ToDoubleBiFunction<long[], long[]> countMetric(DriftMetric metric) {
        return switch (metric) {
            case PSI -> DriftMetrics::psi;
            case KL -> DriftMetrics::kl;
            case JS -> DriftMetrics::jensenShannon;
            case HELLINGER -> DriftMetrics::hellinger;
            case CHI2 -> (a, b) -> ChiSquareTest.homogeneity(a, b).statistic();
            case NEW_CATEGORY_SHARE -> DriftMetrics::newCategoryShare;
            default -> (a, b) -> Double.NaN;
        };
    }

    private static ToDoubleBiFunction<long[], long[]> numericMetric(DriftMetric metric, double[] edges, double std) {
        return switch (metric) {
            case WASSERSTEIN -> new NumericMetric(edges, Double.NaN);
            case WASSERSTEIN_NORM -> new NumericMetric(edges, std);
            case KS -> (a, b) -> KolmogorovSmirnov.binnedStatistic(a, b).statistic();
            default -> countMetric(metric);
        };
    }

    /** Binned Wasserstein (optionally normalised), keyed by its edges and scale for the cache. */
    private record NumericMetric(double[] edges, double std) implements ToDoubleBiFunction<long[], long[]> {
        @Override
        public double applyAsDouble(long[] a, long[] b) {
            double w = Wasserstein.binned(edges, a, b);
            return Double.isNaN(std) ? w : Wasserstein.normalised(w, std);
        }

        String cacheKey() {
            return java.util.Arrays.toString(edges) + "/" + std;
        }
    }
}
