package io.driftmonitor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;

/** The stored format of window partials is pinned by a golden file: a change must be a new version. */
class WindowPartialCodecTest {
    private static final String GOLDEN = "golden/window-partial-v1.bin";
    private static final String GOLDEN_V2 = "golden/window-partial-v2.bin";

    static WindowPartial sample() {
        WindowPartial p = new WindowPartial("fraud", 60_000, 120_000, "country=DE", 3);
        p.countRecord(61_000, "v1", 2, 40);
        p.countRecord(65_000, "v2", 2, 44);
        p.countRecord(62_000, "v1", 5, 7);
        SignalAccumulator amount = p.signal("feature:amount", n -> SignalAccumulator.numeric(new double[] {1.0, 2.5, 10.0}));
        amount.addNumber(0.5);
        amount.addNumber(2.5);
        amount.addNumber(Double.NaN);
        amount.addNumber(Double.POSITIVE_INFINITY);
        amount.addCategory("oops");
        SignalAccumulator merchant = p.signal("feature:merchant", n -> SignalAccumulator.categorical(List.of("fuel", "travel")));
        merchant.addCategory("travel");
        merchant.addCategory("crypto");
        merchant.addMissing();
        SignalAccumulator fresh = p.signal("feature:new", n -> SignalAccumulator.learning());
        fresh.addNumber(3.25);
        fresh.addNumber(Double.NEGATIVE_INFINITY);
        fresh.addCategory("b");
        fresh.addCategory("a");
        fresh.addMissing();
        return p;
    }

    @Test
    void shouldReadAndWriteTheGoldenVersionTwoFormatWithPredictedScores() throws IOException {
        WindowPartial p = sample();
        p.countScore(0.05, false);
        p.countScore(0.9, true);
        p.countScore(0.9, true);
        p.countScore(0.7, false);
        p.countScore(1.5, true);
        byte[] encoded = WindowPartialCodec.encode(p);
        if (Boolean.getBoolean("golden.update")) {
            Files.write(Path.of("src/test/resources", GOLDEN_V2), encoded);
        }
        byte[] golden = Objects.requireNonNull(getClass().getClassLoader().getResourceAsStream(GOLDEN_V2)).readAllBytes();
        assertThat(encoded).isEqualTo(golden);
        assertThat(golden[0]).isEqualTo(WindowPartialCodec.VERSION_WITH_SCORES);
        WindowPartial decoded = WindowPartialCodec.decode(golden);
        assertThat(WindowPartialCodec.encode(decoded)).isEqualTo(golden);
        assertThat(decoded.predictedScores().positives()[900]).isEqualTo(2);
        assertThat(decoded.predictedScores().negatives()[700]).isEqualTo(1);
        assertThat(decoded.predictedScores().negatives()[50]).isEqualTo(1);
        assertThat(decoded.predictedScores().invalid()).as("1.5 is not a probability").isEqualTo(1);

        WindowPartial other = sample();
        other.countScore(0.9, true);
        decoded.merge(other);
        assertThat(decoded.predictedScores().positives()[900]).isEqualTo(3);
    }

    @Test
    void shouldReadAndWriteTheGoldenVersionOneFormat() throws IOException {
        byte[] encoded = WindowPartialCodec.encode(sample());
        if (Boolean.getBoolean("golden.update")) {
            Files.write(Path.of("src/test/resources", GOLDEN), encoded);
        }
        byte[] golden = Objects.requireNonNull(getClass().getClassLoader().getResourceAsStream(GOLDEN)).readAllBytes();
        assertThat(encoded).isEqualTo(golden);
        WindowPartial decoded = WindowPartialCodec.decode(golden);
        assertThat(WindowPartialCodec.encode(decoded)).isEqualTo(golden);
        assertThat(decoded.count()).isEqualTo(3);
        assertThat(decoded.modelVersion()).isEqualTo("v2");
        assertThat(decoded.offsets()).containsOnlyKeys(2, 5);
        assertThat(decoded.offsets().get(2)).containsExactly(40, 44);
        assertThat(decoded.signals().get("feature:amount").numeric().counts()).containsExactly(1, 0, 1, 0);
        assertThat(decoded.signals().get("feature:amount").mismatched()).isEqualTo(1);
        assertThat(decoded.signals().get("feature:merchant").categorical().counts()).containsExactly(0, 1, 1);
        assertThat(decoded.signals().get("feature:new").learnedCategories()).containsEntry("a", 1L).containsEntry("b", 1L);
    }

    @Test
    void shouldRejectAnUnknownFormatVersion() {
        byte[] encoded = WindowPartialCodec.encode(sample());
        encoded[0] = 99;
        assertThatThrownBy(() -> WindowPartialCodec.decode(encoded)).hasMessageContaining("version 99");
    }

    @Test
    void shouldMergeALearningPartialIntoABoundOneExactly() {
        WindowPartial bound = new WindowPartial("m", 0, 10, "", 1);
        bound.countRecord(1, null, 0, 0);
        bound.signal("x", n -> SignalAccumulator.numeric(new double[] {0.0})).addNumber(-1);
        WindowPartial learning = new WindowPartial("m", 0, 10, "", WindowPartial.NO_BASELINE);
        learning.countRecord(2, null, 1, 0);
        learning.countRecord(3, null, 1, 1);
        learning.signal("x", n -> SignalAccumulator.learning()).addNumber(5);
        learning.signal("x", n -> SignalAccumulator.learning()).addNumber(-3);

        learning.merge(bound);

        assertThat(learning.count()).isEqualTo(3);
        assertThat(learning.baselineVersion()).isEqualTo(1);
        assertThat(learning.signals().get("x").mode()).isEqualTo(SignalAccumulator.Mode.NUMERIC);
        assertThat(learning.signals().get("x").numeric().counts()).containsExactly(2, 1);
    }
}
