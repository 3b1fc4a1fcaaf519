package io.driftmonitor.promotion;

import io.driftmonitor.promotion.PromotionDecision.Verdict;
import io.driftmonitor.stats.ProportionZTest;

/**
 * Decides, for one window, whether a candidate model beats its champion. Both roles are measured on
 * the window's labels; the difference is tested two-sided at {@code alpha}:
 * <ul>
 *   <li>accuracy: the pooled two-proportion z-test on correct / classified,</li>
 *   <li>roc_auc: a z-test with the Hanley-McNeil variance of each AUC,</li>
 *   <li>mae: Welch's t-test on the per-record absolute errors (mean and variance follow exactly
 *       from the kept sums of |e| and e^2),</li>
 *   <li>rmse: a z-test on the mean squared errors assuming normal errors.</li>
 * </ul>
 * promote: the candidate is significantly better. rollback (canary only, the stop rule): the canary
 * is significantly worse and its observed degradation relative to the champion exceeds
 * {@code max_degradation}. keep: everything else, including too few labels.
 */
public final class PromotionDecider {
    private PromotionDecider() {
    }

    public static PromotionDecision decide(PromotionPolicy policy, RoleOutcome champion, RoleOutcome candidate) {
        String metric = policy.metric() != null ? policy.metric()
            : champion.classified() > 0 || candidate.classified() > 0 ? "accuracy" : "mae";
        return switch (metric) {
            case "accuracy" -> accuracy(policy, champion, candidate);
            case "roc_auc" -> rocAuc(policy, champion, candidate);
            case "mae" -> mae(policy, champion, candidate);
            case "rmse" -> rmse(policy, champion, candidate);
            default -> throw new IllegalArgumentException("metric: unsupported " + metric);
        };
    }

    private static PromotionDecision accuracy(PromotionPolicy policy, RoleOutcome c, RoleOutcome x) {
        if (c.classified() == 0 || x.classified() == 0) {
            return insufficient(policy, "accuracy", c.classified(), x.classified());
        }
        ProportionZTest.Result r = ProportionZTest.test(c.correct(), c.classified(), x.correct(), x.classified());
        return verdict(policy, "accuracy", "two_proportion_z", r.referenceProportion(), r.currentProportion(), r.z(),
            r.pValue(), c.classified(), x.classified());
    }

    private static PromotionDecision rocAuc(PromotionPolicy policy, RoleOutcome c, RoleOutcome x) {
        long nc = c.positives() + c.negatives();
        long nx = x.positives() + x.negatives();
        if (Double.isNaN(c.auc()) || Double.isNaN(x.auc()) || c.positives() == 0 || c.negatives() == 0
                || x.positives() == 0 || x.negatives() == 0) {
            return insufficient(policy, "roc_auc", nc, nx);
        }
        TwoSampleTests.Result r = TwoSampleTests.aucDifference(c.auc(), c.positives(), c.negatives(), x.auc(),
            x.positives(), x.negatives());
        return verdict(policy, "roc_auc", "hanley_mcneil_z", c.auc(), x.auc(), r.statistic(), r.pValue(), nc, nx);
    }

    private static PromotionDecision mae(PromotionPolicy policy, RoleOutcome c, RoleOutcome x) {
        if (c.regressionCount() < 2 || x.regressionCount() < 2) {
            return insufficient(policy, "mae", c.regressionCount(), x.regressionCount());
        }
        TwoSampleTests.Result r = TwoSampleTests.welch(c.mae(), absoluteErrorVariance(c), c.regressionCount(),
            x.mae(), absoluteErrorVariance(x), x.regressionCount());
        return verdict(policy, "mae", "welch_t", c.mae(), x.mae(), r.statistic(), r.pValue(), c.regressionCount(),
            x.regressionCount());
    }

    /** Sample variance of |e|: (sum e^2 - n mae^2) / (n - 1), with sum e^2 = n rmse^2. */
    static double absoluteErrorVariance(RoleOutcome o) {
        long n = o.regressionCount();
        return Math.max(0, (o.rmse() * o.rmse() - o.mae() * o.mae()) * n / (n - 1));
    }

    private static PromotionDecision rmse(PromotionPolicy policy, RoleOutcome c, RoleOutcome x) {
        if (c.regressionCount() < 2 || x.regressionCount() < 2) {
            return insufficient(policy, "rmse", c.regressionCount(), x.regressionCount());
        }
        TwoSampleTests.Result r = TwoSampleTests.mseDifference(c.rmse() * c.rmse(), c.regressionCount(),
            x.rmse() * x.rmse(), x.regressionCount());
        return verdict(policy, "rmse", "mse_z", c.rmse(), x.rmse(), r.statistic(), r.pValue(), c.regressionCount(),
            x.regressionCount());
    }

    private static PromotionDecision insufficient(PromotionPolicy policy, String metric, long nc, long nx) {
        return new PromotionDecision(Verdict.KEEP, false, metric, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            nc, nx, "insufficient data: " + nc + " champion and " + nx + " " + policy.role()
                + " labels with a " + metric + " (min_samples " + policy.minSamples() + ")");
    }

    private static PromotionDecision verdict(PromotionPolicy policy, String metric, String test, double champion,
                                             double candidate, double statistic, double p, long nc, long nx) {
        if (nc < policy.minSamples() || nx < policy.minSamples()) {
            PromotionDecision none = insufficient(policy, metric, nc, nx);
            return new PromotionDecision(Verdict.KEEP, false, metric, test, champion, candidate, statistic, p, nc, nx,
                none.reason());
        }
        boolean lowerIsBetter = PromotionPolicy.lowerIsBetter(metric);
        double improvement = lowerIsBetter ? champion - candidate : candidate - champion;
        boolean significant = p < policy.alpha();
        double degradation = champion == 0 ? (improvement < 0 ? Double.POSITIVE_INFINITY : 0)
            : -improvement / Math.abs(champion);
        Verdict verdict;
        String reason;
        if (significant && improvement > 0) {
            verdict = Verdict.PROMOTE;
            reason = policy.role() + " significantly better (p " + p + " < alpha " + policy.alpha() + ")";
        } else if (policy.strategy() == PromotionPolicy.Strategy.CANARY && significant && improvement < 0
                && degradation > policy.maxDegradation()) {
            verdict = Verdict.ROLLBACK;
            reason = "canary significantly worse (p " + p + " < alpha " + policy.alpha() + ") by " + degradation
                + " of the champion's " + metric + " (max_degradation " + policy.maxDegradation() + ")";
        } else {
            verdict = Verdict.KEEP;
            reason = significant ? policy.role() + " significantly worse, within max_degradation or not a canary"
                : "no significant difference (p " + p + " >= alpha " + policy.alpha() + ")";
        }
        return new PromotionDecision(verdict, true, metric, test, champion, candidate, statistic, p, nc, nx, reason);
    }
}
