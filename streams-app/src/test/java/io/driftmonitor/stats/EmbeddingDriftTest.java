package io.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmbeddingDriftTest {
    private static final int DIM = 8;

    private static float[] vector(SplittableRandom r, double shift) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) (r.nextGaussian() + (i == 0 ? shift : 0));
        }
        return v;
    }

    @Test
    void shouldMeasureCentroidShiftAndMergeExactly() {
        SplittableRandom r = new SplittableRandom(1);
        EmbeddingStats baseline = new EmbeddingStats(DIM);
        EmbeddingStats a = new EmbeddingStats(DIM);
        EmbeddingStats b = new EmbeddingStats(DIM);
        EmbeddingStats whole = new EmbeddingStats(DIM);
        for (int i = 0; i < 5000; i++) {
            baseline.add(vector(r, 0));
        }
        for (int i = 0; i < 2000; i++) {
            float[] v = vector(r, 0.5);
            (i % 3 == 0 ? a : b).add(v);
            whole.add(v);
        }
        a.merge(b);
        assertThat(a.sum()).containsExactly(whole.sum(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(EmbeddingStats.euclideanShift(baseline, a)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.1));
        assertThat(EmbeddingStats.cosineShift(baseline, baseline)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(EmbeddingStats.standardisedShift(baseline, a)).isGreaterThan(20);
        a.add(new float[] {1, 2});
        assertThat(a.invalid()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheMmdFalseAlarmRateNearAlphaAndDetectAShift() {
        RandomFourierMmd mmd = new RandomFourierMmd(DIM, 64, Math.sqrt(2.0 * DIM), 42);
        SplittableRandom r = new SplittableRandom(2);
        RandomFourierMmd.Accumulator baseline = mmd.newAccumulator(true);
        for (int i = 0; i < 4000; i++) {
            baseline.add(vector(r, 0));
        }
        int alarms = 0;
        int trials = 100;
        for (int t = 0; t < trials; t++) {
            RandomFourierMmd.Accumulator window = mmd.newAccumulator(false);
            for (int i = 0; i < 300; i++) {
                window.add(vector(r, 0));
            }
            double p = mmd.pValue(baseline, window);
            assertThat(p).isBetween(0.0, 1.0);
            if (mmd.mmdSquared(baseline, window) > mmd.threshold(baseline, window.count(), 0.05)) {
                alarms++;
            }
        }
        assertThat(alarms).isLessThanOrEqualTo(12);
        RandomFourierMmd.Accumulator shifted = mmd.newAccumulator(false);
        RandomFourierMmd.Accumulator part = mmd.newAccumulator(false);
        for (int i = 0; i < 300; i++) {
            (i % 2 == 0 ? shifted : part).add(vector(r, 0.6));
        }
        shifted.merge(part);
        assertThat(shifted.count()).isEqualTo(300);
        assertThat(mmd.pValue(baseline, shifted)).isLessThan(0.01);
    }

    @Test
    void shouldDeriveTheSameFeaturesFromTheSameSeed() {
        RandomFourierMmd a = new RandomFourierMmd(DIM, 16, 1.0, 7);
        RandomFourierMmd b = new RandomFourierMmd(DIM, 16, 1.0, 7);
        double[] fa = new double[16];
        double[] fb = new double[16];
        float[] x = vector(new SplittableRandom(5), 0);
        a.featureMap(x, fa);
        b.featureMap(x, fb);
        assertThat(fa).containsExactly(fb);
    }
}
