package io.driftmonitor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.schema.Deployment;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.AvroWireFormat;
import io.driftmonitor.serde.FeatureValues;
import io.driftmonitor.serde.PredictionDecoder;
import io.driftmonitor.state.SignalAccumulator;
import io.driftmonitor.state.WindowPartial;
import io.driftmonitor.state.WindowPartialCodec;
import org.junit.jupiter.api.Test;

/**
 * The hot path reads features as {@link FeatureValues} (by position); any other decoder hands out
 * an ordinary map. Both must count exactly the same, through layout changes, missing values,
 * strings where numbers were, and the multivariate moments.
 */
class PredictionSignalsTest {

    @Test
    void countsTheSameWhetherFeaturesComeByPositionOrAsAMap() {
        Random random = new Random(11);
        PredictionDecoder decoder = new PredictionDecoder(null);
        ModelPolicy.Multivariate multivariate = ModelPolicy.Multivariate.builder().build();
        PredictionSignals byMap = new PredictionSignals();
        PredictionSignals byPosition = new PredictionSignals();
        WindowPartial fromMaps = new WindowPartial("m", 0, 60_000, WindowPartial.ALL, WindowPartial.NO_BASELINE);
        WindowPartial fromPositions = new WindowPartial("m", 0, 60_000, WindowPartial.ALL, WindowPartial.NO_BASELINE);
        int positional = 0;
        for (int i = 0; i < 400; i++) {
            PredictionEvent event = event(random, i);
            PredictionEvent decoded = decoder.decode(null, AvroWireFormat.encode(event, 1), event.getTimestamp());
            positional += decoded.getFeatures() instanceof FeatureValues ? 1 : 0;
            byMap.feed(fromMaps, event, name -> SignalAccumulator.learning(), null, multivariate);
            byPosition.feed(fromPositions, decoded, name -> SignalAccumulator.learning(), null, multivariate);
        }
        assertThat(positional).isEqualTo(400);
        assertThat(fromPositions.multivariate()).isNotNull();
        assertThat(WindowPartialCodec.encode(fromPositions)).isEqualTo(WindowPartialCodec.encode(fromMaps));
    }

    /** Mostly one layout; every 7th record in another order, every 11th without a feature, some values odd. */
    private static PredictionEvent event(Random random, int i) {
        Map<String, Object> features = new LinkedHashMap<>();
        String[] names = i % 7 == 0 ? new String[] {"c", "x2", "x1", "x0"} : new String[] {"x0", "x1", "x2", "c"};
        for (String name : names) {
            if (i % 11 == 0 && name.equals("x1")) {
                continue;
            }
            Object value = name.equals("c") ? (random.nextBoolean() ? "a" : "b") : random.nextGaussian();
            if (i % 13 == 0 && name.equals("x2")) {
                value = i % 2 == 0 ? null : "not a number";
            }
            if (i % 17 == 0 && name.equals("x0")) {
                value = Double.NaN;
            }
            features.put(name, value);
        }
        return new PredictionEvent("p" + i, "m", "1", Deployment.champion, 1_000L + i, features, random.nextDouble(),
            null, "yes", null, Map.of("country", "DE"), null, null);
    }
}
