package io.driftmonitor.stats;

import static io.driftmonitor.stats.Reference.assertClose;
import static io.driftmonitor.stats.Reference.doubles;
import static io.driftmonitor.stats.Reference.longs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every exact metric against the values SciPy/NumPy computed on the same data. */
class ScipyReferenceTest {

    static Stream<JsonNode> numericCases() {
        return Reference.cases("numeric_cases.json");
    }

    static Stream<JsonNode> formulaCases() {
        return Reference.cases("formula_cases.json");
    }

    static Stream<JsonNode> categoricalCases() {
        return Reference.cases("categorical_cases.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericCases")
    void shouldMatchNumpyQuantileEdgesAndCounts(JsonNode c) {
        double[] ref = doubles(c.get("reference"));
        double[] cur = doubles(c.get("current"));
        double[] edges = QuantileEdges.fromSample(ref, c.get("bins").asInt());
        assertThat(edges).containsExactly(doubles(c.get("edges")));
        NumericHistogram r = histogram(edges, ref);
        NumericHistogram h = histogram(edges, cur);
        assertThat(r.counts()).containsExactly(longs(c.get("reference_counts")));
        assertThat(h.counts()).containsExactly(longs(c.get("current_counts")));
        assertThat(h.missing()).isEqualTo(c.get("current_extra").get("missing").asLong());
        assertThat(h.positiveInfinity()).isEqualTo(c.get("current_extra").get("positive_infinity").asLong());
        assertThat(h.negativeInfinity()).isEqualTo(c.get("current_extra").get("negative_infinity").asLong());
        assertThat(r.missing()).isEqualTo(c.get("reference_extra").get("missing").asLong());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericCases")
    void shouldMatchScipyHistogramMetrics(JsonNode c) {
        assertHistogramMetrics(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericCases")
    void shouldMatchScipyKs2sampOnRawSamples(JsonNode c) {
        double[] ref = finite(doubles(c.get("reference")));
        double[] cur = finite(doubles(c.get("current")));
        KolmogorovSmirnov.Result ks = KolmogorovSmirnov.twoSample(ref, cur);
        JsonNode expected = c.get("ks");
        assertClose("ks statistic", ks.statistic(), expected.get("statistic").asDouble());
        assertClose("ks p-value", ks.pValue(), expected.get("p_value").asDouble(), Reference.RELATIVE, 1e-300);
        assertThat(ks.method().name()).isEqualTo(expected.get("method").asText().equals("exact") ? "EXACT" : "ASYMPTOTIC");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericCases")
    void shouldMatchScipyWassersteinOnRawSamples(JsonNode c) {
        double[] ref = doubles(c.get("reference"));
        double[] cur = doubles(c.get("current"));
        double w = Wasserstein.distance(ref, cur);
        assertClose("wasserstein", w, c.get("wasserstein").asDouble());
        assertClose("reference std", Wasserstein.standardDeviation(ref), c.get("reference_std").asDouble());
        assertClose("wasserstein_norm", Wasserstein.normalised(w, Wasserstein.standardDeviation(ref)),
            c.get("wasserstein_norm").asDouble());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formulaCases")
    void shouldMatchScipyOnAMillionValuesGeneratedFromAFormula(JsonNode c) {
        double[] ref = Reference.formulaSample(c.get("reference_formula"));
        double[] cur = Reference.formulaSample(c.get("current_formula"));
        double[] edges = QuantileEdges.fromSample(ref, c.get("bins").asInt());
        assertThat(edges).containsExactly(doubles(c.get("edges")));
        assertThat(histogram(edges, ref).counts()).containsExactly(longs(c.get("reference_counts")));
        assertThat(histogram(edges, cur).counts()).containsExactly(longs(c.get("current_counts")));
        assertHistogramMetrics(c);
        KolmogorovSmirnov.Result ks = KolmogorovSmirnov.twoSample(ref, cur);
        assertClose("ks statistic", ks.statistic(), c.get("ks").get("statistic").asDouble());
        assertClose("ks p-value", ks.pValue(), c.get("ks").get("p_value").asDouble(), Reference.RELATIVE, 1e-300);
        assertClose("wasserstein", Wasserstein.distance(ref, cur), c.get("wasserstein").asDouble());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("categoricalCases")
    void shouldMatchScipyOnCategoricalCounts(JsonNode c) {
        CategoricalHistogram r = new CategoricalHistogram(Reference.strings(c.get("categories")));
        CategoricalHistogram h = new CategoricalHistogram(Reference.strings(c.get("categories")));
        Reference.strings(c.get("reference")).forEach(r::add);
        Reference.strings(c.get("current")).forEach(h::add);
        assertThat(CategoricalDictionary.topK(Reference.strings(c.get("reference")), c.get("top_k").asInt()))
            .containsExactlyElementsOf(Reference.strings(c.get("categories")));
        long[] rc = r.counts();
        long[] cc = h.counts();
        assertThat(rc).containsExactly(longs(c.get("reference_counts")));
        assertThat(cc).containsExactly(longs(c.get("current_counts")));
        assertThat(h.missing()).isEqualTo(c.get("current_missing").asLong());
        assertClose("psi", DriftMetrics.psi(rc, cc), c.get("psi").asDouble());
        assertClose("kl", DriftMetrics.kl(rc, cc), c.get("kl").asDouble());
        assertClose("js", DriftMetrics.jensenShannon(rc, cc), c.get("js").asDouble());
        assertClose("hellinger", DriftMetrics.hellinger(rc, cc), c.get("hellinger").asDouble());
        ChiSquareTest.Result chi2 = ChiSquareTest.homogeneity(rc, cc);
        assertClose("chi2", chi2.statistic(), c.get("chi2").get("statistic").asDouble());
        assertClose("chi2 p", chi2.pValue(), c.get("chi2").get("p_value").asDouble(), Reference.RELATIVE, 1e-300);
        assertThat(chi2.dof()).isEqualTo(c.get("chi2").get("dof").asInt());
        assertClose("new category share",
            CategoricalDictionary.newCategoryShare(Reference.strings(c.get("reference")), Reference.strings(c.get("current"))),
            c.get("new_category_share").asDouble());
    }

    private static void assertHistogramMetrics(JsonNode c) {
        if (!c.has("psi")) {
            return;
        }
        long[] rc = longs(c.get("reference_counts"));
        long[] cc = longs(c.get("current_counts"));
        double[] edges = doubles(c.get("edges"));
        assertClose("psi", DriftMetrics.psi(rc, cc), c.get("psi").asDouble());
        assertClose("kl", DriftMetrics.kl(rc, cc), c.get("kl").asDouble());
        assertClose("js", DriftMetrics.jensenShannon(rc, cc), c.get("js").asDouble());
        assertClose("hellinger", DriftMetrics.hellinger(rc, cc), c.get("hellinger").asDouble());
        ChiSquareTest.Result chi2 = ChiSquareTest.homogeneity(rc, cc);
        assertClose("chi2", chi2.statistic(), c.get("chi2").get("statistic").asDouble());
        assertClose("chi2 p", chi2.pValue(), c.get("chi2").get("p_value").asDouble(), Reference.RELATIVE, 1e-300);
        assertThat(chi2.dof()).isEqualTo(c.get("chi2").get("dof").asInt());
        KolmogorovSmirnov.BinnedResult ks = KolmogorovSmirnov.binned(rc, cc);
        JsonNode bks = c.get("binned_ks");
        assertClose("binned ks", ks.statistic(), bks.get("statistic").asDouble());
        assertClose("binned ks upper", ks.upperBound(), bks.get("upper_bound").asDouble());
        assertClose("binned ks p", ks.pValue(), bks.get("p_value").asDouble(), Reference.RELATIVE, 1e-300);
        assertThat(ks.method() == KolmogorovSmirnov.Method.EXACT ? "exact" : "asymp")
            .as("binned ks method").isEqualTo(bks.get("method").asText());
        assertThat(ks.statistic()).isLessThanOrEqualTo(c.get("ks").get("statistic").asDouble() + 1e-12);
        assertThat(ks.upperBound()).isGreaterThanOrEqualTo(c.get("ks").get("statistic").asDouble() - 1e-12);
        assertClose("binned wasserstein", Wasserstein.binned(edges, rc, cc), c.get("binned_wasserstein").asDouble());
    }

    static NumericHistogram histogram(double[] edges, double[] values) {
        NumericHistogram h = new NumericHistogram(edges);
        for (double v : values) {
            h.add(v);
        }
        return h;
    }

    static double[] finite(double[] values) {
        return java.util.Arrays.stream(values).filter(Double::isFinite).toArray();
    }
}
