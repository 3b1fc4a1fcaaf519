package io.driftmonitor.serde;

import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer of the Confluent wire format: the writer schema comes from the registry by
 * the id in the record (cached), and the payload is read either as a {@link GenericRecord} of the
 * writer schema or, with schema resolution, into a generated SpecificRecord class.
 */
public final class WireFormatDeserializer<T> implements Deserializer<T> {
    private final SchemaRegistry registry;
    private final Schema readerSchema;
    private final BoundedCache<Integer, DatumReader<T>> readers = new BoundedCache<>(256);

    private WireFormatDeserializer(SchemaRegistry registry, Schema readerSchema) {
        this.registry = registry;
        this.readerSchema = readerSchema;
    }

    public static WireFormatDeserializer<GenericRecord> generic(SchemaRegistry registry) {
        return new WireFormatDeserializer<>(registry, null);
    }

    public static <R extends SpecificRecord> WireFormatDeserializer<R> specific(SchemaRegistry registry, Class<R> type) {
        return new WireFormatDeserializer<>(registry, SpecificData.get().getSchema(type));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = AvroWireFormat.schemaId(data);
        Schema writer = registry.schemaById(id);
        DatumReader<T> reader = readers.computeIfAbsent(id, key -> readerSchema == null
            ? new GenericDatumReader<>(writer)
            : new SpecificDatumReader<>(writer, readerSchema));
        return AvroWireFormat.read(data, reader, writer);
    }
}
