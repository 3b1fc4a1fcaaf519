package io.driftmonitor.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import io.driftmonitor.stats.MultivariateMoments;
import org.junit.jupiter.api.Test;

/** Window partials with multivariate moments: format version 4 pinned by a golden file, and merges. */
class MultivariatePartialTest {
    private static final String GOLDEN = "golden/window-partial-v4-multivariate.bin";
    private static final List<String> XY = List.of("x", "y");

    /** The version-3 learning sample (scores, embedding) with multivariate moments of two feature sets. */
    static WindowPartial sample() {
        WindowPartial p = EmbeddingPartialTest.learning();
        MultivariateAccumulator a = new MultivariateAccumulator();
        a.add(XY, new double[] {1, 2});
        a.add(XY, new double[] {-0.5, 4});
        a.add(XY, new double[] {3, 0.25});
        a.add(List.of("x", "y", "z"), new double[] {1, 1, 1});
        a.addIncomplete();
        p.setMultivariate(a);
        return p;
    }

    @Test
    void shouldReadAndWriteTheGoldenVersionFourFormat() throws IOException {
        byte[] encoded = WindowPartialCodec.encode(sample());
        if (Boolean.getBoolean("golden.update")) {
            Files.write(Path.of("src/test/resources", GOLDEN), encoded);
        }
        byte[] golden = Objects.requireNonNull(getClass().getClassLoader().getResourceAsStream(GOLDEN), GOLDEN).readAllBytes();
        assertThat(encoded).isEqualTo(golden);
        assertThat(golden[0]).isEqualTo(WindowPartialCodec.VERSION_WITH_MULTIVARIATE);
        WindowPartial decoded = WindowPartialCodec.decode(golden);
        assertThat(WindowPartialCodec.encode(decoded)).isEqualTo(golden);
        MultivariateAccumulator a = decoded.multivariate();
        assertThat(a.sets().keySet()).containsExactly(XY, List.of("x", "y", "z"));
        assertThat(a.moments(XY).count()).isEqualTo(3);
        assertThat(a.moments(XY).mean()[0]).isCloseTo(3.5 / 3, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(a.moments(XY).mean()[1]).isCloseTo(6.25 / 3, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(a.incomplete()).isEqualTo(1);
        assertThat(a.largestSet()).isEqualTo(XY);
        assertThat(decoded.embedding().stats().count()).as("the other parts are kept").isEqualTo(3);
        assertThat(decoded.predictedScores().positives()[900]).isEqualTo(1);
    }

    @Test
    void shouldKeepTheOlderFormatsForPartialsWithoutMultivariateMoments() {
        assertThat(WindowPartialCodec.encode(EmbeddingPartialTest.learning())[0]).isEqualTo(WindowPartialCodec.VERSION_WITH_EMBEDDING);
        assertThat(WindowPartialCodec.encode(WindowPartialCodecTest.sample())[0]).isEqualTo(WindowPartialCodec.VERSION);
        WindowPartial scoresOnly = WindowPartialCodecTest.sample();
        scoresOnly.countScore(0.5, true);
        scoresOnly.setMultivariate(new MultivariateAccumulator());
        WindowPartial decoded = WindowPartialCodec.decode(WindowPartialCodec.encode(scoresOnly));
        assertThat(decoded.embedding()).isNull();
        assertThat(decoded.multivariate().sets()).isEmpty();
        assertThat(decoded.predictedScores().positives()[500]).isEqualTo(1);
    }

    @Test
    void shouldMergeLikeASinglePass() {
        double[][] rows = {{1, 2}, {3, -1}, {0.5, 0.5}, {10, 7}, {-2, 2}};
        WindowPartial single = new WindowPartial("m", 0, 10, "", 1);
        single.setMultivariate(new MultivariateAccumulator());
        WindowPartial a = new WindowPartial("m", 0, 10, "", 1);
        a.setMultivariate(new MultivariateAccumulator());
        WindowPartial b = new WindowPartial("m", 0, 10, "", 1);
        b.setMultivariate(new MultivariateAccumulator());
        for (int i = 0; i < rows.length; i++) {
            single.multivariate().add(XY, rows[i]);
            (i % 2 == 0 ? a : b).multivariate().add(XY, rows[i]);
        }
        WindowPartial level2 = WindowPartialCodec.decode(WindowPartialCodec.encode(a));
        level2.merge(WindowPartialCodec.decode(WindowPartialCodec.encode(b)));
        MultivariateMoments merged = level2.multivariate().moments(XY);
        MultivariateMoments expected = single.multivariate().moments(XY);
        assertThat(merged.count()).isEqualTo(5);
        for (int i = 0; i < 2; i++) {
            assertThat(merged.mean()[i]).isCloseTo(expected.mean()[i], org.assertj.core.data.Offset.offset(1e-12));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(merged.comoment()[i]).isCloseTo(expected.comoment()[i], org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void shouldCountTheRowsOfFeatureSetsBeyondTheMaximumAsIncomplete() {
        MultivariateAccumulator a = new MultivariateAccumulator();
        for (int s = 0; s < MultivariateAccumulator.MAX_FEATURE_SETS + 2; s++) {
            a.add(List.of("x", "f" + s), new double[] {s, s});
        }
        assertThat(a.sets()).hasSize(MultivariateAccumulator.MAX_FEATURE_SETS);
        assertThat(a.incomplete()).isEqualTo(2);
        MultivariateAccumulator other = new MultivariateAccumulator();
        other.add(List.of("x", "new"), new double[] {1, 1});
        other.add(List.of("x", "f0"), new double[] {1, 1});
        a.merge(other);
        assertThat(a.incomplete()).isEqualTo(3);
        assertThat(a.moments(List.of("x", "f0")).count()).isEqualTo(2);
        assertThat(a.largestSet()).isEqualTo(List.of("x", "f0"));
    }
}
