package io.driftmonitor.drift;

import static io.driftmonitor.stats.Reference.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.state.PerformancePartial;
import io.driftmonitor.stats.Reference;
import org.junit.jupiter.api.Test;

/** Against SciPy: tools/reference/generate_reference.py, performance_baseline_case. */
class PerformanceBaselineTest {
    private static final JsonNode REF = Reference.load("performance_baseline.json");

    private static PerformancePartial outcomes(long aa, long ab, long bb, long ba) {
        PerformancePartial p = new PerformancePartial("m", 0, 10, "");
        add(p, "a", "a", aa);
        add(p, "a", "b", ab);
        add(p, "b", "b", bb);
        add(p, "b", "a", ba);
        return p;
    }

    private static void add(PerformancePartial p, String actual, String predicted, long n) {
        for (long i = 0; i < n; i++) {
            p.addClassification(actual, predicted, null, null, 0);
        }
    }

    @Test
    void shouldTestTheAccuracyDropAndTheLabelShiftLikeScipy() {
        PerformancePartial reference = outcomes(250, 50, 160, 40); // 410 of 500 right; labels a 300, b 200
        PerformancePartial window = outcomes(80, 20, 80, 40);      // 160 of 220 right; labels a 100, b 120
        Map<String, Double> c = PerformanceBaseline.compare(window, reference, 0.01);
        assertClose("drop", c.get("accuracy_drop"), REF.get("accuracy_drop").asDouble());
        assertClose("drop p", c.get("accuracy_drop_p_value"), REF.get("accuracy_drop_p_value").asDouble());
        assertClose("label shift p", c.get("label_shift_p_value"), REF.get("label_shift_p_value").asDouble());
        assertThat(c.get("accuracy_baseline")).isEqualTo(0.82);
        assertThat(c.get("accuracy_significant_drop")).as("p < alpha").isEqualTo(c.get("accuracy_drop"));
        assertThat(PerformanceBaseline.compare(window, reference, 0.001).get("accuracy_significant_drop"))
            .as("not significant at 0.001").isZero();
        assertThat(PerformanceBaseline.compare(reference, window, 0.01).get("accuracy_drop_p_value"))
            .as("a rise is no drop").isGreaterThan(0.99);
    }

    @Test
    void shouldMeasureTheCalibrationShiftOverScoreDecilesWithEnoughLabels() {
        PerformancePartial reference = new PerformancePartial("m", 0, 10, "");
        PerformancePartial window = new PerformancePartial("m", 10, 20, "");
        for (int i = 0; i < 100; i++) {
            reference.addClassification("x", "x", 0.85, i < 80, 0);  // decile 8: 80% positive
            window.addClassification("x", "x", 0.86, i < 50, 0);     // decile 8: 50% positive
            reference.addClassification("x", "x", 0.15, i < 10, 0);  // decile 1: 10% positive
            window.addClassification("x", "x", 0.12, i < 10, 0);
        }
        window.addClassification("x", "x", 0.55, true, 0);          // decile 5: too few labels to count
        assertThat(PerformanceBaseline.compare(window, reference, 0.01).get("calibration_shift"))
            .isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-12));
    }
}
