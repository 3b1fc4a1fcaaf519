package io.driftmonitor.alerts;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.serde.AvroWireFormat;
import io.driftmonitor.serde.InvalidRecordException;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.serde.SchemaRegistry;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads the monitor's output records in either output format: JSON (kept byte for byte) or Avro in
 * the Confluent wire format, whose writer schema comes from the registry and which is turned into the
 * JSON the monitor would have written ({@link JsonRecordCodec}). A registry that cannot be reached
 * throws {@link io.driftmonitor.serde.SchemaRegistryUnavailableException} (the caller tries again);
 * a record that is neither throws {@link InvalidRecordException}.
 */
final class AlertDecoder {
    private final SchemaRegistry registry;

    /** {@code registry} may be null when the output is JSON (an Avro record is then undecodable). */
    AlertDecoder(SchemaRegistry registry) {
        this.registry = registry;
    }

    AlertEvent decode(AlertKind kind, String topic, int partition, long offset, byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidRecordException("empty value");
        }
        byte[] json;
        JsonNode tree;
        if (AvroWireFormat.isWireFormat(value)) {
            if (registry == null) {
                throw new InvalidRecordException("Avro record, but no schema_registry.url is configured");
            }
            Schema writer = registry.schemaById(AvroWireFormat.schemaId(value));
            GenericRecord record = AvroWireFormat.decodeGeneric(value, writer);
            json = JsonRecordCodec.toJsonBytes(record);
            tree = JsonRecordCodec.mapper().valueToTree(JsonRecordCodec.toPlain(record));
        } else {
            json = value;
            try {
                tree = JsonRecordCodec.mapper().readTree(value);
            } catch (IOException e) {
                throw new InvalidRecordException("neither Avro (magic byte 0) nor JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
            }
            if (tree == null || !tree.isObject()) {
                throw new InvalidRecordException("JSON value is not an object");
            }
        }
        String id = tree.path("event_id").isTextual() ? tree.path("event_id").asText()
            : topic + "-" + partition + "-" + offset;
        return new AlertEvent(kind, id, tree.path("model_id").asText(""), json, tree);
    }
}
