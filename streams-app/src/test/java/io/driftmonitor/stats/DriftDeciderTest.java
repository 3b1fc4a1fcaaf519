package io.driftmonitor.stats;

import static io.driftmonitor.stats.Reference.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DriftDeciderTest {
    private static final double[] EDGES = {-1.5, -0.5, 0.5, 1.5};
    private final DriftDecider decider = new DriftDecider();

    static Stream<JsonNode> psiThresholds() {
        return Reference.cases("psi_threshold.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("psiThresholds")
    void shouldMatchScipyChiSquarePsiThresholdAndPValue(JsonNode c) {
        long n = c.get("reference_count").asLong();
        long m = c.get("current_count").asLong();
        int k = c.get("bins").asInt();
        double alpha = c.get("alpha").asDouble();
        assertClose("threshold", ThresholdCalibration.psiThreshold(n, m, k, alpha), c.get("threshold").asDouble());
        assertClose("p", DriftMetrics.psiPValue(0.1, n, m, k), c.get("p_value_at_0_1").asDouble(),
            Reference.RELATIVE, 1e-300);
    }

    @Test
    void shouldReportInsufficientDataBelowTheMinimumSampleSize() {
        NumericHistogram baseline = normal(5000, 0.0, 1);
        NumericHistogram window = normal(50, 3.0, 2);
        DriftDecision d = decider.decide(DecisionRule.defaults(DriftMetric.PSI), baseline, window);
        assertThat(d.status()).isEqualTo(DriftStatus.INSUFFICIENT_DATA);
        assertThat(d.currentCount()).isEqualTo(50);
        assertThat(d.value()).isGreaterThan(0.25);
    }

    @Test
    void shouldEmitDriftWhenTheWindowShiftsFarAndSignificantly() {
        DriftDecision d = decider.decide(DecisionRule.defaults(DriftMetric.PSI), normal(5000, 0, 1), normal(1000, 1.0, 2));
        assertThat(d.status()).isEqualTo(DriftStatus.DRIFT);
        assertThat(d.value()).isGreaterThan(0.25);
        assertThat(d.pValue()).isLessThan(0.01);
        assertThat(d.threshold()).isEqualTo(0.25);
    }

    @Test
    void shouldNotCryWolfOnALargePsiFromATinyWindow() {
        DecisionRule rule = DecisionRule.defaults(DriftMetric.PSI).withMinSampleSize(5);
        int drifts = 0;
        for (int seed = 0; seed < 100; seed++) {
            DriftDecision d = decider.decide(rule, normal(5000, 0, 1000 + seed), normal(8, 0, seed));
            if (d.status() == DriftStatus.DRIFT) {
                drifts++;
            }
        }
        assertThat(drifts).isLessThanOrEqualTo(3);
    }

    @Test
    void shouldStayOkForTheSameDistribution() {
        DriftDecision d = decider.decide(DecisionRule.defaults(DriftMetric.JS), normal(5000, 0, 1), normal(2000, 0, 2));
        assertThat(d.status()).isEqualTo(DriftStatus.OK);
    }

    @Test
    void shouldCalibratePsiThresholdsToTheWindowSize() {
        DecisionRule rule = DecisionRule.calibrated(DriftMetric.PSI, 0.05, 0.01);
        DriftDecision small = decider.decide(rule, normal(5000, 0, 1), normal(200, 0, 2));
        DriftDecision large = decider.decide(rule, normal(5000, 0, 1), normal(5000, 0, 3));
        assertThat(small.driftThreshold()).isGreaterThan(large.driftThreshold());
        assertThat(small.driftThreshold()).isGreaterThan(small.warnThreshold());
        int k = DriftMetrics.nonEmptyBins(normal(5000, 0, 1).counts(), normal(200, 0, 2).counts());
        assertThat(small.driftThreshold()).isEqualTo(ThresholdCalibration.psiThreshold(5000, 200, k, 0.01));
    }

    @Test
    void shouldHoldTheFalseAlarmRateOfCalibratedResampledThresholds() {
        DecisionRule rule = DecisionRule.calibrated(DriftMetric.HELLINGER, 0.10, 0.05).withResampling(400, 11);
        NumericHistogram baseline = normal(3000, 0, 1);
        int warnings = 0;
        for (int seed = 0; seed < 200; seed++) {
            DriftDecision d = decider.decide(rule, baseline, normal(300, 0, 100 + seed));
            if (d.status() != DriftStatus.OK) {
                warnings++;
            }
        }
        assertThat(warnings).isBetween(4, 40);
    }

    @Test
    void shouldDetectShiftWithCalibratedResampledThresholds() {
        DecisionRule rule = DecisionRule.calibrated(DriftMetric.WASSERSTEIN_NORM, 0.05, 0.01).withResampling(300, 5);
        DriftDecision d = decider.decide(rule, normal(3000, 0, 1), normal(500, 0.5, 2));
        assertThat(d.status()).isEqualTo(DriftStatus.DRIFT);
        assertThat(d.pValue()).isLessThanOrEqualTo(1.0 / 301 + 1e-12);
    }

    @Test
    void shouldUseChiSquareCriticalValuesForCategoricalSignals() {
        CategoricalHistogram ref = CategoricalHistogram.of(java.util.List.of("a", "b"), new long[] {500, 500, 0}, 0);
        CategoricalHistogram cur = CategoricalHistogram.of(java.util.List.of("a", "b"), new long[] {300, 200, 0}, 0);
        DriftDecision d = decider.decide(DecisionRule.defaults(DriftMetric.CHI2), ref, cur);
        assertThat(d.mode()).isEqualTo(ThresholdMode.CALIBRATED);
        assertClose("chi2 crit", d.driftThreshold(), 6.6348966010212145);
        assertThat(d.status()).isEqualTo(DriftStatus.DRIFT);
    }

    @Test
    void shouldCalibrateKsToTheCriticalValueOfItsPValue() {
        for (long[] nm : new long[][] {{300, 200}, {5000, 5000}, {50000, 2000}}) {
            double crit = ThresholdCalibration.ksCriticalValue(nm[0], nm[1], 0.01);
            assertThat(KolmogorovSmirnov.pValue(crit, nm[0], nm[1])).isLessThanOrEqualTo(0.01);
            assertThat(KolmogorovSmirnov.pValue(crit * (1 - 1e-6), nm[0], nm[1])).isGreaterThan(0.01);
        }
        DecisionRule rule = DecisionRule.calibrated(DriftMetric.KS, 0.05, 0.01);
        DriftDecision d = decider.decide(rule, normal(5000, 0, 1), normal(1000, 0.3, 2));
        assertThat(d.status()).isEqualTo(DriftStatus.DRIFT);
        assertThat(d.value()).isGreaterThanOrEqualTo(d.driftThreshold());
    }

    @Test
    void shouldFlagARiseInMissingValuesOnlyWhenSignificant() {
        NumericHistogram baseline = normal(5000, 0, 1);
        for (int i = 0; i < 100; i++) {
            baseline.addMissing();
        }
        NumericHistogram window = normal(1000, 0, 2);
        for (int i = 0; i < 200; i++) {
            window.add(Double.NaN);
        }
        DriftDecision d = decider.decide(DecisionRule.defaults(DriftMetric.MISSING_RATE), baseline, window);
        assertThat(d.value()).isCloseTo(200.0 / 1200 - 100.0 / 5100, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(d.status()).isEqualTo(DriftStatus.DRIFT);
        assertThat(d.pValue()).isLessThan(1e-6);
        assertThat(d.currentCount()).isEqualTo(1200);
    }

    @Test
    void shouldReportNewCategoriesInAWindow() {
        CategoricalHistogram ref = CategoricalHistogram.of(java.util.List.of("a", "b"), new long[] {600, 400, 0}, 0);
        CategoricalHistogram cur = CategoricalHistogram.of(java.util.List.of("a", "b"), new long[] {280, 200, 20}, 0);
        DriftDecision d = decider.decide(DecisionRule.defaults(DriftMetric.NEW_CATEGORY_SHARE), ref, cur);
        assertThat(d.value()).isEqualTo(0.04);
        assertThat(d.status()).isEqualTo(DriftStatus.WARN);
    }

    @Test
    void shouldRejectMetricsThatDoNotApplyToTheSignalKind() {
        CategoricalHistogram ref = CategoricalHistogram.of(java.util.List.of("a"), new long[] {5, 0}, 0);
        assertThatThrownBy(() -> decider.decide(DecisionRule.defaults(DriftMetric.KS), ref, ref.copy()))
            .isInstanceOf(IllegalArgumentException.class);
    }

    static NumericHistogram normal(int n, double shift, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        NumericHistogram h = new NumericHistogram(EDGES);
        for (int i = 0; i < n; i++) {
            h.add(r.nextGaussian() + shift);
        }
        return h;
    }
}
