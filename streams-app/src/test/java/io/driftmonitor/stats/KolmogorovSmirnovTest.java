package io.driftmonitor.stats;

import static io.driftmonitor.stats.Reference.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KolmogorovSmirnovTest {

    static Stream<JsonNode> distribution() {
        return Reference.cases("ks_distribution.json");
    }

    static Stream<JsonNode> exact() {
        return Reference.cases("ks_exact.json");
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("distribution")
    void shouldMatchScipyKstwoSurvivalFunctionInEveryRegion(JsonNode c) {
        double sf = KolmogorovDistribution.sf(c.get("n").asInt(), c.get("d").asDouble());
        assertClose("kstwo.sf(" + c.get("d") + ", " + c.get("n") + ")", sf, c.get("sf").asDouble(),
            Reference.RELATIVE, 1e-300);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exact")
    void shouldMatchScipyKs2sampExactForSmallSamples(JsonNode c) {
        double p = KolmogorovSmirnov.pValue(c.get("d").asDouble(), c.get("n1").asLong(), c.get("n2").asLong());
        assertClose("exact p n1=" + c.get("n1") + " n2=" + c.get("n2") + " d=" + c.get("d"), p,
            c.get("p_value").asDouble(), Reference.RELATIVE, 1e-300);
    }

    @Test
    void shouldReportZeroStatisticAndPValueOneForIdenticalSamples() {
        double[] a = {1, 2, 2, 3, 5};
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.twoSample(a, a.clone());
        assertThat(r.statistic()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0);
    }

    @Test
    void shouldBeSymmetricInItsSamples() {
        double[] a = {0.1, 0.5, 0.7, 1.9, 2.0, 3.3};
        double[] b = {0.2, 0.4, 2.5, 2.6};
        assertThat(KolmogorovSmirnov.twoSample(a, b)).isEqualTo(KolmogorovSmirnov.twoSample(b, a));
    }

    @Test
    void shouldRejectEmptySamples() {
        assertThatThrownBy(() -> KolmogorovSmirnov.twoSample(new double[0], new double[] {1}))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
