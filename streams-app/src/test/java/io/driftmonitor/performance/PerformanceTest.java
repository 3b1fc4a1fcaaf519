package io.driftmonitor.performance;

import static io.driftmonitor.stats.Reference.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.stats.Reference;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PerformanceTest {
    private static final JsonNode REF = Reference.load("performance.json");

    @Test
    void shouldMatchNumpyConfusionMatrixAndMulticlassScores() {
        JsonNode c = REF.get("multiclass");
        List<String> labels = Reference.strings(c.get("labels"));
        List<String> actual = Reference.strings(c.get("actual"));
        List<String> predicted = Reference.strings(c.get("predicted"));
        ConfusionMatrix a = new ConfusionMatrix(labels);
        ConfusionMatrix b = new ConfusionMatrix(labels);
        for (int i = 0; i < actual.size(); i++) {
            (i % 3 == 0 ? a : b).add(actual.get(i), predicted.get(i));
        }
        a.merge(b);
        for (int i = 0; i < labels.size(); i++) {
            for (int j = 0; j < labels.size(); j++) {
                assertThat(a.count(labels.get(i), labels.get(j))).isEqualTo(c.get("confusion").get(i).get(j).asLong());
            }
            assertClose("precision", a.precision(labels.get(i)), c.get("precision").get(i).asDouble());
            assertClose("recall", a.recall(labels.get(i)), c.get("recall").get(i).asDouble());
            assertClose("f1", a.f1(labels.get(i)), c.get("f1").get(i).asDouble());
        }
        assertClose("accuracy", a.accuracy(), c.get("accuracy").asDouble());
        assertClose("macro precision", a.macroPrecision(), c.get("macro_precision").asDouble());
        assertClose("macro recall", a.macroRecall(), c.get("macro_recall").asDouble());
        assertClose("macro f1", a.macroF1(), c.get("macro_f1").asDouble());
        assertClose("micro f1", a.microF1(), c.get("micro_f1").asDouble());
    }

    @Test
    void shouldMatchScipyAucOfBinnedScoresAndBoundTheRawAuc() {
        JsonNode c = REF.get("binary");
        double[] scores = Reference.doubles(c.get("scores"));
        long[] labels = Reference.longs(c.get("labels"));
        ScoreHistogram h = new ScoreHistogram(1000);
        ProbabilisticMetrics pm = new ProbabilisticMetrics(10, 0.5);
        ProbabilisticMetrics other = new ProbabilisticMetrics(10, 0.5);
        ConfusionMatrix cm = new ConfusionMatrix(List.of("1", "0"));
        for (int i = 0; i < scores.length; i++) {
            boolean positive = labels[i] == 1;
            h.add(scores[i], positive);
            (i % 2 == 0 ? pm : other).add(scores[i], positive);
            cm.add(positive ? "1" : "0", scores[i] >= 0.5 ? "1" : "0");
        }
        pm.merge(other);
        assertClose("binned auc", h.rocAuc(), c.get("auc_binned_1000").asDouble());
        assertThat(Math.abs(h.rocAuc() - c.get("auc").asDouble())).isLessThanOrEqualTo(h.aucErrorBound());
        assertThat(h.aucErrorBound()).isLessThan(2e-3);
        assertClose("log loss", pm.logLoss(), c.get("log_loss").asDouble());
        assertClose("ece", pm.expectedCalibrationError(), c.get("ece_10").asDouble());
        assertClose("precision", cm.precision("1"), c.get("precision").asDouble());
        assertClose("recall", cm.recall("1"), c.get("recall").asDouble());
        assertClose("f1", cm.f1("1"), c.get("f1").asDouble());
        assertClose("accuracy", cm.accuracy(), c.get("accuracy").asDouble());
    }

    @Test
    void shouldMatchNumpyRegressionErrors() {
        JsonNode c = REF.get("regression");
        double[] actual = Reference.doubles(c.get("actual"));
        double[] predicted = Reference.doubles(c.get("predicted"));
        RegressionMetrics m = new RegressionMetrics();
        RegressionMetrics n = new RegressionMetrics();
        for (int i = 0; i < actual.length; i++) {
            (i < 100 ? m : n).add(actual[i], predicted[i]);
        }
        m.merge(n);
        assertClose("mae", m.mae(), c.get("mae").asDouble());
        assertClose("rmse", m.rmse(), c.get("rmse").asDouble());
        assertClose("mape", m.mape(), c.get("mape").asDouble());
        assertThat(m.zeroActuals()).isEqualTo(5);
    }

    @Test
    void shouldFitIsotonicCalibrationByPoolingAdjacentViolators() {
        IsotonicCalibrator cal = IsotonicCalibrator.fit(new double[] {0.1, 0.2, 0.3, 0.4, 0.4},
            new boolean[] {false, true, false, true, true});
        assertThat(cal.apply(0.1)).isEqualTo(0.0);
        assertThat(cal.apply(0.2)).isEqualTo(0.5);
        assertThat(cal.apply(0.3)).isEqualTo(0.5);
        assertThat(cal.apply(0.4)).isEqualTo(1.0);
        assertThat(cal.apply(0.35)).isEqualTo(0.75, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(cal.apply(-3)).isEqualTo(0.0);
        assertThat(cal.apply(7)).isEqualTo(1.0);
    }

    @Test
    void shouldEstimateAccuracyWithoutLabelsFromCalibratedScores() {
        SplittableRandom r = new SplittableRandom(17);
        int n = 20000;
        double[] refScores = new double[n];
        boolean[] refLabels = new boolean[n];
        for (int i = 0; i < n; i++) {
            double s = r.nextDouble();
            refScores[i] = s;
            refLabels[i] = r.nextDouble() < s * s;
        }
        IsotonicCalibrator cal = IsotonicCalibrator.fit(refScores, refLabels);
        ConfidenceBasedEstimate estimate = new ConfidenceBasedEstimate();
        ConfusionMatrix realised = new ConfusionMatrix(List.of("1", "0"));
        for (int i = 0; i < 5000; i++) {
            double s = Math.sqrt(r.nextDouble());
            boolean label = r.nextDouble() < s * s;
            boolean predicted = s >= 0.5;
            estimate.addBinary(predicted, cal.apply(s));
            realised.add(label ? "1" : "0", predicted ? "1" : "0");
        }
        assertThat(estimate.accuracy()).isCloseTo(realised.accuracy(), org.assertj.core.data.Offset.offset(0.025));
        assertThat(Math.abs(estimate.accuracy() - realised.accuracy())).isLessThan(4 * estimate.accuracyStandardError() + 0.01);
        assertThat(estimate.precision()).isCloseTo(realised.precision("1"), org.assertj.core.data.Offset.offset(0.025));
        assertThat(estimate.recall()).isCloseTo(realised.recall("1"), org.assertj.core.data.Offset.offset(0.025));
        assertThat(estimate.f1()).isCloseTo(realised.f1("1"), org.assertj.core.data.Offset.offset(0.025));
    }
}
