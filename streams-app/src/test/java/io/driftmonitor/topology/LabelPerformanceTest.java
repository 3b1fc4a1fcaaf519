package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.state.PredictionIndexBatch;
import io.driftmonitor.state.PredictionIndexEntry;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LabelPerformanceTest {
    private static final long W = TopologyFixture.WINDOW_MS;
    private final TopologyFixture fixture = new TopologyFixture();
    private final Random random = new Random(3);

    @AfterEach
    void close() {
        fixture.close();
    }

    private PredictionEvent predict(String id, long time, double score, String country) {
        PredictionEvent e = TopologyFixture.prediction("m", id, time, Map.of("x", random.nextGaussian()), score,
            Map.of("country", country));
        e.setPredictedLabel(score >= 0.5 ? "fraud" : "legit");
        fixture.send(e);
        return e;
    }

    private void label(String id, String label, long time) {
        LabelEvent l = LabelEvent.newBuilder().setPredictionId(id).setModelId("m").setTimestamp(time).setLabel(label).build();
        fixture.labels.pipeInput(id, JsonRecordCodec.toJsonBytes(l), time);
    }

    private final List<JsonNode> emitted = new java.util.ArrayList<>();

    /** Performance events emitted since the last call (drift events are read once and kept). */
    private List<JsonNode> performance(String signal, String segment) {
        emitted.addAll(TopologyFixture.json(fixture.driftEvents));
        return emitted.stream()
            .filter(e -> e.get("signal").asText().equals(signal))
            .filter(e -> segment == null ? e.get("segment").isNull() : segment.equals(e.get("segment").asText()))
            .toList();
    }

    @Test
    void shouldMeasureAccuracyOfLateLabelsInThePredictionsWindowAndReviseItAsMoreArrive() {
        // window 0: 100 predictions, window 1: 100 predictions; labels for window 1 arrive after it closed
        for (int i = 0; i < 100; i++) {
            predict("a" + i, i * 90, i % 2 == 0 ? 0.9 : 0.1, "DE");
        }
        fixture.flush();
        for (int i = 0; i < 100; i++) {
            predict("b" + i, W + i * 90, i % 2 == 0 ? 0.8 : 0.2, i < 50 ? "DE" : "FR");
        }
        fixture.flush();
        predict("c0", 2 * W + 1, 0.5, "DE");
        fixture.flush(); // window 1 closes

        // 40 labels: the first 30 right (b0..b29), the next 10 wrong, plus a duplicate of b0
        for (int i = 0; i < 40; i++) {
            boolean predictedFraud = i % 2 == 0;
            boolean right = i < 30;
            label("b" + i, predictedFraud == right ? "fraud" : "legit", 3 * W);
        }
        label("b0", "legit", 3 * W + 5);
        fixture.flush();
        fixture.flush();

        List<JsonNode> accuracy = performance("performance:accuracy", null);
        assertThat(accuracy).singleElement().satisfies(e -> {
            assertThat(e.get("window_start").asLong()).isEqualTo(W);
            assertThat(e.get("value").asDouble()).isEqualTo(0.75);
            assertThat(e.get("window_count").asLong()).isEqualTo(40);
            assertThat(e.get("revision").asInt()).isZero();
            assertThat(e.get("metrics").get("label_coverage").asDouble()).isEqualTo(0.4);
            assertThat(e.get("metrics").get("label_delay_p50_ms").asDouble()).isPositive();
        });
        assertThat(performance("performance:accuracy", "country=DE")).singleElement()
            .satisfies(e -> assertThat(e.get("value").asDouble()).isEqualTo(0.75));

        emitted.clear();
        // 10 more labels (all right): a second revision of the same window
        for (int i = 40; i < 50; i++) {
            label("b" + i, i % 2 == 0 ? "fraud" : "legit", 3 * W + 10);
        }
        fixture.flush();
        fixture.flush();
        assertThat(performance("performance:accuracy", null)).singleElement().satisfies(e -> {
            assertThat(e.get("revision").asInt()).isEqualTo(1);
            assertThat(e.get("value").asDouble()).isEqualTo(0.8);
            assertThat(e.get("window_count").asLong()).isEqualTo(50);
        });
    }

    @Test
    void shouldAttributeALabelThatArrivesBeforeItsPredictionsIndexEntry() {
        label("early", "fraud", 50);
        predict("early", 60, 0.9, "DE");
        for (int i = 0; i < 60; i++) {
            predict("x" + i, 100 + i, 0.7, "DE");
        }
        fixture.flush();
        predict("y", W + 1, 0.7, "DE");
        fixture.flush();
        fixture.flush();
        assertThat(performance("performance:accuracy", null)).singleElement().satisfies(e -> {
            assertThat(e.get("window_start").asLong()).isZero();
            assertThat(e.get("window_count").asLong()).isEqualTo(1);
            assertThat(e.get("value").asDouble()).isEqualTo(1.0);
            assertThat(e.get("status").asText()).isEqualTo("insufficient_data");
        });
    }

    /**
     * A full batch of index entries goes to the label join at once, the window partials only at
     * level 1's flush: the join can count labels, and its flush hand them to level 2, before level 2
     * has seen the model at all. They count all the same.
     */
    @Test
    void shouldCountLabelsThatReachLevelTwoBeforeTheModelsFirstWindowPartial() {
        PredictionIndexBatch batch = new PredictionIndexBatch(0);
        for (int i = 0; i < 5; i++) {
            batch.add("early" + i, new PredictionIndexEntry("m", "1", 100 + i, 0, W, 0.9, "fraud", List.of(), false));
        }
        fixture.driver.createInputTopic(TopologyNames.predictionIndexTopic(fixture.config.kafka.applicationId),
            new StringSerializer(), PredictionIndexBatch.serde().serializer()).pipeInput("0/0", batch, 104);
        for (int i = 0; i < 5; i++) {
            label("early" + i, "fraud", 200);
        }
        fixture.flush(); // the join hands its partial on; level 1 has nothing yet
        for (int i = 0; i < 5; i++) {
            predict("early" + i, 100 + i, 0.9, "DE");
        }
        fixture.flush();

        byte[] state = fixture.driver.<String, byte[]>getKeyValueStore(TopologyNames.MODEL_STATE_STORE).get("m");
        assertThat(state).isNotNull();
        ModelState model = MergeAndCloseProcessor.readState(state);
        assertThat(model.labelsCounted).isEqualTo(5);
        assertThat(model.recordsCounted).isEqualTo(5);
    }
}
