package io.driftmonitor.serde;

import java.util.Locale;

import org.apache.avro.specific.SpecificRecord;

/** Writes output events as JSON or as Avro in the Confluent wire format (registered under the subject of the naming strategy, by default topic-value). */
public final class EventEncoder {
    public enum Format { JSON, AVRO }

    private final Format format;
    private final SchemaRegistry registry;
    private final SubjectNameStrategy strategy;

    public EventEncoder(Format format, SchemaRegistry registry) {
        this(format, registry, SubjectNameStrategy.TOPIC);
    }

    public EventEncoder(Format format, SchemaRegistry registry, SubjectNameStrategy strategy) {
        if (format == Format.AVRO && registry == null) {
            throw new IllegalArgumentException("Avro output needs a schema registry");
        }
        this.format = format;
        this.registry = registry;
        this.strategy = strategy;
    }

    public static Format parseFormat(String value) {
        try {
            return Format.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("output format must be json or avro, got '" + value + "'");
        }
    }

    public byte[] encode(String topic, SpecificRecord record) {
        if (format == Format.JSON) {
            return JsonRecordCodec.toJsonBytes(record);
        }
        int id = registry.register(strategy.subject(topic, false, record.getSchema()), record.getSchema());
        return AvroWireFormat.encode(record, id);
    }
}
