package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import org.junit.jupiter.api.Test;

/**
 * Ground truth known at once ({@code label} or {@code label_value} on the prediction) is measured
 * exactly like the same label arriving on {@code labels}: the same performance events, per window
 * and segment, with the same values; both at once count once.
 */
class InlineLabelsTest {
    private static final long W = TopologyFixture.WINDOW_MS;

    private enum Truth { ON_LABELS_TOPIC, INLINE, BOTH }

    /**
     * The performance events of a classifier's and a regressor's first window, the truth given as said:
     * value by (model, window, segment, signal, count).
     */
    private static Map<String, Double> performanceEvents(Truth truth) {
        try (TopologyFixture fixture = new TopologyFixture()) {
            Random random = new Random(11);
            for (int i = 0; i < 120; i++) {
                String country = i % 3 == 0 ? "DE" : "FR";
                double score = random.nextDouble();
                boolean fraud = random.nextDouble() < score;
                PredictionEvent c = TopologyFixture.prediction("clf", "c" + i, i * (W / 120), Map.of("x", random.nextGaussian()),
                    score, Map.of("country", country));
                c.setPredictedLabel(score >= 0.5 ? "fraud" : "legit");
                double price = 100 + 10 * random.nextGaussian();
                PredictionEvent r = TopologyFixture.prediction("reg", "r" + i, i * (W / 120), Map.of("x", random.nextGaussian()),
                    price, Map.of("country", country));
                double actual = price + random.nextGaussian();
                if (truth != Truth.ON_LABELS_TOPIC) {
                    c.setLabel(fraud ? "fraud" : "legit");
                    r.setLabelValue(actual);
                }
                fixture.send(c);
                fixture.send(r);
                if (truth != Truth.INLINE) {
                    long t = c.getTimestamp();
                    fixture.labels.pipeInput("c" + i, JsonRecordCodec.toJsonBytes(LabelEvent.newBuilder().setPredictionId("c" + i)
                        .setModelId("clf").setTimestamp(t).setLabel(fraud ? "fraud" : "legit").build()), t);
                    fixture.labels.pipeInput("r" + i, JsonRecordCodec.toJsonBytes(LabelEvent.newBuilder().setPredictionId("r" + i)
                        .setModelId("reg").setTimestamp(t).setValue(actual).build()), t);
                }
            }
            fixture.flush();
            fixture.send(TopologyFixture.prediction("clf", "next-c", W + 1, Map.of("x", 0.0), 0.5, Map.of()));
            fixture.send(TopologyFixture.prediction("reg", "next-r", W + 1, Map.of("x", 0.0), 100.0, Map.of()));
            fixture.flush();
            fixture.flush();
            fixture.flush();
            Map<String, Double> values = new TreeMap<>();
            TopologyFixture.json(fixture.driftEvents).stream()
                .filter(e -> e.get("signal").asText().startsWith("performance:"))
                .forEach(e -> assertThat(values.put(describe(e), e.get("value").asDouble())).isNull());
            return values;
        }
    }

    private static String describe(JsonNode e) {
        // The delay of an inline label is 0; on the topic the tests stamp labels at prediction time, so it is 0 too.
        return e.get("model_id").asText() + " " + e.get("window_start").asLong() + " " + e.get("segment") + " "
            + e.get("signal").asText() + " n=" + e.get("window_count");
    }

    /**
     * The same events with the same values, to the last bits of rounding: outcomes are summed in the
     * order they reach the label join, which differs between the three ways.
     */
    private static void assertSameEvents(Map<String, Double> actual, Map<String, Double> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((event, value) -> assertThat(actual.get(event)).as(event)
            .isCloseTo(value, within(Math.abs(value) * 1e-12)));
    }

    @Test
    void shouldMeasureGroundTruthOnThePredictionExactlyLikeALabelOnTheLabelsTopic() {
        Map<String, Double> onTopic = performanceEvents(Truth.ON_LABELS_TOPIC);
        assertThat(onTopic.keySet()).anyMatch(e -> e.startsWith("clf 0 null performance:accuracy"))
            .anyMatch(e -> e.startsWith("reg 0 null performance:mae"))
            .anyMatch(e -> e.contains("\"country=DE\" performance:accuracy"));
        assertSameEvents(performanceEvents(Truth.INLINE), onTopic);
        assertSameEvents(performanceEvents(Truth.BOTH), onTopic);
    }
}
