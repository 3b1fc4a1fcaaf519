package io.driftmonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;

import io.driftmonitor.schema.PredictionEvent;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class WireFormatSerdeTest {
    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.named("wire-" + UUID.randomUUID());

    private static PredictionEvent event() {
        return PredictionEvent.newBuilder().setPredictionId("p-1").setModelId("m").setTimestamp(42L)
            .setFeatures(Map.of("x", 1.5, "colour", "red")).setScore(0.25).build();
    }

    @Test
    void shouldWriteMagicByteSchemaIdAndAvroAndReadASpecificRecordBack() {
        WireFormatSerializer<PredictionEvent> serializer = new WireFormatSerializer<>(registry, SubjectNameStrategy.TOPIC, true);
        byte[] bytes = serializer.serialize("predictions", event());

        assertThat(bytes[0]).isEqualTo((byte) 0);
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(registry.latest("predictions-value").id()).isEqualTo(id);
        assertThat(WireFormatDeserializer.specific(registry, PredictionEvent.class).deserialize("predictions", bytes))
            .isEqualTo(event());
    }

    @Test
    void shouldReadAnyRecordAsAGenericRecordOfItsWriterSchema() {
        Schema schema = SchemaBuilder.record("Score").namespace("acme").fields()
            .requiredString("model").requiredDouble("p").endRecord();
        GenericRecord record = new GenericData.Record(schema);
        record.put("model", "churn");
        record.put("p", 0.9);
        byte[] bytes = new WireFormatSerializer<GenericRecord>(registry, SubjectNameStrategy.RECORD, true)
            .serialize("scores", record);

        GenericRecord back = WireFormatDeserializer.generic(registry).deserialize("scores", bytes);

        assertThat(back.get("model").toString()).isEqualTo("churn");
        assertThat(back.get("p")).isEqualTo(0.9);
        assertThat(registry.latest("acme.Score").schema()).isEqualTo(schema);
    }

    @Test
    void shouldNameSubjectsByStrategy() {
        Schema schema = PredictionEvent.getClassSchema();
        assertThat(SubjectNameStrategy.TOPIC.subject("preds", false, schema)).isEqualTo("preds-value");
        assertThat(SubjectNameStrategy.TOPIC.subject("preds", true, schema)).isEqualTo("preds-key");
        assertThat(SubjectNameStrategy.RECORD.subject("preds", false, schema)).isEqualTo("io.driftmonitor.schema.PredictionEvent");
        assertThat(SubjectNameStrategy.TOPIC_RECORD.subject("preds", false, schema))
            .isEqualTo("preds-io.driftmonitor.schema.PredictionEvent");
        assertThat(SubjectNameStrategy.parse("topic_record")).isEqualTo(SubjectNameStrategy.TOPIC_RECORD);
    }

    @Test
    void shouldRefuseAnIncompatibleSchemaAndLookUpWithoutRegistering() {
        Schema v1 = SchemaBuilder.record("R").fields().requiredInt("a").endRecord();
        Schema v2 = SchemaBuilder.record("R").fields().requiredInt("a").optionalString("b").endRecord();
        Schema broken = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
        int id1 = registry.register("s", v1);

        assertThat(registry.isCompatible("s", v2)).isTrue();
        assertThat(registry.isCompatible("s", broken)).isFalse();
        assertThatThrownBy(() -> registry.register("s", broken)).isInstanceOf(SchemaRegistryException.class);
        assertThat(registry.lookup("s", v1)).isEqualTo(id1);
        assertThatThrownBy(() -> registry.lookup("s", v2)).hasMessageContaining("not registered");
        int id2 = registry.register("s", v2);
        assertThat(registry.latest("s")).isEqualTo(new RegisteredSchema("s", id2, 2, v2));
    }

    @Test
    void shouldEncodeOutputEventsUnderTheirSubject() {
        EventEncoder encoder = new EventEncoder(EventEncoder.Format.AVRO, registry, SubjectNameStrategy.TOPIC_RECORD);
        byte[] bytes = encoder.encode("drift-events", event());

        assertThat(AvroWireFormat.schemaId(bytes))
            .isEqualTo(registry.latest("drift-events-io.driftmonitor.schema.PredictionEvent").id());
    }

    @Test
    void shouldDecodeOurOwnSchemaFromAnOlderWriterVersion() {
        Schema older = SchemaBuilder.record("PredictionEvent").namespace("io.driftmonitor.schema").fields()
            .requiredString("prediction_id").requiredString("model_id").requiredLong("timestamp").endRecord();
        GenericRecord record = new GenericData.Record(older);
        record.put("prediction_id", "p-9");
        record.put("model_id", "m");
        record.put("timestamp", 5L);
        int id = registry.register("predictions-value", older);

        PredictionEvent event = new PredictionDecoder(registry).decode(AvroWireFormat.encode(record, id));

        assertThat(event.getPredictionId()).isEqualTo("p-9");
        assertThat(event.getFeatures()).isEmpty();
        assertThat(event.getScore()).isNull();
    }
}
