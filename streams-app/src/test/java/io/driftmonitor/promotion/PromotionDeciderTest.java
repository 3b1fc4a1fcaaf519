package io.driftmonitor.promotion;

import static io.driftmonitor.stats.Reference.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.driftmonitor.promotion.PromotionDecision.Verdict;
import io.driftmonitor.promotion.PromotionPolicy.Strategy;
import org.junit.jupiter.api.Test;

/** The promotion decision, checked against SciPy (promotion/generate_promotion_reference.py). */
class PromotionDeciderTest {
    private static final double REL = 1e-9;
    private static final JsonNode CASES = load();

    private static JsonNode load() {
        try (InputStream in = PromotionDeciderTest.class.getResourceAsStream("/promotion/promotion_cases.json")) {
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PromotionPolicy policy(Strategy strategy, String metric, long minSamples) {
        return new PromotionPolicy(strategy, metric, null, minSamples, 0.05, 0.05);
    }

    @Test
    void shouldMatchScipyWelchOnAbsoluteErrorsFromMaeAndRmseAlone() {
        for (JsonNode c : CASES.get("welch")) {
            RoleOutcome champion = RoleOutcome.regression(c.at("/champion/n").asLong(), c.at("/champion/mae").asDouble(),
                c.at("/champion/rmse").asDouble());
            RoleOutcome candidate = RoleOutcome.regression(c.at("/candidate/n").asLong(), c.at("/candidate/mae").asDouble(),
                c.at("/candidate/rmse").asDouble());
            PromotionDecision d = PromotionDecider.decide(policy(Strategy.AB, "mae", 2), champion, candidate);
            assertMatches(d, "welch_t", c);
            assertMatches(PromotionDecider.decide(policy(Strategy.AB, "rmse", 2), champion, candidate), "mse_z", c.get("mse_z"));
        }
    }

    @Test
    void shouldMatchThePooledTwoProportionZTestOnAccuracy() {
        for (JsonNode c : CASES.get("accuracy")) {
            PromotionDecision d = PromotionDecider.decide(policy(Strategy.SHADOW, null, 2),
                RoleOutcome.classification(c.at("/champion/n").asLong(), c.at("/champion/correct").asLong()),
                RoleOutcome.classification(c.at("/candidate/n").asLong(), c.at("/candidate/correct").asLong()));
            assertThat(d.metric()).isEqualTo("accuracy");
            assertMatches(d, "two_proportion_z", c);
        }
    }

    @Test
    void shouldMatchHanleyMcNeilOnRocAuc() {
        for (JsonNode c : CASES.get("auc")) {
            JsonNode a = c.get("champion");
            JsonNode b = c.get("candidate");
            assertClose("variance", TwoSampleTests.hanleyMcNeilVariance(a.get("auc").asDouble(), a.get("positives").asLong(),
                a.get("negatives").asLong()), a.get("variance").asDouble());
            PromotionDecision d = PromotionDecider.decide(policy(Strategy.SHADOW, "roc_auc", 2),
                new RoleOutcome(0, 0, a.get("auc").asDouble(), a.get("positives").asLong(), a.get("negatives").asLong(), 0,
                    Double.NaN, Double.NaN),
                new RoleOutcome(0, 0, b.get("auc").asDouble(), b.get("positives").asLong(), b.get("negatives").asLong(), 0,
                    Double.NaN, Double.NaN));
            assertMatches(d, "hanley_mcneil_z", c);
        }
    }

    /** The decision's test, statistic and p-value are SciPy's {@code statistic} and {@code p_value}. */
    private static void assertMatches(PromotionDecision d, String test, JsonNode expected) {
        assertThat(d.test()).isEqualTo(test);
        assertClose(test + " statistic", d.statistic(), expected.get("statistic").asDouble(), REL, 1e-12);
        assertClose(test + " p", d.pValue(), expected.get("p_value").asDouble(), 1e-8, 1e-14);
    }

    @Test
    void shouldPromoteASignificantlyBetterShadowAndKeepAWorseOne() {
        PromotionPolicy shadow = policy(Strategy.SHADOW, null, 200);
        RoleOutcome champion = RoleOutcome.classification(400, 320); // 0.80
        PromotionDecision better = PromotionDecider.decide(shadow, champion, RoleOutcome.classification(400, 360)); // 0.90
        assertThat(better.verdict()).isEqualTo(Verdict.PROMOTE);
        assertThat(better.sufficient()).isTrue();
        assertThat(better.pValue()).isLessThan(0.05);
        assertThat(PromotionDecider.decide(shadow, champion, RoleOutcome.classification(400, 280)).verdict())
            .as("a worse shadow is not rolled back: it serves no traffic").isEqualTo(Verdict.KEEP);
        assertThat(PromotionDecider.decide(shadow, champion, RoleOutcome.classification(400, 325)).verdict())
            .as("not significant").isEqualTo(Verdict.KEEP);
    }

    @Test
    void shouldKeepWithoutEnoughSamplesWhateverTheDifference() {
        PromotionDecision d = PromotionDecider.decide(policy(Strategy.AB, null, 200), RoleOutcome.classification(150, 60),
            RoleOutcome.classification(150, 150));
        assertThat(d.verdict()).isEqualTo(Verdict.KEEP);
        assertThat(d.sufficient()).isFalse();
        assertThat(d.reason()).contains("insufficient").contains("min_samples 200");
        assertThat(PromotionDecider.decide(policy(Strategy.AB, null, 200), RoleOutcome.NONE, RoleOutcome.NONE).sufficient())
            .isFalse();
    }

    @Test
    void shouldRollBackACanaryOnlyWhenSignificantlyWorseBeyondMaxDegradation() {
        PromotionPolicy canary = policy(Strategy.CANARY, "accuracy", 200);
        RoleOutcome champion = RoleOutcome.classification(2000, 1800); // 0.90
        PromotionDecision worse = PromotionDecider.decide(canary, champion, RoleOutcome.classification(400, 320)); // 0.80
        assertThat(worse.verdict()).isEqualTo(Verdict.ROLLBACK);
        assertThat(worse.reason()).contains("max_degradation");
        // 0.87 is significantly worse with n = 20000 but only 3.3 % below 0.90: within max_degradation 5 %
        PromotionDecision slightly = PromotionDecider.decide(canary, RoleOutcome.classification(20000, 18000),
            RoleOutcome.classification(20000, 17400));
        assertThat(slightly.pValue()).isLessThan(0.05);
        assertThat(slightly.verdict()).isEqualTo(Verdict.KEEP);
        assertThat(PromotionDecider.decide(canary, champion, RoleOutcome.classification(400, 380)).verdict())
            .isEqualTo(Verdict.PROMOTE);
    }

    @Test
    void shouldTreatLowerErrorsAsBetter() {
        PromotionPolicy ab = policy(Strategy.CANARY, null, 200);
        RoleOutcome champion = RoleOutcome.regression(500, 1.0, 1.25);
        PromotionDecision better = PromotionDecider.decide(ab, champion, RoleOutcome.regression(500, 0.7, 0.9));
        assertThat(better.metric()).isEqualTo("mae");
        assertThat(better.statistic()).isNegative();
        assertThat(better.verdict()).isEqualTo(Verdict.PROMOTE);
        assertThat(PromotionDecider.decide(ab, champion, RoleOutcome.regression(500, 1.4, 1.75)).verdict())
            .isEqualTo(Verdict.ROLLBACK);
    }

    @Test
    void shouldRejectInvalidPoliciesNamingTheKey() {
        assertThatThrownBy(() -> new PromotionPolicy(Strategy.AB, "f1", null, 200, 0.05, 0.05)).hasMessageStartingWith("metric:");
        assertThatThrownBy(() -> new PromotionPolicy(Strategy.AB, null, "champion", 200, 0.05, 0.05))
            .hasMessageStartingWith("role:");
        assertThatThrownBy(() -> new PromotionPolicy(Strategy.AB, null, null, 1, 0.05, 0.05)).hasMessageStartingWith("min_samples:");
        assertThatThrownBy(() -> new PromotionPolicy(Strategy.AB, null, null, 200, 1.5, 0.05)).hasMessageStartingWith("alpha:");
        assertThatThrownBy(() -> new PromotionPolicy(Strategy.AB, null, null, 200, 0.05, -1)).hasMessageStartingWith("max_degradation:");
        assertThatThrownBy(() -> Strategy.parse("bandit")).hasMessageStartingWith("strategy:");
        assertThat(new PromotionPolicy(Strategy.CANARY, null, null, 200, 0.05, 0.05).role()).isEqualTo(Roles.CANARY);
    }
}
