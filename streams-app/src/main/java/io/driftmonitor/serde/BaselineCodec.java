package io.driftmonitor.serde;

import io.driftmonitor.schema.Baseline;
import org.apache.avro.Schema;

/** Reads a {@link Baseline} in either format (detected per record, like predictions). */
public final class BaselineCodec {
    private final SchemaRegistry registry;

    public BaselineCodec(SchemaRegistry registry) {
        this.registry = registry;
    }

    public Baseline decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidRecordException("empty baseline");
        }
        if (value[0] == AvroWireFormat.MAGIC) {
            int id = AvroWireFormat.schemaId(value);
            Schema writer = registry == null ? Baseline.getClassSchema() : registry.schemaById(id);
            return AvroWireFormat.decode(value, writer, Baseline.getClassSchema());
        }
        return JsonRecordCodec.fromJson(value, Baseline.class);
    }
}
