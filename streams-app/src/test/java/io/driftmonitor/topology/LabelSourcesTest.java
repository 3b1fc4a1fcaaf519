package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.state.PredictionIndexBatch;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A model's {@code labels} policy: {@code topic} (the default) indexes every prediction for the
 * labels topic; {@code inline} and {@code none} index nothing, count what comes on the prediction,
 * and count a label on the topic that needs the index as unmatched at once, not after a wait.
 */
class LabelSourcesTest {
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private final TopologyFixture fixture = new TopologyFixture(config(), Instant.ofEpochMilli(T0));

    private static MonitorConfig config() {
        MonitorConfig defaults = MonitorConfig.builder().build();
        return TopologyFixture.defaultConfig().toBuilder()
            .defaults(d -> d.minTimestamp(defaults.defaults.minTimestamp))
            .model("quiet", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("labels", "none"))
            .model("inline", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("labels", "inline"))
            .build();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private void predict(String model, String id, String inlineLabel) {
        PredictionEvent e = TopologyFixture.prediction(model, id, T0 + 1, Map.of("x", 1.0), 0.9, Map.of());
        e.setPredictedLabel("fraud");
        e.setLabel(inlineLabel);
        fixture.send(e);
    }

    private void label(String model, String id) {
        LabelEvent l = LabelEvent.newBuilder().setPredictionId(id).setModelId(model).setTimestamp(T0 + 2).setLabel("fraud").build();
        fixture.labels.pipeInput(id, JsonRecordCodec.toJsonBytes(l), T0 + 2);
    }

    private ModelState state(String model) {
        return MergeAndCloseProcessor.readState(fixture.driver.<String, byte[]>getKeyValueStore(TopologyNames.MODEL_STATE_STORE)
            .get(model));
    }

    @Test
    void shouldIndexOnlyTheModelsWhoseLabelsComeOnTheTopic() {
        TestOutputTopic<String, Object> index = fixture.driver.createOutputTopic(
            TopologyNames.predictionIndexTopic(fixture.config.kafka.applicationId), new StringDeserializer(),
            PredictionIndexBatch.indexRecordDeserializer());
        for (int i = 0; i < 5; i++) {
            predict("m", "m" + i, null);
            predict("quiet", "q" + i, null);
            predict("inline", "i" + i, i < 3 ? "fraud" : null);
        }
        fixture.driver.advanceWallClockTime(Duration.ofSeconds(2));

        Set<String> indexed = new HashSet<>();
        for (Object batch : index.readValuesToList()) {
            ((PredictionIndexBatch) batch).forEach((id, entry) -> indexed.add(entry.modelId()));
        }
        assertThat(indexed).containsExactly("m");

        label("m", "m0");
        label("quiet", "q0");
        label("inline", "i3");
        fixture.driver.advanceWallClockTime(Duration.ofSeconds(2));

        assertThat(state("m").labelsCounted).isEqualTo(1);
        assertThat(state("m").unmatchedLabels).isZero();
        assertThat(state("quiet").labelsCounted).isZero();
        assertThat(state("quiet").unmatchedLabels).isEqualTo(1);
        assertThat(state("inline").labelsCounted).isEqualTo(3);
        assertThat(state("inline").unmatchedLabels).isEqualTo(1);
    }
}
