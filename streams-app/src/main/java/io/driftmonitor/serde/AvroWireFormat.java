package io.driftmonitor.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** The Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then Avro binary. */
public final class AvroWireFormat {
    public static final byte MAGIC = 0;

    private AvroWireFormat() {
    }

    public static byte[] encode(SpecificRecord record, int schemaId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array(), 0, 4);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + record.getSchema().getName(), e);
        }
        return out.toByteArray();
    }

    public static int schemaId(byte[] bytes) {
        if (bytes.length < 5 || bytes[0] != MAGIC) {
            throw new InvalidRecordException("not in the Confluent wire format (magic byte 0 and a 4-byte schema id)");
        }
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    /** Decodes the payload written with {@code writer} into the generated class of {@code reader}. */
    public static <T extends SpecificRecord> T decode(byte[] bytes, Schema writer, Schema reader) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
        try {
            return new SpecificDatumReader<T>(writer, reader).read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new InvalidRecordException("Avro payload does not decode with schema " + writer.getFullName()
                + ": " + e.getMessage(), e);
        }
    }
}
