package io.driftmonitor.promotion;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one window contributes to an experiment: each role's labelled count and metric value, the
 * difference (candidate minus champion) and its variance, and each role's predicted-label counts
 * on its labelled predictions (for the disagreement rate). Plain data with public fields: it is stored as JSON in the
 * experiment's state; a later revision of the window (more labels) replaces it.
 */
public class WindowEvidence {
    public long windowStart;
    public long windowEnd;
    /** Labelled predictions behind each role's value (for roc_auc: positives plus negatives). */
    public long championN;
    public long candidateN;
    /** The metric of each role in this window (for rmse: the RMSE). */
    public double championValue;
    public double candidateValue;
    /** The tested difference, candidate minus champion (for rmse: of the mean squared errors). */
    public double difference;
    /** Its variance; 0 when the window carries no information on the difference (both roles degenerate). */
    public double variance;
    /** Labelled predictions per predicted label of each role in the window; null if unknown (regressors). */
    public TreeMap<String, Long> championPredictions;
    public TreeMap<String, Long> candidatePredictions;

    /**
     * The window's evidence on the metric, or null when a role lacks what the metric needs (no
     * labelled predictions; for mae fewer than 2; for roc_auc not both classes).
     */
    public static WindowEvidence of(String metric, long windowStart, long windowEnd, RoleOutcome champion,
                                    RoleOutcome candidate) {
        WindowEvidence e = new WindowEvidence();
        e.windowStart = windowStart;
        e.windowEnd = windowEnd;
        switch (metric) {
            case "accuracy" -> {
                if (champion.classified() < 1 || candidate.classified() < 1) {
                    return null;
                }
                long n1 = champion.classified();
                long n2 = candidate.classified();
                double p1 = (double) champion.correct() / n1;
                double p2 = (double) candidate.correct() / n2;
                double pooled = (double) (champion.correct() + candidate.correct()) / (n1 + n2);
                set(e, n1, n2, p1, p2, p2 - p1, pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
            }
            case "roc_auc" -> {
                if (Double.isNaN(champion.auc()) || Double.isNaN(candidate.auc()) || champion.positives() < 1
                        || champion.negatives() < 1 || candidate.positives() < 1 || candidate.negatives() < 1) {
                    return null;
                }
                set(e, champion.positives() + champion.negatives(), candidate.positives() + candidate.negatives(),
                    champion.auc(), candidate.auc(), candidate.auc() - champion.auc(),
                    TwoSampleTests.hanleyMcNeilVariance(champion.auc(), champion.positives(), champion.negatives())
                        + TwoSampleTests.hanleyMcNeilVariance(candidate.auc(), candidate.positives(), candidate.negatives()));
            }
            case "mae" -> {
                if (champion.regressionCount() < 2 || candidate.regressionCount() < 2) {
                    return null;
                }
                set(e, champion.regressionCount(), candidate.regressionCount(), champion.mae(), candidate.mae(),
                    candidate.mae() - champion.mae(),
                    PromotionDecider.absoluteErrorVariance(champion) / champion.regressionCount()
                        + PromotionDecider.absoluteErrorVariance(candidate) / candidate.regressionCount());
            }
            case "rmse" -> {
                if (champion.regressionCount() < 1 || candidate.regressionCount() < 1) {
                    return null;
                }
                double m1 = champion.rmse() * champion.rmse();
                double m2 = candidate.rmse() * candidate.rmse();
                long n1 = champion.regressionCount();
                long n2 = candidate.regressionCount();
                set(e, n1, n2, champion.rmse(), candidate.rmse(), m2 - m1, 2 * m1 * m1 / n1 + 2 * m2 * m2 / n2);
            }
            default -> throw new IllegalArgumentException("metric: unsupported " + metric);
        }
        return e;
    }

    private static void set(WindowEvidence e, long n1, long n2, double v1, double v2, double difference, double variance) {
        e.championN = n1;
        e.candidateN = n2;
        e.championValue = v1;
        e.candidateValue = v2;
        e.difference = difference;
        e.variance = Math.max(0, variance);
    }

    /** The same evidence with the roles' predicted-label counts. */
    public WindowEvidence withPredictions(Map<String, Long> champion, Map<String, Long> candidate) {
        championPredictions = champion == null ? null : new TreeMap<>(champion);
        candidatePredictions = candidate == null ? null : new TreeMap<>(candidate);
        return this;
    }
}
