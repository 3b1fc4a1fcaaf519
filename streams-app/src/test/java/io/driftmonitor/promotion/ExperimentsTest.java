package io.driftmonitor.promotion;

import static io.driftmonitor.stats.Reference.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftmonitor.promotion.PromotionDecision.Verdict;
import io.driftmonitor.promotion.PromotionPolicy.Strategy;
import org.junit.jupiter.api.Test;

/**
 * Promotion experiments: the always-valid test against SciPy, its error rate under peeking after
 * every window in seeded simulations, and a decision announced once.
 */
class ExperimentsTest {
    private static final double ALPHA = 0.05;
    private static final long W = 60_000;

    private static PromotionPolicy policy(Strategy strategy, String metric, int maxWindows) {
        return new PromotionPolicy(strategy, metric, null, 200, ALPHA, 0.05, maxWindows,
            PromotionPolicy.DEFAULT_MAX_DURATION_MILLIS, PromotionPolicy.DEFAULT_EFFECT_SIZE);
    }

    @Test
    void shouldMatchTheNumericallyIntegratedMixtureLikelihoodRatio() throws IOException {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/promotion/promotion_cases.json")) {
            cases = new ObjectMapper().readTree(in).get("msprt");
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(5);
        for (JsonNode c : cases) {
            double score = 0;
            double information = 0;
            for (int i = 0; i < c.get("differences").size(); i++) {
                double v = c.get("variances").get(i).asDouble();
                score += c.get("differences").get(i).asDouble() / v;
                information += 1 / v;
            }
            assertClose("score", score, c.get("score").asDouble(), 1e-12, 0);
            assertClose("log lambda", MixtureSprt.logLikelihoodRatio(score, information, c.get("tau").asDouble()),
                c.get("log_lambda").asDouble(), 1e-9, 1e-12);
        }
        assertThat(MixtureSprt.pValue(0, 0, 0.05)).isEqualTo(1.0);
    }

    /** Draws the correct count of n predictions right with probability p. */
    private static long binomial(SplittableRandom random, int n, double p) {
        long k = 0;
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < p) {
                k++;
            }
        }
        return k;
    }

    /** Outcome of one simulated experiment: the verdicts each look returned, and whether naive per-window tests promoted. */
    private record Run(List<Verdict> announced, boolean naivePromoted, int looks) {
    }

    /**
     * An experiment of {@code windows} windows with {@code n} labels per role each, the champion
     * right with a base rate that changes from window to window and the candidate better by {@code lift};
     * the test is looked at after every window.
     */
    private static Run simulate(SplittableRandom random, PromotionPolicy policy, int windows, int n, double lift) {
        Experiment x = Experiments.open("m", "v1", "v2", policy, "accuracy");
        List<Verdict> announced = new ArrayList<>();
        boolean naive = false;
        for (int w = 0; w < windows; w++) {
            double base = 0.70 + 0.2 * random.nextDouble();
            RoleOutcome champion = RoleOutcome.classification(n, binomial(random, n, base));
            RoleOutcome candidate = RoleOutcome.classification(n, binomial(random, n, base + lift));
            Experiments.look(policy, x, WindowEvidence.of("accuracy", w * W, (w + 1) * W, champion, candidate))
                .ifPresent(announced::add);
            naive |= PromotionDecider.decide(policy, champion, candidate).verdict() == Verdict.PROMOTE;
        }
        return new Run(announced, naive, x.looks);
    }

    @Test
    void shouldPromoteAnEqualCandidateInAtMostAlphaOfExperimentsPeekedAfterEveryWindow() {
        int experiments = 500;
        int windows = 16;
        PromotionPolicy policy = policy(Strategy.SHADOW, "accuracy", windows);
        SplittableRandom random = new SplittableRandom(20261202);
        int falsePromotions = 0;
        int significant = 0;
        int naivePromotions = 0;
        for (int e = 0; e < experiments; e++) {
            Run run = simulate(random.split(), policy, windows, 300, 0.0);
            assertThat(run.announced()).as("experiment %d: announced exactly once, at the latest at the horizon", e).hasSize(1);
            assertThat(run.looks()).isGreaterThanOrEqualTo(1);
            falsePromotions += run.announced().get(0) == Verdict.PROMOTE ? 1 : 0;
            naivePromotions += run.naivePromoted() ? 1 : 0;
        }
        double rate = (double) falsePromotions / experiments;
        double naiveRate = (double) naivePromotions / experiments;
        System.out.printf("A/A: %d experiments x %d looks: false promotions %d (%.4f) with the always-valid test, "
            + "%d (%.4f) with a test per window at alpha %s%n", experiments, windows, falsePromotions, rate,
            naivePromotions, naiveRate, ALPHA);
        assertThat(rate).as("false-promotion rate over all looks").isLessThanOrEqualTo(ALPHA);
        // The same data judged window by window at alpha promote far more often: peeking is what the test guards against.
        assertThat(naiveRate).isGreaterThan(2 * ALPHA);
    }

    @Test
    void shouldKeepAnEqualRegressorCandidateInAtLeastOneMinusAlphaOfExperiments() {
        int experiments = 300;
        int windows = 12;
        PromotionPolicy policy = policy(Strategy.AB, "mae", windows);
        SplittableRandom random = new SplittableRandom(7);
        int rejected = 0;
        for (int e = 0; e < experiments; e++) {
            SplittableRandom r = random.split();
            Experiment x = Experiments.open("m", "v1", "v2", policy, "mae");
            List<Verdict> announced = new ArrayList<>();
            for (int w = 0; w < windows; w++) {
                double scale = 1 + r.nextDouble();
                Experiments.look(policy, x, WindowEvidence.of("mae", w * W, (w + 1) * W, errors(r, 250, scale),
                    errors(r, 250, scale))).ifPresent(announced::add);
            }
            assertThat(announced).hasSize(1);
            rejected += x.reason.contains("significantly") ? 1 : 0;
        }
        System.out.printf("A/A mae: %d experiments x %d looks: %d significant (%.4f)%n", experiments, windows, rejected,
            (double) rejected / experiments);
        assertThat((double) rejected / experiments).isLessThanOrEqualTo(ALPHA);
    }

    /** MAE and RMSE of n normal errors with the given standard deviation. */
    private static RoleOutcome errors(SplittableRandom r, int n, double sd) {
        double abs = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double e = gaussian(r) * sd;
            abs += Math.abs(e);
            sq += e * e;
        }
        return RoleOutcome.regression(n, abs / n, Math.sqrt(sq / n));
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void shouldPromoteATrulyBetterCandidateExactlyOnce() {
        PromotionPolicy policy = policy(Strategy.SHADOW, "accuracy", 100);
        SplittableRandom random = new SplittableRandom(42);
        int promoted = 0;
        for (int e = 0; e < 200; e++) {
            Run run = simulate(random.split(), policy, 40, 300, 0.06);
            assertThat(run.announced()).as("experiment %d", e).hasSizeLessThanOrEqualTo(1);
            promoted += run.announced().equals(List.of(Verdict.PROMOTE)) ? 1 : 0;
        }
        assertThat(promoted).as("power for +6 points of accuracy within 40 windows").isGreaterThanOrEqualTo(195);

        // One experiment in detail: promoted once; later windows and late labels of earlier ones announce nothing.
        Experiment x = Experiments.open("m", "v1", "v2", policy, "accuracy");
        List<Optional<Verdict>> looks = new ArrayList<>();
        for (int w = 0; w < 20; w++) {
            looks.add(Experiments.look(policy, x, WindowEvidence.of("accuracy", w * W, (w + 1) * W,
                RoleOutcome.classification(300, 240), RoleOutcome.classification(300, 264))));
        }
        looks.add(Experiments.look(policy, x, WindowEvidence.of("accuracy", 0, W, RoleOutcome.classification(600, 480),
            RoleOutcome.classification(600, 528))));
        assertThat(looks.stream().flatMap(Optional::stream).toList()).containsExactly(Verdict.PROMOTE);
        assertThat(x.concluded()).isTrue();
        assertThat(x.decision).isEqualTo("promote");
        assertThat(x.pValue).isLessThan(ALPHA);
        assertThat(x.windowsAfterConclusion).isPositive();
        int decidedAfter = looks.indexOf(Optional.of(Verdict.PROMOTE)) + 1;
        assertThat(x.looks).isEqualTo(decidedAfter);
        assertThat(x.windows).hasSize(decidedAfter);
    }

    @Test
    void shouldReplaceARevisedWindowNotCountItTwice() {
        PromotionPolicy policy = policy(Strategy.AB, "accuracy", 100);
        Experiment x = Experiments.open("m", "v1", "v2", policy, "accuracy");
        Experiments.look(policy, x, WindowEvidence.of("accuracy", 0, W, RoleOutcome.classification(150, 120),
            RoleOutcome.classification(150, 121)));
        assertThat(x.looks).as("below min_samples: no look at the test").isZero();
        assertThat(x.pValue).isNull();
        Experiments.look(policy, x, WindowEvidence.of("accuracy", 0, W, RoleOutcome.classification(250, 200),
            RoleOutcome.classification(250, 201)));
        assertThat(x.championN).isEqualTo(250);
        assertThat(x.candidateN).isEqualTo(250);
        assertThat(x.championValue).isEqualTo(0.8);
        assertThat(x.looks).isEqualTo(1);
        assertThat(x.pValue).isBetween(ALPHA, 1.0);
    }

    @Test
    void shouldKeepAtTheHorizonWithTheCumulativeEvidence() {
        PromotionPolicy policy = policy(Strategy.AB, "accuracy", 3);
        Experiment x = Experiments.open("m", "v1", "v2", policy, "accuracy");
        List<Verdict> announced = new ArrayList<>();
        for (int w = 0; w < 5; w++) {
            Experiments.look(policy, x, WindowEvidence.of("accuracy", w * W, (w + 1) * W,
                RoleOutcome.classification(300, 240), RoleOutcome.classification(300, 241))).ifPresent(announced::add);
        }
        assertThat(announced).containsExactly(Verdict.KEEP);
        assertThat(x.reason).startsWith("horizon reached (max_windows 3)");
        assertThat(x.looks).isEqualTo(3);
        assertThat(x.championN).isEqualTo(900);
        assertThat(x.decidedAtWindowEnd).isEqualTo(3 * W);
        assertThat(x.windowsAfterConclusion).isEqualTo(2);

        PromotionPolicy shortWindow = new PromotionPolicy(Strategy.AB, "accuracy", null, 200, ALPHA, 0.05, 100, 2 * W, 0.05);
        Experiment y = Experiments.open("m", "v1", "v2", shortWindow, "accuracy");
        assertThat(Experiments.look(shortWindow, y, WindowEvidence.of("accuracy", 0, W, RoleOutcome.classification(300, 240),
            RoleOutcome.classification(300, 241)))).isEmpty();
        assertThat(Experiments.look(shortWindow, y, WindowEvidence.of("accuracy", W, 2 * W,
            RoleOutcome.classification(300, 240), RoleOutcome.classification(300, 241)))).contains(Verdict.KEEP);
        assertThat(y.reason).contains("max_duration");
    }

    @Test
    void shouldRollBackACanaryThatIsWorseBeyondMaxDegradationAndKeepAWorseShadow() {
        PromotionPolicy canary = policy(Strategy.CANARY, "accuracy", 100);
        Experiment x = Experiments.open("m", "v1", "v2", canary, "accuracy");
        Optional<Verdict> v = Optional.empty();
        for (int w = 0; w < 10 && v.isEmpty(); w++) {
            v = Experiments.look(canary, x, WindowEvidence.of("accuracy", w * W, (w + 1) * W,
                RoleOutcome.classification(2000, 1800), RoleOutcome.classification(200, 160)));
        }
        assertThat(v).contains(Verdict.ROLLBACK);
        assertThat(x.reason).contains("max_degradation");

        PromotionPolicy shadow = policy(Strategy.SHADOW, "accuracy", 100);
        Experiment y = Experiments.open("m", "v1", "v2", shadow, "accuracy");
        v = Optional.empty();
        for (int w = 0; w < 10 && v.isEmpty(); w++) {
            v = Experiments.look(shadow, y, WindowEvidence.of("accuracy", w * W, (w + 1) * W,
                RoleOutcome.classification(400, 360), RoleOutcome.classification(400, 320)));
        }
        assertThat(v).contains(Verdict.KEEP);
        assertThat(y.reason).contains("significantly worse");
    }

    @Test
    void shouldTreatALowerErrorAsBetter() {
        PromotionPolicy policy = policy(Strategy.AB, "rmse", 100);
        Experiment x = Experiments.open("m", "v1", "v2", policy, "rmse");
        Optional<Verdict> v = Optional.empty();
        for (int w = 0; w < 10 && v.isEmpty(); w++) {
            v = Experiments.look(policy, x, WindowEvidence.of("rmse", w * W, (w + 1) * W, RoleOutcome.regression(400, 1.0, 1.25),
                RoleOutcome.regression(400, 0.8, 1.0)));
        }
        assertThat(v).contains(Verdict.PROMOTE);
        assertThat(x.championValue).isCloseTo(1.25, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(x.difference).isNegative();
    }

    @Test
    void shouldReportTheLowerBoundOfTheDisagreementRate() {
        assertThat(Disagreement.lowerBound(Map.of("a", 70L, "b", 30L), Map.of("a", 50L, "b", 50L))).isCloseTo(0.2,
            org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Disagreement.lowerBound(Map.of("a", 10L), Map.of("b", 5L))).isEqualTo(1.0);
        assertThat(Disagreement.lowerBound(Map.of(), Map.of("b", 5L))).isNull();
        PromotionPolicy policy = policy(Strategy.SHADOW, "accuracy", 100);
        Experiment x = Experiments.open("m", "v1", "v2", policy, "accuracy");
        Experiments.look(policy, x, WindowEvidence.of("accuracy", 0, W, RoleOutcome.classification(100, 80),
            RoleOutcome.classification(100, 90)).withPredictions(Map.of("fraud", 30L, "legit", 70L),
            Map.of("fraud", 40L, "legit", 60L)));
        Experiments.look(policy, x, WindowEvidence.of("accuracy", W, 2 * W, RoleOutcome.classification(100, 80),
            RoleOutcome.classification(100, 90)).withPredictions(Map.of("fraud", 30L, "legit", 70L),
            Map.of("fraud", 60L, "legit", 40L)));
        // pooled: champion 60/200 fraud, candidate 100/200
        assertThat(x.disagreementRate).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void shouldContinueAnExperimentRestoredFromItsStoredStateAsIfNeverInterrupted() throws IOException {
        ObjectMapper json = new ObjectMapper();
        PromotionPolicy policy = policy(Strategy.SHADOW, "accuracy", 100);
        SplittableRandom random = new SplittableRandom(5);
        List<WindowEvidence> evidence = new ArrayList<>();
        for (int w = 0; w < 30; w++) {
            evidence.add(WindowEvidence.of("accuracy", w * W, (w + 1) * W, RoleOutcome.classification(300, binomial(random, 300, 0.8)),
                RoleOutcome.classification(300, binomial(random, 300, 0.85))));
        }
        Experiment straight = Experiments.open("m", "v1", "v2", policy, "accuracy");
        List<Verdict> straightVerdicts = new ArrayList<>();
        evidence.forEach(e -> Experiments.look(policy, straight, e).ifPresent(straightVerdicts::add));

        Experiment restarted = Experiments.open("m", "v1", "v2", policy, "accuracy");
        List<Verdict> restartedVerdicts = new ArrayList<>();
        for (WindowEvidence e : evidence) {
            restarted = json.readValue(json.writeValueAsBytes(restarted), Experiment.class); // a restart before every look
            Experiments.look(policy, restarted, json.readValue(json.writeValueAsBytes(e), WindowEvidence.class))
                .ifPresent(restartedVerdicts::add);
        }
        assertThat(straightVerdicts).containsExactly(Verdict.PROMOTE);
        assertThat(restartedVerdicts).isEqualTo(straightVerdicts);
        assertThat(json.writeValueAsString(restarted)).isEqualTo(json.writeValueAsString(straight));
    }

    @Test
    void shouldNameAnExperimentByModelVersionsAndStrategy() {
        String id = Experiments.experimentId("m", "v1", "v2", "shadow");
        assertThat(Experiments.experimentId("m", "v1", "v2", "shadow")).isEqualTo(id);
        assertThat(Experiments.experimentId("m", "v1", "v3", "shadow")).isNotEqualTo(id);
        assertThat(Experiments.experimentId("m", "v1", "v2", "ab")).isNotEqualTo(id);
    }
}
