package io.driftmonitor.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.driftmonitor.schema.LabelEvent;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Decodes a {@link LabelEvent} in any of its formats (detected per record) and validates it: JSON
 * and the Confluent wire format as users publish them, and the monitor's own {@link #INTERNAL} form.
 */
public final class LabelDecoder {
    /**
     * First byte of a label as the monitor hands it on inside (the router to the label join and the
     * labels waiting for their prediction): Avro binary of {@link LabelEvent}, read without a
     * registry, several times cheaper to read than JSON. JSON never starts with this byte, the
     * Confluent wire format starts with 0.
     */
    public static final byte INTERNAL = 1;
    private static final ThreadLocal<SpecificDatumReader<LabelEvent>> READER =
        ThreadLocal.withInitial(() -> new SpecificDatumReader<>(LabelEvent.class));
    private static final ThreadLocal<SpecificDatumWriter<LabelEvent>> WRITER =
        ThreadLocal.withInitial(() -> new SpecificDatumWriter<>(LabelEvent.class));

    private final SchemaRegistry registry;

    public LabelDecoder(SchemaRegistry registry) {
        this.registry = registry;
    }

    public LabelEvent decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidRecordException("empty value");
        }
        LabelEvent label;
        if (value[0] == INTERNAL) {
            label = readInternal(value);
        } else if (value[0] == AvroWireFormat.MAGIC) {
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

    /** The label in the {@link #INTERNAL} form. */
    public static byte[] internal(LabelEvent label) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        out.write(INTERNAL);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            WRITER.get().write(label, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static LabelEvent readInternal(byte[] value) {
        try {
            return READER.get().read(null, DecoderFactory.get().binaryDecoder(value, 1, value.length - 1, null));
        } catch (IOException | RuntimeException e) {
            throw new InvalidRecordException("corrupt label in the monitor's internal form: " + e.getMessage(), e);
        }
    }
}
