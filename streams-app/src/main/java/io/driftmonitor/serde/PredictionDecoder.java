package io.driftmonitor.serde;

import io.driftmonitor.schema.PredictionEvent;
import org.apache.avro.Schema;

/**
 * Decodes a {@link PredictionEvent} from either format, detected per record: a first byte 0 is the
 * Confluent Avro wire format, a first byte '{' (after white space) is JSON. Then validates what the
 * monitor needs. Every failure is an {@link InvalidRecordException} whose message is the reason.
 */
public final class PredictionDecoder {
    private final SchemaRegistry registry;

    /** @param registry where Avro writer schemas are looked up; null assumes every Avro record uses our schema */
    public PredictionDecoder(SchemaRegistry registry) {
        this.registry = registry;
    }

    public PredictionEvent decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidRecordException("empty value");
        }
        PredictionEvent event;
        if (value[0] == AvroWireFormat.MAGIC) {
            int id = AvroWireFormat.schemaId(value);
            Schema writer = registry == null ? PredictionEvent.getClassSchema() : registry.schemaById(id);
            event = AvroWireFormat.decode(value, writer, PredictionEvent.getClassSchema());
        } else if (startsJsonObject(value)) {
            event = JsonRecordCodec.fromJson(value, PredictionEvent.class);
        } else {
            throw new InvalidRecordException("neither Avro (first byte 0) nor a JSON object (first byte '{')");
        }
        validate(event);
        return event;
    }

    private static boolean startsJsonObject(byte[] value) {
        for (byte b : value) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }

    static void validate(PredictionEvent event) {
        if (event.getModelId() == null || event.getModelId().isBlank()) {
            throw new InvalidRecordException("model_id is empty");
        }
        if (event.getPredictionId() == null || event.getPredictionId().isBlank()) {
            throw new InvalidRecordException("prediction_id is empty");
        }
        if (event.getTimestamp() < 0) {
            throw new InvalidRecordException("timestamp must be epoch milliseconds >= 0, got " + event.getTimestamp());
        }
    }
}
