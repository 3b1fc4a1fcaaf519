package io.driftmonitor.promotion;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import io.driftmonitor.promotion.PromotionDecision.Verdict;

/**
 * Promotion as an experiment, decided once. An experiment is (model, champion version, candidate
 * version, strategy). Each time the labelled outcomes of one of its windows change, the window's
 * evidence (the difference of the metric and its variance, {@link WindowEvidence}) replaces the
 * window's previous one and the test is looked at again on the evidence of all its windows: the
 * normal-mixture SPRT ({@link MixtureSprt}), whose always-valid p-value keeps the error rate at
 * {@code alpha} however often it is looked at. Windows are strata: the difference is estimated in
 * each window and combined by inverse variance, so a change of the base rate over time (both roles
 * doing worse at night) does not bias it.
 *
 * <p>The experiment concludes, once:
 * <ul>
 *   <li>promote: the always-valid p-value falls below alpha with the candidate better;</li>
 *   <li>rollback (canary only): below alpha with the canary worse, and its cumulative relative
 *       degradation beyond {@code max_degradation};</li>
 *   <li>keep: below alpha with the candidate worse (otherwise), or the horizon reached -
 *       {@code max_windows} windows with evidence, or {@code max_duration} from the start of its first
 *       window to the end of its latest - without a significant difference.</li>
 * </ul>
 * No look decides before each role has {@code min_samples} labelled predictions in total. A concluded
 * experiment changes no more (its later windows are only counted); its decision is returned by the
 * look that concluded it and by no other.
 */
public final class Experiments {
    private Experiments() {
    }

    /** Deterministic: the same model, versions and strategy always give the same id. */
    public static String experimentId(String model, String championVersion, String candidateVersion, String strategy) {
        String name = "experiment|" + model + "|" + championVersion + "|" + candidateVersion + "|" + strategy;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A new experiment; {@code metric} is the policy's, else the one its first window can measure. */
    public static Experiment open(String model, String championVersion, String candidateVersion, PromotionPolicy policy,
                                  String metric) {
        Experiment x = new Experiment();
        x.experimentId = experimentId(model, championVersion, candidateVersion, policy.strategy().wireName());
        x.modelId = model;
        x.championVersion = championVersion;
        x.candidateVersion = candidateVersion;
        x.strategy = policy.strategy().wireName();
        x.role = policy.role();
        x.metric = metric;
        return x;
    }

    /** The metric an experiment judges: the policy's, else accuracy when the roles classify, else mae. */
    public static String metricFor(PromotionPolicy policy, RoleOutcome champion, RoleOutcome candidate) {
        if (policy.metric() != null) {
            return policy.metric();
        }
        return champion.classified() > 0 || candidate.classified() > 0 ? "accuracy" : "mae";
    }

    /**
     * Adds (or revises) one window's evidence and looks at the test.
     *
     * @return the decision, when this look concludes the experiment; empty otherwise (also for every
     *         look at an experiment already concluded)
     */
    public static Optional<Verdict> look(PromotionPolicy policy, Experiment x, WindowEvidence window) {
        if (x.concluded()) {
            if (window.windowEnd > x.lastSeenWindowEnd) {
                x.windowsAfterConclusion++;
                x.lastSeenWindowEnd = window.windowEnd;
            }
            return Optional.empty();
        }
        x.windows.put(window.windowStart, window);
        x.lastSeenWindowEnd = Math.max(x.lastSeenWindowEnd, window.windowEnd);
        summarise(x);
        Verdict verdict = null;
        if (x.championN >= policy.minSamples() && x.candidateN >= policy.minSamples()) {
            x.looks++;
            if (x.tau == null) {
                x.tau = tau(policy, x);
            }
            double information = information(x);
            double score = score(x);
            x.logLikelihoodRatio = MixtureSprt.logLikelihoodRatio(score, information, x.tau);
            double p = Math.min(1.0, Math.exp(-x.logLikelihoodRatio));
            x.pValue = x.pValue == null ? p : Math.min(x.pValue, p);
            if (x.pValue < policy.alpha() && score != 0) {
                verdict = significant(policy, x, score);
            }
        }
        if (verdict == null) {
            String horizon = horizon(policy, x);
            if (horizon != null) {
                verdict = Verdict.KEEP;
                x.reason = "horizon reached (" + horizon + ") without a significant difference (always-valid p "
                    + (x.pValue == null ? "not computed: fewer than min_samples " + policy.minSamples() + " labels per role"
                    : x.pValue + " >= alpha " + policy.alpha()) + ")";
            }
        }
        if (verdict != null) {
            x.status = Experiment.CONCLUDED;
            x.decision = verdict.wireName();
            x.decidedAtWindowEnd = x.lastWindowEnd;
        }
        return Optional.ofNullable(verdict);
    }

    private static Verdict significant(PromotionPolicy policy, Experiment x, double score) {
        boolean lowerIsBetter = PromotionPolicy.lowerIsBetter(x.metric);
        boolean better = lowerIsBetter ? score < 0 : score > 0;
        String p = "always-valid p " + x.pValue + " < alpha " + policy.alpha() + " after " + x.looks
            + (x.looks == 1 ? " look" : " looks");
        if (better) {
            x.reason = x.role + " significantly better (" + p + ")";
            return Verdict.PROMOTE;
        }
        double improvement = lowerIsBetter ? x.championValue - x.candidateValue : x.candidateValue - x.championValue;
        double degradation = x.championValue == 0 ? (improvement < 0 ? Double.POSITIVE_INFINITY : 0)
            : -improvement / Math.abs(x.championValue);
        if (policy.strategy() == PromotionPolicy.Strategy.CANARY && degradation > policy.maxDegradation()) {
            x.reason = "canary significantly worse (" + p + ") by " + degradation + " of the champion's " + x.metric
                + " (max_degradation " + policy.maxDegradation() + ")";
            return Verdict.ROLLBACK;
        }
        x.reason = x.role + " significantly worse (" + p + ")"
            + (policy.strategy() == PromotionPolicy.Strategy.CANARY ? ", within max_degradation " + policy.maxDegradation() : "");
        return Verdict.KEEP;
    }

    /** The horizon reached, in words, or null. */
    private static String horizon(PromotionPolicy policy, Experiment x) {
        if (x.windows.size() >= policy.maxWindows()) {
            return "max_windows " + policy.maxWindows();
        }
        if (x.lastWindowEnd - x.firstWindowStart >= policy.maxDurationMillis()) {
            return "max_duration " + policy.maxDurationMillis() + " ms";
        }
        return null;
    }

    /**
     * The mixture's standard deviation in the units of the tested difference: effect_size for accuracy
     * and roc_auc; effect_size times the champion's value for mae; for rmse, whose test is on the mean
     * squared error, ((1 + effect_size)^2 - 1) times the champion's MSE.
     */
    static double tau(PromotionPolicy policy, Experiment x) {
        double e = policy.effectSize();
        double c = x.championValue == null ? 0 : Math.abs(x.championValue);
        double tau = switch (x.metric) {
            case "mae" -> e * c;
            case "rmse" -> ((1 + e) * (1 + e) - 1) * c * c;
            default -> e;
        };
        return tau > 0 ? tau : e;
    }

    private static double information(Experiment x) {
        double information = 0;
        for (WindowEvidence w : x.windows.values()) {
            if (w.variance > 0) {
                information += 1 / w.variance;
            }
        }
        return information;
    }

    private static double score(Experiment x) {
        double score = 0;
        for (WindowEvidence w : x.windows.values()) {
            if (w.variance > 0) {
                score += w.difference / w.variance;
            }
        }
        return score;
    }

    /** Cumulative values, counts, the pooled difference, its standard error and the disagreement rate. */
    static void summarise(Experiment x) {
        long n1 = 0;
        long n2 = 0;
        double s1 = 0;
        double s2 = 0;
        boolean squares = "rmse".equals(x.metric);
        Map<String, Long> p1 = new TreeMap<>();
        Map<String, Long> p2 = new TreeMap<>();
        boolean predictions = true;
        for (WindowEvidence w : x.windows.values()) {
            n1 += w.championN;
            n2 += w.candidateN;
            s1 += w.championN * (squares ? w.championValue * w.championValue : w.championValue);
            s2 += w.candidateN * (squares ? w.candidateValue * w.candidateValue : w.candidateValue);
            if (w.championPredictions == null || w.candidatePredictions == null) {
                predictions = false;
            } else {
                w.championPredictions.forEach((k, v) -> p1.merge(k, v, Long::sum));
                w.candidatePredictions.forEach((k, v) -> p2.merge(k, v, Long::sum));
            }
            x.firstWindowStart = x.firstWindowStart == Long.MIN_VALUE ? w.windowStart : Math.min(x.firstWindowStart, w.windowStart);
            x.lastWindowEnd = Math.max(x.lastWindowEnd, w.windowEnd);
        }
        x.championN = n1;
        x.candidateN = n2;
        x.championValue = n1 == 0 ? null : squares ? Math.sqrt(s1 / n1) : s1 / n1;
        x.candidateValue = n2 == 0 ? null : squares ? Math.sqrt(s2 / n2) : s2 / n2;
        double information = information(x);
        x.difference = information == 0 ? null : score(x) / information;
        x.standardError = information == 0 ? null : 1 / Math.sqrt(information);
        x.disagreementRate = predictions ? Disagreement.lowerBound(p1, p2) : null;
    }
}
