package io.driftmonitor.serde;

import io.driftmonitor.schema.LabelEvent;
import org.apache.avro.Schema;

/** Decodes a {@link LabelEvent} in either format (detected per record) and validates it. */
public final class LabelDecoder {
    private final SchemaRegistry registry;

    public LabelDecoder(SchemaRegistry registry) {
        this.registry = registry;
    }

    public LabelEvent decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidRecordException("empty value");
        }
        LabelEvent label;
        if (value[0] == AvroWireFormat.MAGIC) {
            int id = AvroWireFormat.schemaId(value);
            Schema writer = registry == null ? LabelEvent.getClassSchema() : registry.schemaById(id);
            label = AvroWireFormat.decode(value, writer, LabelEvent.getClassSchema());
        } else {
            label = JsonRecordCodec.fromJson(value, LabelEvent.class);
        }
        if (label.getPredictionId() == null || label.getPredictionId().isBlank()) {
            throw new InvalidRecordException("prediction_id is empty");
        }
        if (label.getModelId() == null || label.getModelId().isBlank()) {
            throw new InvalidRecordException("model_id is empty");
        }
        if (label.getLabel() == null && label.getValue() == null) {
            throw new InvalidRecordException("a label needs label (classification) or value (regression)");
        }
        return label;
    }
}
