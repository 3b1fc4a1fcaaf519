package io.driftmonitor.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import io.driftmonitor.schema.PredictionEvent;
import org.junit.jupiter.api.Test;

/** The standard scenarios' labelled intervals, their ground truth per signal, and their data. */
class ScenarioTest {
    @Test
    void shouldLabelTheStandardScenariosInWindowIndices() {
        assertThat(Scenario.standard("abrupt", 40).intervals()).containsExactly(new DriftInterval(20, 40));
        assertThat(Scenario.standard("gradual", 40).intervals()).containsExactly(new DriftInterval(10, 40));
        assertThat(Scenario.standard("recurring", 40).intervals())
            .containsExactly(new DriftInterval(10, 15), new DriftInterval(20, 25), new DriftInterval(30, 35));
        assertThat(Scenario.standard("segment", 40).intervals()).containsExactly(new DriftInterval(20, 40));
        assertThat(Scenario.standard("none", 40).intervals()).isEmpty();
        assertThat(Scenario.standard("recurring", 8).intervals())
            .containsExactly(new DriftInterval(2, 3), new DriftInterval(4, 5), new DriftInterval(6, 7));
        assertThatThrownBy(() -> Scenario.standard("sudden", 40)).hasMessageContaining("abrupt, gradual");
        assertThatThrownBy(() -> Scenario.standard("abrupt", 7)).hasMessageContaining("at least 8");
    }

    @Test
    void shouldRampTheGradualDriftOverHalfOfTheWindows() {
        Scenario gradual = Scenario.standard("gradual", 40);
        assertThat(gradual.intensity(9)).isZero();
        assertThat(gradual.intensity(10)).isCloseTo(1 / 20.0, within(1e-12));
        assertThat(gradual.intensity(19)).isCloseTo(0.5, within(1e-12));
        assertThat(gradual.intensity(29)).isEqualTo(1.0);
        assertThat(gradual.intensity(39)).isEqualTo(1.0);
        assertThat(Scenario.standard("abrupt", 40).intensity(20)).isEqualTo(1.0);
    }

    @Test
    void shouldNameTheSignalsEachDriftChanges() {
        Scenario abrupt = Scenario.standard("abrupt", 40);
        assertThat(abrupt.affects("feature:amount", null)).isTrue();
        assertThat(abrupt.affects("score", "country=FR")).isTrue();
        assertThat(abrupt.affects("feature:age", null)).isFalse();
        assertThat(abrupt.affects("feature:distance", "country=DE")).isFalse();
        Scenario segment = Scenario.standard("segment", 40);
        assertThat(segment.affects("feature:amount", "country=DE")).isTrue();
        assertThat(segment.affects("feature:amount", null)).as("a share of the whole model").isTrue();
        assertThat(segment.affects("feature:amount", "country=FR")).isFalse();
        assertThat(segment.intervalsOf("prediction", "country=US")).isEmpty();
        assertThat(Scenario.standard("recurring", 40).affects("feature:merchant", null)).isTrue();
        assertThat(Scenario.standard("none", 40).affects("score", null)).isFalse();
    }

    @Test
    void shouldMakeTheSameDataForTheSameSeedAndShiftItInTheDriftedWindows() {
        Scenario abrupt = Scenario.standard("abrupt", 8);
        long seed = SyntheticPredictions.seedFor(17, "abrupt");
        List<PredictionEvent> a = new SyntheticPredictions(abrupt, seed).window(0, 0, 1000, 50);
        List<PredictionEvent> b = new SyntheticPredictions(abrupt, seed).window(0, 0, 1000, 50);
        assertThat(a).isEqualTo(b);
        assertThat(a).extracting(PredictionEvent::getTimestamp).isSorted().allMatch(t -> t >= 0 && t < 1000);
        assertThat(SyntheticPredictions.seedFor(17, "abrupt")).isNotEqualTo(SyntheticPredictions.seedFor(17, "none"));

        SyntheticPredictions data = new SyntheticPredictions(abrupt, seed);
        double before = meanLogAmount(data.window(3, 0, 1000, 4000));
        double after = meanLogAmount(data.window(4, 0, 1000, 4000));
        assertThat(after - before).isCloseTo(SyntheticPredictions.ABRUPT_SHIFT, within(0.1));
    }

    private static double meanLogAmount(List<PredictionEvent> events) {
        return events.stream().mapToDouble(e -> Math.log((Double) e.getFeatures().get("amount"))).average().orElseThrow();
    }
}
