package io.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class EmbeddingReservoirTest {
    private static float[] vector(int i) {
        return new float[] {i, -i, i * 0.5f};
    }

    @Property(tries = 50)
    void mergingSplitSamplesGivesTheSampleOfTheWhole(@ForAll @IntRange(min = 0, max = 400) int n,
                                                     @ForAll @IntRange(min = 1, max = 5) int parts,
                                                     @ForAll @IntRange(min = 1, max = 40) int capacity) {
        EmbeddingReservoir whole = new EmbeddingReservoir(3, capacity);
        List<EmbeddingReservoir> split = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            split.add(new EmbeddingReservoir(3, capacity));
        }
        for (int i = 0; i < n; i++) {
            long h = EmbeddingReservoir.hash("prediction-" + i);
            whole.offer(h, vector(i));
            split.get((i * 7) % parts).offer(h, vector(i));
        }
        EmbeddingReservoir merged = new EmbeddingReservoir(3, capacity);
        for (int p = parts - 1; p >= 0; p--) {
            merged.merge(split.get(p));
        }
        assertThat(merged.size()).isEqualTo(Math.min(n, capacity));
        for (int i = 0; i < merged.size(); i++) {
            assertThat(merged.hashAt(i)).isEqualTo(whole.hashAt(i));
            assertThat(merged.vectorAt(i)).containsExactly(whole.vectorAt(i));
            if (i > 0) {
                assertThat(Long.compareUnsigned(merged.hashAt(i - 1), merged.hashAt(i))).isLessThanOrEqualTo(0);
            }
        }
    }

    @Property(tries = 20)
    void keepsTheSmallestHashes(@ForAll @IntRange(min = 50, max = 300) int n) {
        EmbeddingReservoir r = new EmbeddingReservoir(3, 10);
        List<Long> hashes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long h = EmbeddingReservoir.hash("id-" + i);
            hashes.add(h);
            r.offer(h, vector(i));
        }
        hashes.sort(Long::compareUnsigned);
        for (int i = 0; i < 10; i++) {
            assertThat(r.hashAt(i)).isEqualTo(hashes.get(i));
        }
    }
}
