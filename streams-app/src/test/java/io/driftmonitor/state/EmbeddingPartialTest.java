package io.driftmonitor.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import io.driftmonitor.stats.EmbeddingReservoir;
import org.junit.jupiter.api.Test;

/** Window partials with embeddings: format version 3 pinned by golden files, and merges. */
class EmbeddingPartialTest {
    private static final String GOLDEN_LEARNING = "golden/window-partial-v3-learning.bin";
    private static final String GOLDEN_BOUND = "golden/window-partial-v3-bound.bin";

    private static void add(EmbeddingAccumulator a, String id, float[] v, double[] phi) {
        a.add(v, EmbeddingReservoir.hash(id), phi);
    }

    static WindowPartial learning() {
        WindowPartial p = WindowPartialCodecTest.sample();
        p.countScore(0.9, true);
        EmbeddingAccumulator a = EmbeddingAccumulator.learning(3, 2);
        add(a, "p-1", new float[] {1, 2, 3}, null);
        add(a, "p-2", new float[] {-1, 0.5f, 0}, null);
        add(a, "p-3", new float[] {0, 0, 1}, null);
        a.addInvalid(3);
        a.addMismatched(5, 2);
        p.setEmbedding(a);
        return p;
    }

    static WindowPartial bound() {
        WindowPartial p = new WindowPartial("fraud", 60_000, 120_000, "", 4);
        p.countRecord(61_000, "v1", 0, 1);
        p.countRecord(62_000, "v1", 0, 2);
        EmbeddingAccumulator a = EmbeddingAccumulator.bound(2, 3);
        add(a, "p-1", new float[] {1, 2}, new double[] {0.1, 0.2, 0.3});
        add(a, "p-2", new float[] {3, 4}, new double[] {-0.5, 0.25, 0});
        p.setEmbedding(a);
        return p;
    }

    private byte[] golden(String name, WindowPartial p) throws IOException {
        byte[] encoded = WindowPartialCodec.encode(p);
        if (Boolean.getBoolean("golden.update")) {
            Files.write(Path.of("src/test/resources", name), encoded);
        }
        byte[] golden = Objects.requireNonNull(getClass().getClassLoader().getResourceAsStream(name), name).readAllBytes();
        assertThat(encoded).isEqualTo(golden);
        assertThat(golden[0]).isEqualTo(WindowPartialCodec.VERSION_WITH_EMBEDDING);
        assertThat(WindowPartialCodec.encode(WindowPartialCodec.decode(golden))).isEqualTo(golden);
        return golden;
    }

    @Test
    void shouldReadAndWriteTheGoldenVersionThreeFormatOfALearningPartial() throws IOException {
        WindowPartial decoded = WindowPartialCodec.decode(golden(GOLDEN_LEARNING, learning()));
        EmbeddingAccumulator a = decoded.embedding();
        assertThat(a.isBound()).isFalse();
        assertThat(a.dimension()).isEqualTo(3);
        assertThat(a.stats().count()).isEqualTo(3);
        assertThat(a.stats().invalid()).isEqualTo(1);
        assertThat(a.stats().sum()).containsExactly(0, 2.5, 4);
        assertThat(a.sample().size()).as("capacity 2").isEqualTo(2);
        assertThat(a.mismatched()).isEqualTo(2);
        assertThat(a.mismatchedMax()).isEqualTo(5);
        assertThat(decoded.predictedScores().positives()[900]).isEqualTo(1);
        assertThat(decoded.signals()).containsKeys("feature:amount", "feature:merchant", "feature:new");
    }

    @Test
    void shouldReadAndWriteTheGoldenVersionThreeFormatOfABoundPartial() throws IOException {
        WindowPartial decoded = WindowPartialCodec.decode(golden(GOLDEN_BOUND, bound()));
        EmbeddingAccumulator a = decoded.embedding();
        assertThat(a.isBound()).isTrue();
        assertThat(a.featureCount()).isEqualTo(2);
        assertThat(a.featureSum()).containsExactly(-0.4, 0.45, 0.3);
        assertThat(a.stats().sumOfSquaredNorms()).isEqualTo(30);
        assertThat(decoded.predictedScores()).isNull();
    }

    @Test
    void shouldKeepTheOlderFormatsForPartialsWithoutEmbeddings() {
        assertThat(WindowPartialCodec.encode(WindowPartialCodecTest.sample())[0]).isEqualTo(WindowPartialCodec.VERSION);
    }

    @Test
    void shouldMergeLikeASinglePass() {
        WindowPartial a = bound();
        WindowPartial b = bound();
        a.merge(b);
        assertThat(a.embedding().featureCount()).isEqualTo(4);
        assertThat(a.embedding().featureSum()).containsExactly(-0.8, 0.9, 0.6);
        assertThat(a.embedding().stats().count()).isEqualTo(4);
        assertThat(b.embedding().stats().count()).as("the merged partial is not changed").isEqualTo(2);
    }

    @Test
    void shouldLetTheBoundDimensionWinAndCountTheRestAsMismatched() {
        WindowPartial learningFirst = new WindowPartial("fraud", 60_000, 120_000, "", 4);
        EmbeddingAccumulator l = EmbeddingAccumulator.learning(3, 4);
        add(l, "x", new float[] {1, 1, 1}, null);
        learningFirst.setEmbedding(l);
        learningFirst.merge(bound());
        EmbeddingAccumulator merged = learningFirst.embedding();
        assertThat(merged.isBound()).isTrue();
        assertThat(merged.dimension()).isEqualTo(2);
        assertThat(merged.stats().count()).isEqualTo(2);
        assertThat(merged.mismatched()).isEqualTo(1);
        assertThat(merged.mismatchedMin()).isEqualTo(3);
    }

    @Test
    void shouldKeepTheSmallestDimensionWhileLearningWhateverTheOrder() {
        EmbeddingAccumulator a = EmbeddingAccumulator.learning(4, 4);
        add(a, "a", new float[] {1, 1, 1, 1}, null);
        assertThat(a.adoptSmallerDimension(2)).isTrue();
        add(a, "b", new float[] {1, 2}, null);
        assertThat(a.adoptSmallerDimension(3)).isFalse();
        EmbeddingAccumulator b = EmbeddingAccumulator.learning(2, 4);
        add(b, "b", new float[] {1, 2}, null);
        EmbeddingAccumulator c = EmbeddingAccumulator.learning(4, 4);
        add(c, "a", new float[] {1, 1, 1, 1}, null);
        EmbeddingAccumulator merged = c.mergedWith(b);
        assertThat(merged.dimension()).isEqualTo(a.dimension());
        assertThat(merged.stats().count()).isEqualTo(a.stats().count());
        assertThat(merged.mismatched()).isEqualTo(a.mismatched()).isEqualTo(1);
        assertThat(merged.sample().size()).isEqualTo(1);
    }
}
