package io.driftmonitor.stats;

import static io.driftmonitor.stats.Reference.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Proportion z-test, multiple testing and the sequential detectors. */
class SmallTestsTest {

    static Stream<JsonNode> ztest() {
        return Reference.cases("ztest.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ztest")
    void shouldMatchScipyProportionZTest(JsonNode c) {
        ProportionZTest.Result r = ProportionZTest.test(c.get("reference_successes").asLong(),
            c.get("reference_count").asLong(), c.get("current_successes").asLong(), c.get("current_count").asLong());
        assertClose("z", r.z(), c.get("z").asDouble());
        assertClose("p", r.pValue(), c.get("p_value").asDouble(), Reference.RELATIVE, 1e-300);
    }

    @Test
    void shouldAdjustPValuesLikeBonferroniAndBenjaminiHochberg() {
        double[] p = {0.01, 0.04, 0.03, 0.005, Double.NaN};
        assertThat(MultipleTesting.adjust(p, MultipleTesting.Correction.BONFERRONI))
            .containsExactly(new double[] {0.04, 0.16, 0.12, 0.02, Double.NaN}, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(MultipleTesting.adjust(p, MultipleTesting.Correction.BENJAMINI_HOCHBERG))
            .containsExactly(new double[] {0.02, 0.04, 0.04, 0.02, Double.NaN}, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(MultipleTesting.reject(p, 0.03, MultipleTesting.Correction.BENJAMINI_HOCHBERG))
            .containsExactly(true, false, false, true, false);
    }

    @Test
    void shouldDowngradeDriftThatDoesNotSurviveBonferroni() {
        DriftDecision strong = decision(DriftStatus.DRIFT, 1e-6);
        DriftDecision weak = decision(DriftStatus.DRIFT, 0.006);
        DriftDecision none = decision(DriftStatus.OK, Double.NaN);
        List<DriftDecision> out = MultipleTesting.apply(List.of(strong, weak, none),
            MultipleTesting.Correction.BONFERRONI, 0.05, 0.01);
        assertThat(out.get(0).status()).isEqualTo(DriftStatus.DRIFT);
        assertThat(out.get(1).status()).isEqualTo(DriftStatus.WARN);
        assertThat(out.get(1).adjustedPValue()).isEqualTo(0.012, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(out.get(2)).isEqualTo(none);
    }

    @Test
    void shouldAlarmPageHinkleyAfterALevelShiftOnly() {
        PageHinkley ph = new PageHinkley(0.01, 0.5, 5);
        for (int i = 0; i < 50; i++) {
            assertThat(ph.update(0.05 + 0.01 * Math.sin(i))).isFalse();
        }
        int alarmAt = -1;
        for (int i = 0; i < 50 && alarmAt < 0; i++) {
            if (ph.update(0.3)) {
                alarmAt = i;
            }
        }
        assertThat(alarmAt).isBetween(0, 5);
        double[] state = ph.state();
        PageHinkley copy = new PageHinkley(0.01, 0.5, 5);
        copy.restore(state);
        assertThat(copy.statistic()).isEqualTo(ph.statistic());
    }

    @Test
    void shouldAlarmCusumOnASustainedShift() {
        Cusum cusum = new Cusum(0.05, 0.02, 0.2);
        for (int i = 0; i < 100; i++) {
            assertThat(cusum.update(0.05 + (i % 2 == 0 ? 0.015 : -0.015))).isFalse();
        }
        int steps = 0;
        while (!cusum.update(0.2)) {
            steps++;
        }
        assertThat(steps).isLessThanOrEqualTo(2);
        assertThat(cusum.upwardAlarm()).isTrue();
    }

    private static DriftDecision decision(DriftStatus status, double p) {
        return new DriftDecision(DriftMetric.KS, status, 0.3, 0.1, 0.2, p, p, 1000, 1000, ThresholdMode.STATIC);
    }
}
