package io.driftmonitor.serde;

import java.util.Locale;

import org.apache.avro.specific.SpecificRecord;

/** Writes output events as JSON or as Avro in the Confluent wire format (subject: topic-value). */
public final class EventEncoder {
    public enum Format { JSON, AVRO }

    private final Format format;
    private final SchemaRegistry registry;

    public EventEncoder(Format format, SchemaRegistry registry) {
        if (format == Format.AVRO && registry == null) {
            throw new IllegalArgumentException("Avro output needs a schema registry");
        }
        this.format = format;
        this.registry = registry;
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
        int id = registry.register(topic + "-value", record.getSchema());
        return AvroWireFormat.encode(record, id);
    }
}
