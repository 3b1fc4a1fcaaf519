package io.driftmonitor.serde;

import io.driftmonitor.schema.PredictionEvent;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Decodes a {@link PredictionEvent} from either format, detected per record: a first byte 0 is the
 * Confluent Avro wire format, a first byte '{' (after white space) is JSON. Records follow the
 * monitor's own schema (any compatible writer schema version) or, with a
 * {@link UserSchemaReader}, the user's own schema. Then validates what the monitor needs.
 * A record at fault throws {@link InvalidRecordException}; a registry that cannot answer throws
 * {@link SchemaRegistryException} ({@link SchemaRegistryUnavailableException} when asking again
 * later may succeed). Thread-safe.
 */
public final class PredictionDecoder {
    private final SchemaRegistry registry;
    private final UserSchemaReader mapped;
    private final BoundedCache<Integer, PayloadReader> readers = new BoundedCache<>(256);
    /** The reader of the schema id read last (threads that read other ids replace it, at no harm). */
    private volatile LastReader lastReader;

    private record LastReader(int schemaId, PayloadReader reader) {
    }

    /** Reads the event of one Avro record in the wire format, of the writer schema it was made for. */
    @FunctionalInterface
    private interface PayloadReader {
        PredictionEvent read(byte[] wireFormat);
    }

    /** @param registry where Avro writer schemas are looked up; null assumes every Avro record uses our schema */
    public PredictionDecoder(SchemaRegistry registry) {
        this(registry, null);
    }

    /** @param userSchema how records in the user's own schema are read; null for our schema */
    public PredictionDecoder(SchemaRegistry registry, UserSchemaReader userSchema) {
        this.registry = registry;
        this.mapped = userSchema;
    }

    public PredictionEvent decode(byte[] value) {
        return decode(null, value, -1);
    }

    /**
     * @param key the record key (the prediction id when the mapping names none)
     * @param recordTimestamp the Kafka record timestamp (the event time when the mapping names none)
     */
    public PredictionEvent decode(byte[] key, byte[] value, long recordTimestamp) {
        if (value == null || value.length == 0) {
            throw new InvalidRecordException("empty value");
        }
        PredictionEvent event;
        if (value[0] == AvroWireFormat.MAGIC) {
            event = mapped != null ? mapped.decodeAvro(key, value, recordTimestamp) : decodeOwnAvro(value);
        } else if (startsJsonObject(value)) {
            event = mapped != null ? mapped.decodeJson(key, value, recordTimestamp)
                : JsonRecordCodec.fromJson(value, PredictionEvent.class);
        } else {
            throw new InvalidRecordException("neither Avro (first byte 0) nor a JSON object (first byte '{')");
        }
        validate(event);
        return event;
    }

    private PredictionEvent decodeOwnAvro(byte[] value) {
        int id = AvroWireFormat.schemaId(value);
        if (registry == null) {
            id = 0;
        }
        // A schema id names one schema for good: records of the id read last need no lookup at all.
        LastReader last = lastReader;
        if (last == null || last.schemaId != id) {
            PayloadReader reader = readers.get(id);
            if (reader == null) {
                Schema writer = registry == null ? PredictionEvent.getClassSchema() : registry.schemaById(id);
                reader = readerFor(writer);
                readers.put(id, reader);
            }
            last = new LastReader(id, reader);
            lastReader = last;
        }
        return last.reader.read(value);
    }

    /** The hand-written reader for the monitor's own schema, Avro's resolving reader for any other version. */
    private static PayloadReader readerFor(Schema writer) {
        if (PredictionAvroReader.reads(writer)) {
            PredictionAvroReader own = new PredictionAvroReader();
            return value -> {
                try {
                    return own.read(value, AvroWireFormat.HEADER_SIZE, value.length - AvroWireFormat.HEADER_SIZE);
                } catch (RuntimeException e) {
                    throw new InvalidRecordException("Avro payload does not decode with schema " + writer.getFullName()
                        + ": " + e.getMessage(), e);
                }
            };
        }
        DatumReader<PredictionEvent> resolving = new SpecificDatumReader<>(writer, PredictionEvent.getClassSchema());
        return value -> AvroWireFormat.read(value, resolving, writer);
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
