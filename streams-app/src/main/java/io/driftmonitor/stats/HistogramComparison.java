package io.driftmonitor.stats;

/**
 * Every drift metric of one window against its baseline, computed from the two histograms alone
 * (what the stream keeps). For numeric signals Kolmogorov-Smirnov and Wasserstein are the binned
 * variants: see {@link KolmogorovSmirnov#binned} and {@link Wasserstein#binned} for their bounds.
 *
 * @param referenceCount  finite (numeric) or non-missing (categorical) baseline values compared
 * @param currentCount    the same for the window
 * @param wasserstein     NaN for categorical signals
 * @param wassersteinNorm NaN for categorical signals
 * @param ks              null for categorical signals or an empty side
 * @param newCategoryShare share of the window in bins the baseline never saw
 */
public record HistogramComparison(long referenceCount, long currentCount, double psi, double kl, double js,
                                  double hellinger, double wasserstein, double wassersteinNorm,
                                  KolmogorovSmirnov.BinnedResult ks, ChiSquareTest.Result chi2,
                                  double missingRateDelta, double newCategoryShare, double psiPValue) {

    /** All metrics of two numeric histograms over the same edges. */
    public static HistogramComparison numeric(NumericHistogram baseline, NumericHistogram window) {
        long[] ref = baseline.counts();
        long[] cur = window.counts();
        long n = baseline.binned();
        long m = window.binned();
        boolean both = n > 0 && m > 0;
        double psi = DriftMetrics.psi(ref, cur);
        double w = Wasserstein.binned(baseline.edges(), ref, cur);
        return new HistogramComparison(n, m, psi, DriftMetrics.kl(ref, cur), DriftMetrics.jensenShannon(ref, cur),
            DriftMetrics.hellinger(ref, cur), w, Wasserstein.normalised(w, Wasserstein.standardDeviation(baseline)),
            both ? KolmogorovSmirnov.binned(ref, cur) : null, ChiSquareTest.homogeneity(ref, cur),
            DriftMetrics.missingRateDelta(baseline, window), DriftMetrics.newCategoryShare(ref, cur),
            DriftMetrics.psiPValue(psi, n, m, DriftMetrics.nonEmptyBins(ref, cur)));
    }

    /** All metrics of two categorical histograms over the same categories. */
    public static HistogramComparison categorical(CategoricalHistogram baseline, CategoricalHistogram window) {
        long[] ref = baseline.counts();
        long[] cur = window.counts();
        long n = baseline.counted();
        long m = window.counted();
        double psi = DriftMetrics.psi(ref, cur);
        return new HistogramComparison(n, m, psi, DriftMetrics.kl(ref, cur), DriftMetrics.jensenShannon(ref, cur),
            DriftMetrics.hellinger(ref, cur), Double.NaN, Double.NaN, null, ChiSquareTest.homogeneity(ref, cur),
            DriftMetrics.missingRateDelta(baseline.missing(), baseline.total(), window.missing(), window.total()),
            DriftMetrics.newCategoryShare(ref, cur),
            DriftMetrics.psiPValue(psi, n, m, DriftMetrics.nonEmptyBins(ref, cur)));
    }

    /** The value of one metric (NaN when it does not apply to this kind of signal). */
    public double value(DriftMetric metric) {
        return switch (metric) {
            case PSI -> psi;
            case KL -> kl;
            case JS -> js;
            case HELLINGER -> hellinger;
            case WASSERSTEIN -> wasserstein;
            case WASSERSTEIN_NORM -> wassersteinNorm;
            case KS -> ks == null ? Double.NaN : ks.statistic();
            case CHI2 -> chi2.statistic();
            case MISSING_RATE -> missingRateDelta;
            case NEW_CATEGORY_SHARE -> newCategoryShare;
        };
    }

    /** The analytic p-value of a metric, NaN when it has none. */
    public double pValue(DriftMetric metric) {
        return switch (metric) {
            case PSI -> psiPValue;
            case KS -> ks == null ? Double.NaN : ks.pValue();
            case CHI2 -> chi2.pValue();
            default -> Double.NaN;
        };
    }
}
