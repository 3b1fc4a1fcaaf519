package io.driftmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import io.driftmonitor.schema.PromotionEvent;
import io.driftmonitor.serde.AvroWireFormat;
import io.driftmonitor.serde.InMemorySchemaRegistry;
import io.driftmonitor.serde.InvalidRecordException;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.serde.SchemaRegistryUnavailableException;
import org.junit.jupiter.api.Test;

class AlertDecoderTest {
    @Test
    void shouldKeepJsonOutputByteForByte() {
        byte[] bytes = SampleEvents.RETRAIN.getBytes(StandardCharsets.UTF_8);
        AlertEvent e = new AlertDecoder(null).decode(AlertKind.RETRAIN, "retrain-events", 2, 41, bytes);
        assertThat(e.json()).isSameAs(bytes);
        assertThat(e.eventId()).isEqualTo("bb4f7616-1407-3de6-af60-3baefd61acd7");
        assertThat(e.modelId()).isEqualTo("fraud-classifier");
    }

    @Test
    void shouldTurnAvroOutputIntoTheJsonTheMonitorWouldHaveWritten() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.named("alert-decoder-test");
        PromotionEvent event = JsonRecordCodec.fromJson(SampleEvents.PROMOTION.getBytes(StandardCharsets.UTF_8), PromotionEvent.class);
        int id = registry.register("promotion-events-value", event.getSchema());
        AlertEvent decoded = new AlertDecoder(registry).decode(AlertKind.PROMOTION, "promotion-events", 0, 3,
            AvroWireFormat.encode(event, id));
        assertThat(decoded.json()).isEqualTo(JsonRecordCodec.toJsonBytes(event));
        assertThat(decoded.tree().get("decision").asText()).isEqualTo("promote");
        assertThat(decoded.eventId()).isEqualTo("2e704d23-0000-3000-8000-000000000001");

        registry.setAvailable(false);
        try {
            assertThatThrownBy(() -> new AlertDecoder(registry).decode(AlertKind.PROMOTION, "promotion-events", 0, 3,
                AvroWireFormat.encode(event, id + 1000))).isInstanceOf(SchemaRegistryUnavailableException.class);
        } finally {
            registry.setAvailable(true);
        }
    }

    @Test
    void shouldNameTheSourceWhenAnEventHasNoIdAndRefuseWhatIsNotAnEvent() {
        AlertEvent e = new AlertDecoder(null).decode(AlertKind.RETRAIN, "retrain-events", 1, 9,
            "{\"model_id\":\"m\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(e.eventId()).isEqualTo("retrain-events-1-9");
        assertThatThrownBy(() -> new AlertDecoder(null).decode(AlertKind.RETRAIN, "t", 0, 0, "not json".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(InvalidRecordException.class).hasMessageStartingWith("neither Avro (magic byte 0) nor JSON");
        assertThatThrownBy(() -> new AlertDecoder(null).decode(AlertKind.RETRAIN, "t", 0, 0, "[1]".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(InvalidRecordException.class).hasMessage("JSON value is not an object");
        assertThatThrownBy(() -> new AlertDecoder(null).decode(AlertKind.RETRAIN, "t", 0, 0, new byte[] {0, 0, 0, 0, 1, 2}))
            .isInstanceOf(InvalidRecordException.class).hasMessageContaining("no schema_registry.url");
    }
}
