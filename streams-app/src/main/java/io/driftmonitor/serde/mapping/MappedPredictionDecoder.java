package io.driftmonitor.serde.mapping;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.config.PredictionMapping;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.AvroWireFormat;
import io.driftmonitor.serde.InvalidRecordException;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.serde.PredictionDecoder;
import io.driftmonitor.serde.SchemaRegistry;
import io.driftmonitor.serde.UserSchemaReader;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.IndexedRecord;

/**
 * Reads records in the user's own schema through a {@link PredictionMapping}: Avro in the wire
 * format is decoded as a GenericRecord of its writer schema and read through accessors compiled
 * once per schema id; JSON is parsed to a tree and read along the same paths. No intermediate
 * format: the cost is one Avro (or JSON) decode plus a few field look-ups. Thread-safe.
 */
public final class MappedPredictionDecoder implements UserSchemaReader {
    private final PredictionMapping mapping;
    private final SchemaRegistry registry;
    private final MappedPredictionReader builder;
    private final JsonMappedReader json;
    private final Map<Integer, Compiled> bySchemaId = new ConcurrentHashMap<>();

    private record Compiled(Schema writer, GenericDatumReader<IndexedRecord> datumReader, AvroMappedReader reader) {
    }

    public MappedPredictionDecoder(PredictionMapping mapping, SchemaRegistry registry) {
        this.mapping = mapping;
        this.registry = registry;
        this.builder = new MappedPredictionReader(mapping);
        this.json = new JsonMappedReader(mapping);
    }

    /** The decoder of the predictions topic: the monitor's own schema, or with a mapping the user's. */
    public static PredictionDecoder predictionDecoder(SchemaRegistry registry, PredictionMapping mapping) {
        return new PredictionDecoder(registry, mapping == null ? null : new MappedPredictionDecoder(mapping, registry));
    }

    @Override
    public PredictionEvent decodeAvro(byte[] key, byte[] value, long recordTimestamp) {
        if (registry == null) {
            throw new InvalidRecordException("Avro record in a mapped topic, but no schema_registry.url is configured");
        }
        int id = AvroWireFormat.schemaId(value);
        Compiled compiled = bySchemaId.get(id);
        if (compiled == null) {
            Schema writer = registry.schemaById(id);
            if (writer.getType() != Schema.Type.RECORD) {
                throw new InvalidRecordException("schema id " + id + " is a " + writer.getType() + ", not a record");
            }
            compiled = new Compiled(writer, new GenericDatumReader<>(writer), new AvroMappedReader(mapping, writer));
            bySchemaId.put(id, compiled);
        }
        // GenericDatumReader keeps per-thread state only, so one instance serves every task.
        IndexedRecord record = AvroWireFormat.read(value, compiled.datumReader, compiled.writer);
        return builder.read(compiled.reader, record, key, value, recordTimestamp);
    }

    @Override
    public PredictionEvent decodeJson(byte[] key, byte[] value, long recordTimestamp) {
        JsonNode tree;
        try {
            tree = JsonRecordCodec.mapper().readTree(value);
        } catch (IOException e) {
            throw new InvalidRecordException("not valid JSON: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidRecordException("not a JSON object");
        }
        return builder.read(json, tree, key, value, recordTimestamp);
    }
}
