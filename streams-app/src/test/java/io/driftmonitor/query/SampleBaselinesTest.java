package io.driftmonitor.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.schema.Baseline;
import io.driftmonitor.schema.SignalBaseline;
import io.driftmonitor.stats.QuantileEdges;
import org.junit.jupiter.api.Test;

class SampleBaselinesTest {
    private final ModelPolicy policy = policy();

    private static ModelPolicy policy() {
        return ModelPolicy.builder().bins(4).baselineMinCount(8).build();
    }

    private static SignalBaseline slice(Baseline b, String name) {
        return b.getSignals().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldKeepTheMomentsOfTheNumericFeaturesForTheMultivariateSignal() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,c,merchant\n");
        for (int i = 0; i < 10; i++) {
            csv.append(i).append(',').append(i == 4 ? "" : String.valueOf(2.0 * i)).append(',').append(i % 3).append(",fuel\n");
        }
        ModelPolicy p = policy().toBuilder().multivariate(ModelPolicy.Multivariate.builder().build()).build();
        Baseline b = SampleBaselines.fromSample("m", new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
            SampleBaselines.Format.CSV, p, 1, 1000, 0);
        assertThat(b.getMultivariate()).singleElement().satisfies(m -> {
            assertThat(m.getSegment()).isNull();
            assertThat(m.getFeatures()).as("the numeric columns, by name").containsExactly("a", "b", "c");
            assertThat(m.getCount()).as("the rows with all of them").isEqualTo(9);
            assertThat(m.getIncomplete()).isEqualTo(1);
            assertThat(m.getMean().get(0)).isEqualTo(41.0 / 9);
            assertThat(m.getComoment()).hasSize(6);
        });
        assertThat(SampleBaselines.fromSample("m", new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
            SampleBaselines.Format.CSV, policy(), 1, 1000, 0).getMultivariate()).as("without the section").isEmpty();
    }

    @Test
    void shouldBinACsvSampleWithTheMonitorsQuantileEdges() throws Exception {
        StringBuilder csv = new StringBuilder("amount,merchant,score,predicted_label\r\n");
        double[] amounts = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        for (int i = 0; i < amounts.length; i++) {
            csv.append(amounts[i]).append(',').append(i % 3 == 0 ? "\"travel, abroad\"" : "fuel").append(',')
                .append(i == 4 ? "" : "0." + i).append(',').append(i < 2 ? "fraud" : "ok").append("\r\n");
        }
        Baseline b = SampleBaselines.fromSample("m", new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
            SampleBaselines.Format.CSV, policy, 3, 1000, 42);
        assertThat(b.getVersion()).isEqualTo(3);
        assertThat(b.getEffectiveFrom()).isEqualTo(42);
        assertThat(b.getSource()).isEqualTo("upload:csv:10");
        SignalBaseline amount = slice(b, "feature:amount");
        assertThat(amount.getEdges()).containsExactly(box(QuantileEdges.fromSample(amounts, 4)));
        assertThat(amount.getCounts().stream().mapToLong(Long::longValue).sum()).isEqualTo(10);
        assertThat(slice(b, "feature:merchant").getCategories()).containsExactlyInAnyOrder("fuel", "travel, abroad");
        assertThat(slice(b, "score").getMissing()).isEqualTo(1);
        assertThat(slice(b, "prediction").getCategories()).containsExactly("fraud", "ok");
    }

    @Test
    void shouldReadJsonLinesFlatOrShapedLikePredictions() throws Exception {
        String lines = "{\"x\": 1.0, \"colour\": \"red\"}\n\n{\"features\": {\"x\": 2.0, \"colour\": \"blue\"}, \"score\": 0.5}\n".repeat(4);
        Baseline b = SampleBaselines.fromSample("m", new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)),
            SampleBaselines.Format.JSON_LINES, policy, 1, 0, 0);
        assertThat(slice(b, "feature:x").getTotal()).isEqualTo(8);
        assertThat(slice(b, "feature:colour").getCategories()).containsExactly("blue", "red");
        assertThat(slice(b, "score").getMissing()).isEqualTo(4);
    }

    @Test
    void shouldRefuseSamplesThatAreTooSmallOrMalformed() {
        assertThatThrownBy(() -> SampleBaselines.fromSample("m", new ByteArrayInputStream("x\n1\n2\n".getBytes()),
            SampleBaselines.Format.CSV, policy, 1, 0, 0)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> SampleBaselines.fromSample("m", new ByteArrayInputStream("x,y\n1\n".getBytes()),
            SampleBaselines.Format.CSV, policy, 1, 0, 0)).hasMessageContaining("record 1 has 1 fields");
        assertThatThrownBy(() -> SampleBaselines.fromSample("m", new ByteArrayInputStream("[1]\n".getBytes()),
            SampleBaselines.Format.JSON_LINES, policy, 1, 0, 0)).hasMessageContaining("not a JSON object");
    }

    @Test
    void shouldParseQuotedCsvFields() throws Exception {
        BufferedReader in = new BufferedReader(new StringReader("a,\"b \"\"c\"\", d\",\"line\nbreak\"\nnext"));
        assertThat(SampleBaselines.Csv.readRecord(in)).containsExactly("a", "b \"c\", d", "line\nbreak");
        assertThat(SampleBaselines.Csv.readRecord(in)).containsExactly("next");
        assertThat(SampleBaselines.Csv.readRecord(in)).isNull();
        assertThat(SampleBaselines.cell(" 2.5 ")).isEqualTo(2.5);
        assertThat(SampleBaselines.cell("")).isNull();
        assertThat(SampleBaselines.cell("TRUE")).isEqualTo(true);
        assertThat(SampleBaselines.cell("-x")).isEqualTo("-x");
    }

    private static Double[] box(double[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Double[]::new);
    }

    @Test
    void shouldCarryTheEmbeddingSummaryOfACsvOrJsonLinesSample() throws Exception {
        StringBuilder csv = new StringBuilder("x,embedding\n");
        StringBuilder jsonl = new StringBuilder();
        java.util.Random r = new java.util.Random(3);
        double[] sum = new double[3];
        for (int i = 0; i < 40; i++) {
            float[] v = {(float) r.nextGaussian(), (float) r.nextGaussian(), 1 + (float) r.nextGaussian()};
            String array = "[" + v[0] + "," + v[1] + "," + v[2] + "]";
            csv.append(i).append(",\"").append(array).append("\"\n");
            jsonl.append(i % 2 == 0 ? "{\"x\": " + i + ", \"embedding\": " + array + "}"
                : "{\"features\": {\"x\": " + i + "}, \"embedding\": " + array + "}").append('\n');
            for (int c = 0; c < 3; c++) {
                sum[c] += v[c];
            }
        }
        for (String body : java.util.List.of(csv.toString(), jsonl.toString())) {
            Baseline b = SampleBaselines.fromSample("m", new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                body.startsWith("{") ? SampleBaselines.Format.JSON_LINES : SampleBaselines.Format.CSV, policy, 2, 0, 0);
            assertThat(b.getEmbeddings()).singleElement().satisfies(e -> {
                assertThat(e.getSegment()).isNull();
                assertThat(e.getDimension()).isEqualTo(3);
                assertThat(e.getCount()).isEqualTo(40);
                assertThat(e.getSum()).containsExactly(sum[0], sum[1], sum[2]);
                assertThat(e.getRffCount()).as("an upload keeps every vector up to its bound").isEqualTo(40);
                assertThat(e.getRffMean()).hasSize(io.driftmonitor.drift.EmbeddingDrift.FEATURES);
                assertThat(e.getRffBandwidth()).isPositive();
                assertThat(e.getRffTrace()).isPositive();
            });
            assertThat(b.getSignals()).extracting(SignalBaseline::getName).containsExactly("feature:x");
        }
        assertThatThrownBy(() -> SampleBaselines.fromSample("m", new ByteArrayInputStream(
                "x,embedding\n1,oops\n".repeat(1).getBytes(StandardCharsets.UTF_8)), SampleBaselines.Format.CSV,
                policy, 2, 0, 0)).hasMessageContaining("embedding must be a JSON array");
    }
}
