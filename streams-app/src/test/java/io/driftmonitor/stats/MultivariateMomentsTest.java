package io.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Multivariate moments merge like a single pass, and the PCA error has the rate of false alarms it is calibrated for. */
class MultivariateMomentsTest {
    private static final int D = 3;

    @Provide
    Arbitrary<List<double[]>> rows() {
        return Arbitraries.doubles().between(-1e3, 1e3).array(double[].class).ofSize(D).list().ofMaxSize(40);
    }

    private static MultivariateMoments of(List<double[]> rows) {
        MultivariateMoments m = new MultivariateMoments(D);
        rows.forEach(m::add);
        return m;
    }

    private static void assertSame(MultivariateMoments actual, MultivariateMoments expected) {
        assertThat(actual.count()).isEqualTo(expected.count());
        double[] am = actual.mean();
        double[] em = expected.mean();
        for (int i = 0; i < D; i++) {
            assertThat(am[i]).isCloseTo(em[i], org.assertj.core.data.Offset.offset(1e-9 * (1 + Math.abs(em[i]))));
        }
        double[] ac = actual.comoment();
        double[] ec = expected.comoment();
        double scale = 1;
        for (double v : ec) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < ac.length; i++) {
            assertThat(ac[i]).isCloseTo(ec[i], org.assertj.core.data.Offset.offset(1e-9 * scale));
        }
    }

    @Property
    void mergedMomentsAreTheMomentsOfTheConcatenation(@ForAll("rows") List<double[]> a, @ForAll("rows") List<double[]> b,
                                                      @ForAll("rows") List<double[]> c) {
        MultivariateMoments left = of(a);
        MultivariateMoments bc = of(b);
        bc.merge(of(c));
        left.merge(bc);
        MultivariateMoments right = of(c);
        right.merge(of(a));
        right.merge(of(b));
        List<double[]> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        MultivariateMoments single = of(all);
        assertSame(left, single);
        assertSame(right, single);
        assertSame(MultivariateMoments.of(single.count(), single.mean(), single.comoment()), single);
    }

    @Test
    void shouldStayAccurateForLargeMeansAndSmallSpreads() {
        MultivariateMoments m = new MultivariateMoments(2);
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            double u = random.nextGaussian();
            m.add(new double[] {1e9 + 1e-3 * u, -1e9 + 1e-3 * u});
        }
        double[][] cov = m.covariance();
        assertThat(cov[0][1] / Math.sqrt(cov[0][0] * cov[1][1])).as("correlation of identical noise").isCloseTo(1.0,
            org.assertj.core.data.Offset.offset(1e-6));
        assertThat(Math.sqrt(cov[0][0])).isCloseTo(1e-3, org.assertj.core.data.Offset.offset(5e-5));
    }

    @Test
    void shouldRejectMomentsOfAnotherDimension() {
        assertThatThrownBy(() -> new MultivariateMoments(2).merge(new MultivariateMoments(3)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultivariateMoments.of(1, new double[2], new double[2]))
            .isInstanceOf(IllegalArgumentException.class);
    }

    /** Rows with N(0, 1) marginals and the given correlation between the first two features (the rest independent). */
    static MultivariateMoments correlated(Random random, int rows, int dimension, double rho) {
        MultivariateMoments m = new MultivariateMoments(dimension);
        double[] row = new double[dimension];
        for (int r = 0; r < rows; r++) {
            double u = random.nextGaussian();
            double v = random.nextGaussian();
            row[0] = u;
            row[1] = rho * u + Math.sqrt(1 - rho * rho) * v;
            for (int i = 2; i < dimension; i++) {
                row[i] = 0.5 * row[i - 1] + Math.sqrt(0.75) * random.nextGaussian();
            }
            m.add(row);
        }
        return m;
    }

    @Test
    void shouldSeeACorrelationFlipThatLeavesTheMarginalsAlone() {
        Random random = new Random(11);
        PcaReconstruction pca = PcaReconstruction.fit(correlated(random, 5000, 2, 0.8), 0.65);
        assertThat(pca.components()).isEqualTo(1);
        assertThat(pca.baselineError()).as("the minor eigenvalue 1 - 0.8").isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.02));
        MultivariateMoments flipped = correlated(random, 500, 2, -0.8);
        double error = pca.meanError(flipped);
        assertThat(error).as("the major eigenvalue 1 + 0.8 now lies in the residual").isCloseTo(1.8,
            org.assertj.core.data.Offset.offset(0.2));
        assertThat(pca.pValue(error, 500)).isLessThan(1e-10);
        assertThat(error).isGreaterThan(pca.threshold(500, 0.01));
    }

    /**
     * Under no drift (windows drawn from the baseline's distribution), 1,000 windows of 200 rows
     * against a baseline of 5,000: the share of windows whose error passes the 1 % threshold is the
     * false-alarm rate; it must stay at most 2 % (measured 0.3 % at d = 2, 0.4 % at d = 5 and 10: conservative,
     * as the threshold also allows for the baseline's own noise); at 200 rows those windows also
     * pass min_change 0.1, so the drift verdicts have the same rate.
     */
    @Test
    void shouldKeepTheFalseAlarmRateAtItsLevelWithoutDrift() {
        for (int dimension : new int[] {2, 5, 10}) {
            Random random = new Random(100 + dimension);
            PcaReconstruction pca = PcaReconstruction.fit(correlated(random, 5000, dimension, 0.8), 0.65);
            int windows = 1000;
            int significant = 0;
            int drift = 0;
            for (int w = 0; w < windows; w++) {
                double error = pca.meanError(correlated(random, 200, dimension, 0.8));
                boolean passes = pca.pValue(error, 200) <= 0.01;
                significant += passes ? 1 : 0;
                drift += passes && pca.relativeChange(error) >= 0.1 ? 1 : 0;
            }
            double rate = (double) significant / windows;
            assertThat(rate).as("false alarms at alpha 0.01, d = " + dimension + ": " + rate).isLessThanOrEqualTo(0.02);
            assertThat((double) drift / windows).as("drift verdicts, d = " + dimension).isLessThanOrEqualTo(0.02);
        }
    }
}
