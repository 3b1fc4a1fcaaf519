package io.driftmonitor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SignalAccumulatorTest {

    @Test
    void shouldKeepRawValuesExactlyUpToTheCapAndASketchBeyondItSoThatStateStaysSmall() {
        Random random = new Random(5);
        SignalAccumulator small = SignalAccumulator.learning();
        SignalAccumulator large = SignalAccumulator.learning();
        for (int i = 0; i < SignalAccumulator.MAX_RAW_VALUES; i++) {
            small.addNumber(random.nextGaussian());
        }
        for (int i = 0; i < 200_000; i++) {
            large.addNumber(random.nextGaussian());
        }
        assertThat(small.learnedSketch()).isNull();
        assertThat(large.learnedSketch()).isNotNull();
        assertThat(large.learnedPresent()).isEqualTo(200_000);

        WindowPartial p = new WindowPartial("m", 0, 10, "", WindowPartial.NO_BASELINE);
        p.signal("x", n -> large);
        byte[] encoded = WindowPartialCodec.encode(p);
        assertThat(encoded.length).as("a sketch, not 200,000 doubles").isLessThan(64 * 1024);
        SignalAccumulator decoded = WindowPartialCodec.decode(encoded).signals().get("x");
        assertThat(decoded.learnedSketch().count()).isEqualTo(200_000);
    }

    @Test
    void shouldBinASketchIntoBoundCountsThatAddUpAndAreFlaggedAsEstimates() {
        Random random = new Random(9);
        SignalAccumulator large = SignalAccumulator.learning();
        double[] values = new double[50_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
            large.addNumber(values[i]);
        }
        double[] edges = {-1, 0, 1};
        SignalAccumulator bound = SignalAccumulator.numeric(edges);
        bound.merge(large);

        long[] counts = bound.numeric().counts();
        assertThat(Arrays.stream(counts).sum()).isEqualTo(50_000);
        assertThat(bound.approximate()).isTrue();
        long exactBelowZero = Arrays.stream(values).filter(v -> v < 0).count();
        // KLL with k = 200: rank error about 1.3 % of n at 99 % confidence.
        assertThat((double) counts[0] + counts[1]).isCloseTo(exactBelowZero, within(0.02 * 50_000));
        SignalAccumulator roundTrip = WindowPartialCodec.decode(WindowPartialCodec.encode(partialWith(bound))).signals().get("x");
        assertThat(roundTrip.approximate()).isTrue();
    }

    private static WindowPartial partialWith(SignalAccumulator a) {
        WindowPartial p = new WindowPartial("m", 0, 10, "", 1);
        p.signal("x", n -> a);
        return p;
    }
}
