package io.driftmonitor.stats;

import static io.driftmonitor.stats.Reference.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PCA reconstruction error against NumPy/SciPy (tools/reference/generate_reference.py,
 * multivariate.json): moments, eigenvalues, components kept, the baseline's and the window's mean
 * error, the null approximation, p-value and thresholds agree to 1e-9 relative. NumPy computes the
 * window's error row by row, so the case also checks the moment identity
 * mean ||Q z||^2 = tr(Q Sigma_z) + mu_z^T Q mu_z.
 */
class MultivariateReferenceTest {
    static Stream<JsonNode> cases() {
        return Reference.cases("multivariate.json");
    }

    static MultivariateMoments moments(JsonNode rows) {
        MultivariateMoments m = new MultivariateMoments(rows.get(0).size());
        for (JsonNode row : rows) {
            m.add(Reference.doubles(row));
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldMatchNumpyForTheMomentsOfTheBaseline(JsonNode c) {
        MultivariateMoments base = moments(c.get("baseline"));
        double[] mean = base.mean();
        double[] expectedMean = Reference.doubles(c.get("baseline_mean"));
        double[][] cov = base.covariance();
        for (int i = 0; i < mean.length; i++) {
            assertClose("mean_" + i, mean[i], expectedMean[i], Reference.RELATIVE, 1e-12);
            double[] row = Reference.doubles(c.get("baseline_covariance").get(i));
            for (int j = 0; j < mean.length; j++) {
                assertClose("cov_" + i + "_" + j, cov[i][j], row[j], Reference.RELATIVE, 1e-12 * Math.abs(row[i]));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldMatchNumpyForTheReconstructionErrorAndItsCalibration(JsonNode c) {
        PcaReconstruction pca = PcaReconstruction.fit(moments(c.get("baseline")), c.get("variance").asDouble());
        MultivariateMoments window = moments(c.get("window"));
        long m = window.count();
        double[] eigenvalues = Reference.doubles(c.get("eigenvalues"));
        for (int i = 0; i < eigenvalues.length; i++) {
            assertClose("eigenvalue_" + i, pca.eigenvalues()[i], eigenvalues[i], Reference.RELATIVE, 1e-12);
        }
        assertThat(pca.components()).isEqualTo(c.get("components").asInt());
        assertClose("explained variance", pca.explainedVariance(), c.get("explained_variance").asDouble());
        assertClose("baseline error", pca.baselineError(), c.get("baseline_error").asDouble());
        double error = pca.meanError(window);
        assertClose("window error", error, c.get("window_error").asDouble());
        assertClose("relative change", pca.relativeChange(error), c.get("relative_change").asDouble());
        double[] gh = pca.nullApproximation(m);
        assertClose("null scale", gh[0], c.get("null_scale").asDouble());
        assertClose("null dof", gh[1], c.get("null_dof").asDouble());
        assertClose("p-value", pca.pValue(error, m), c.get("p_value").asDouble(), Reference.RELATIVE, 1e-300);
        assertClose("threshold 0.01", pca.threshold(m, 0.01), c.get("threshold_001").asDouble());
        assertClose("threshold 0.05", pca.threshold(m, 0.05), c.get("threshold_005").asDouble());
    }
}
