package io.driftmonitor.performance;

import static io.driftmonitor.stats.Reference.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.stats.Reference;
import org.junit.jupiter.api.Test;

/** The binned label-free estimate against NumPy (tools/reference/generate_reference.py, label_free_case). */
class LabelFreeEstimateTest {
    private static final JsonNode REF = Reference.load("label_free.json");

    private static long[] longs(JsonNode array) {
        long[] v = new long[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asLong();
        }
        return v;
    }

    @Test
    void shouldMatchNumpyIsotonicCalibrationAndExpectedConfusion() {
        ScoreHistogram reference = ScoreHistogram.of(longs(REF.get("reference_positives")),
            longs(REF.get("reference_negatives")), 0);
        ScoreHistogram window = ScoreHistogram.of(longs(REF.get("window_predicted_positive")),
            longs(REF.get("window_predicted_negative")), 0);
        LabelFreeEstimate.Result r = LabelFreeEstimate.estimate(reference, window, 100).orElseThrow();
        assertClose("accuracy", r.accuracy(), REF.get("accuracy").asDouble());
        assertClose("precision", r.precision(), REF.get("precision").asDouble());
        assertClose("recall", r.recall(), REF.get("recall").asDouble());
        assertClose("f1", r.f1(), REF.get("f1").asDouble());
        assertClose("roc_auc", r.rocAuc(), REF.get("roc_auc").asDouble());
        assertClose("standard error", r.accuracyStandardError(), REF.get("accuracy_standard_error").asDouble());
        assertThat(r.records()).isEqualTo(4000);
        assertThat(r.calibrationLabels()).isEqualTo(6000);
    }

    @Test
    void shouldNotEstimateFromTooFewLabelsOrOneClass() {
        ScoreHistogram window = new ScoreHistogram(1000);
        window.add(0.7, true);
        ScoreHistogram reference = new ScoreHistogram(1000);
        reference.add(0.8, true);
        reference.add(0.2, false);
        assertThat(LabelFreeEstimate.estimate(reference, window, 3)).isEmpty();
        assertThat(LabelFreeEstimate.estimate(reference, window, 2)).isPresent();
        ScoreHistogram positivesOnly = new ScoreHistogram(1000);
        positivesOnly.add(0.8, true);
        positivesOnly.add(0.3, true);
        assertThat(LabelFreeEstimate.estimate(positivesOnly, window, 1)).isEmpty();
        assertThat(LabelFreeEstimate.estimate(reference, new ScoreHistogram(1000), 1)).isEmpty();
    }

    @Test
    void shouldEstimateTheRealisedAccuracyWhenTheCalibrationHolds() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        ScoreHistogram reference = new ScoreHistogram(1000);
        for (int i = 0; i < 20_000; i++) {
            double s = random.nextDouble();
            reference.add(s, random.nextDouble() < s * s);
        }
        ScoreHistogram window = new ScoreHistogram(1000);
        long correct = 0;
        int n = 5000;
        for (int i = 0; i < n; i++) {
            double s = Math.sqrt(random.nextDouble());
            boolean positive = random.nextDouble() < s * s;
            boolean predicted = s >= 0.5;
            window.add(s, predicted);
            correct += positive == predicted ? 1 : 0;
        }
        LabelFreeEstimate.Result r = LabelFreeEstimate.estimate(reference, window, 100).orElseThrow();
        assertThat(Math.abs(r.accuracy() - (double) correct / n)).isLessThan(4 * r.accuracyStandardError() + 0.01);
    }
}
