package io.driftmonitor.stats;

import static io.driftmonitor.stats.Reference.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Embedding drift against NumPy/SciPy (tools/reference/generate_reference.py, embedding.json):
 * centroid statistics and the random-Fourier-feature MMD agree to 1e-9 relative (the script
 * re-implements SplittableRandom and the Box-Muller draw, so both sides use the same features);
 * the RFF MMD^2 approximates the exact Gaussian-kernel MMD^2 within the stated bound.
 */
class EmbeddingReferenceTest {
    static Stream<JsonNode> cases() {
        return Reference.cases("embedding.json");
    }

    private static float[][] vectors(JsonNode rows) {
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonNode row = rows.get(i);
            out[i] = new float[row.size()];
            for (int c = 0; c < out[i].length; c++) {
                out[i][c] = (float) row.get(c).asDouble();
            }
        }
        return out;
    }

    private static EmbeddingStats stats(float[][] x) {
        EmbeddingStats s = new EmbeddingStats(x[0].length);
        for (float[] v : x) {
            s.add(v);
        }
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldMatchNumpyForCentroidStatistics(JsonNode c) {
        EmbeddingStats base = stats(vectors(c.get("baseline")));
        EmbeddingStats window = stats(vectors(c.get("window")));
        JsonNode e = c.get("centroid");
        assertClose("euclidean", EmbeddingStats.euclideanShift(base, window), e.get("euclidean").asDouble());
        assertClose("cosine", EmbeddingStats.cosineShift(base, window), e.get("cosine").asDouble());
        assertClose("spread", Math.sqrt(base.totalVariance()), e.get("baseline_spread").asDouble());
        assertClose("normalised", EmbeddingStats.normalisedShift(base, window), e.get("normalised").asDouble());
        assertClose("welch shift", EmbeddingStats.welchShift(base, window), e.get("standardised").asDouble());
        assertClose("p-value", EmbeddingStats.shiftPValue(base, window), e.get("p_value").asDouble(),
            Reference.RELATIVE, 1e-300);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldMatchNumpyForRandomFourierMmd(JsonNode c) {
        float[][] x = vectors(c.get("baseline"));
        float[][] y = vectors(c.get("window"));
        double bandwidth = RandomFourierMmd.medianHeuristic(x);
        assertClose("median heuristic", bandwidth, c.get("bandwidth").asDouble());
        for (JsonNode r : c.get("rff")) {
            int features = r.get("features").asInt();
            RandomFourierMmd mmd = new RandomFourierMmd(x[0].length, features, bandwidth, c.get("seed").asLong());
            double[] phi = new double[features];
            mmd.featureMap(x[0], phi);
            double[] expectedPhi = Reference.doubles(r.get("first_features"));
            for (int j = 0; j < expectedPhi.length; j++) {
                assertClose("phi_" + j, phi[j], expectedPhi[j], Reference.RELATIVE, 1e-12);
            }
            RandomFourierMmd.Accumulator window = mmd.newAccumulator(false);
            for (float[] v : y) {
                window.add(v);
            }
            if (features > 256) {
                RandomFourierMmd.Accumulator base = mmd.newAccumulator(false);
                for (float[] v : x) {
                    base.add(v);
                }
                double mmd2 = RandomFourierMmd.mmdSquared(base.mean(), window.mean());
                assertClose("mmd2 D=" + features, mmd2, r.get("mmd2").asDouble());
                assertWithinApproximationBound(c, r, mmd2, features);
                continue;
            }
            RandomFourierMmd.Moments m = mmd.moments(x);
            double mmd2 = RandomFourierMmd.mmdSquared(m.mean(), window.mean());
            assertClose("mmd2 D=" + features, mmd2, r.get("mmd2").asDouble());
            assertClose("trace", m.trace(), r.get("trace").asDouble());
            assertClose("trace squared", m.traceSquared(), r.get("trace_squared").asDouble());
            double[] gh = RandomFourierMmd.nullApproximation(m.trace(), m.traceSquared(), x.length, y.length);
            assertClose("null scale", gh[0], r.get("null_scale").asDouble());
            assertClose("null dof", gh[1], r.get("null_dof").asDouble());
            assertClose("p-value", RandomFourierMmd.pValue(mmd2, m.trace(), m.traceSquared(), x.length, y.length),
                r.get("p_value").asDouble(), Reference.RELATIVE, 1e-300);
            assertClose("threshold", RandomFourierMmd.threshold(m.trace(), m.traceSquared(), x.length, y.length, 0.01),
                r.get("threshold_001").asDouble(), 1e-8, 0);
            assertWithinApproximationBound(c, r, mmd2, features);
        }
    }

    /**
     * The approximation by design: MMD^2_RFF is the mean over D features of z_j whose expectation is
     * the exact (biased) Gaussian-kernel MMD^2, so it lies within 6 standard errors sd(z)/sqrt(D) of it.
     */
    private static void assertWithinApproximationBound(JsonNode c, JsonNode r, double mmd2, int features) {
        double bound = 6 * r.get("feature_sd").asDouble() / Math.sqrt(features);
        assertThat(Math.abs(mmd2 - c.get("exact_mmd2").asDouble())).as("RFF vs exact MMD^2, D=%d", features)
            .isLessThanOrEqualTo(bound);
    }
}
