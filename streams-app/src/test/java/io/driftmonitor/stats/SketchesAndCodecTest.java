package io.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SketchesAndCodecTest {

    static NumericHistogram goldenNumeric() {
        NumericHistogram h = new NumericHistogram(new double[] {-1.5, 0.0, 2.25, 1e6});
        for (double v : new double[] {-3, -1.5, 0, 0.1, 2.25, 7, 1e6, 2e6, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            h.add(v);
        }
        h.addMissing();
        return h;
    }

    static CategoricalHistogram goldenCategorical() {
        CategoricalHistogram h = new CategoricalHistogram(List.of("DE", "FR", "Zürich", ""));
        for (String v : Arrays.asList("DE", "DE", "FR", "Zürich", "", "US", null, "JP")) {
            h.add(v);
        }
        return h;
    }

    /** Golden files pin the format; regenerate only for a new version with -Dgolden.update=true. */
    private static byte[] golden(String name, byte[] actual) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Path dir = Path.of("src/test/resources/stats/golden");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), actual);
        }
        try (InputStream in = SketchesAndCodecTest.class.getResourceAsStream("/stats/golden/" + name)) {
            assertThat(in).as("golden file stats/golden/" + name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void shouldEncodeNumericHistogramsExactlyAsTheGoldenFile() throws IOException {
        NumericHistogram h = goldenNumeric();
        byte[] bytes = HistogramCodec.encode(h);
        assertThat(bytes).containsExactly(golden("numeric-v1.bin", bytes));
        NumericHistogram back = HistogramCodec.decodeNumeric(golden("numeric-v1.bin", bytes));
        assertThat(back.edges()).containsExactly(h.edges());
        assertThat(back.counts()).containsExactly(h.counts());
        assertThat(back.missing()).isEqualTo(2);
        assertThat(back.negativeInfinity()).isEqualTo(2);
        assertThat(back.positiveInfinity()).isEqualTo(1);
        assertThat(back.sum()).isEqualTo(h.sum());
        assertThat(back.sumOfSquares()).isEqualTo(h.sumOfSquares());
    }

    @Test
    void shouldEncodeCategoricalHistogramsExactlyAsTheGoldenFile() throws IOException {
        CategoricalHistogram h = goldenCategorical();
        byte[] bytes = HistogramCodec.encode(h);
        assertThat(bytes).containsExactly(golden("categorical-v1.bin", bytes));
        CategoricalHistogram back = HistogramCodec.decodeCategorical(golden("categorical-v1.bin", bytes));
        assertThat(back.categories()).containsExactly("DE", "FR", "Zürich", "");
        assertThat(back.counts()).containsExactly(2, 1, 1, 1, 2);
        assertThat(back.missing()).isEqualTo(1);
    }

    @Test
    void shouldRejectUnknownVersionsAndKinds() {
        byte[] bytes = HistogramCodec.encode(goldenNumeric());
        bytes[1] = 9;
        assertThatThrownBy(() -> HistogramCodec.decodeNumeric(bytes)).hasMessageContaining("version 9");
        assertThatThrownBy(() -> HistogramCodec.decodeCategorical(HistogramCodec.encode(goldenNumeric())))
            .hasMessageContaining("kind");
        byte[] truncated = Arrays.copyOf(HistogramCodec.encode(goldenNumeric()), 20);
        assertThatThrownBy(() -> HistogramCodec.decodeNumeric(truncated)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldBuildKllEdgesWithinTheRankErrorOfExactQuantiles() {
        SplittableRandom r = new SplittableRandom(3);
        double[] values = new double[200_000];
        KllEdges a = new KllEdges();
        KllEdges b = new KllEdges();
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.exp(r.nextGaussian());
            (i % 2 == 0 ? a : b).add(values[i]);
        }
        a.add(Double.NaN);
        a.merge(KllEdges.fromByteArray(b.toByteArray()));
        assertThat(a.count()).isEqualTo(values.length);
        assertThat(a.nonFinite()).isEqualTo(1);
        double[] edges = a.edges(10);
        assertThat(edges).hasSize(9).isSorted();
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (int j = 0; j < edges.length; j++) {
            int below = NumericHistogram.binIndex(sorted, edges[j]);
            double rank = (double) below / sorted.length;
            assertThat(Math.abs(rank - (j + 1) / 10.0)).isLessThanOrEqualTo(a.rankError());
        }
    }

    @Test
    void shouldGiveConstantStreamsThreeBins() {
        KllEdges k = new KllEdges();
        for (int i = 0; i < 1000; i++) {
            k.add(4.0);
        }
        assertThat(k.edges(10)).containsExactly(4.0, Math.nextUp(4.0));
        assertThat(QuantileEdges.fromSample(new double[] {4, 4, 4}, 10)).containsExactly(4.0, Math.nextUp(4.0));
    }

    @Test
    void shouldTellNewCategoriesFromTheBaselineTail() {
        List<String> baseline = new java.util.ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            baseline.add("c" + i);
        }
        BaselineVocabulary small = BaselineVocabulary.of(List.of("a", "b", "c"), 10, 0.01);
        assertThat(small.isExact()).isTrue();
        assertThat(small.contains("b")).isTrue();
        assertThat(BaselineVocabulary.fromByteArray(small.toByteArray()).contains("zz")).isFalse();
        BaselineVocabulary large = BaselineVocabulary.fromByteArray(
            BaselineVocabulary.of(baseline, 1000, 0.01).toByteArray());
        assertThat(large.isExact()).isFalse();
        assertThat(baseline).allMatch(large::contains);
        long falsePositives = java.util.stream.IntStream.range(0, 10_000)
            .filter(i -> large.contains("new" + i)).count();
        assertThat(falsePositives).isLessThan(200);
    }

    @Test
    void shouldMergeAndSerialiseLatencyHistograms() {
        LatencyHistogram a = new LatencyHistogram(3_600_000, 3);
        LatencyHistogram b = new LatencyHistogram(3_600_000, 3);
        for (int i = 1; i <= 10_000; i++) {
            (i % 2 == 0 ? a : b).record(i);
        }
        a.record(-5);
        a.merge(LatencyHistogram.fromByteArray(b.toByteArray()));
        assertThat(a.count()).isEqualTo(10_000);
        assertThat(a.belowRange()).isEqualTo(1);
        assertThat((double) a.percentile(99)).isCloseTo(9900, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat((double) a.percentile(50)).isCloseTo(5000, org.assertj.core.data.Percentage.withPercentage(0.1));
    }
}
