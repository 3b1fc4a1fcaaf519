package io.driftmonitor.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** The Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then Avro binary. */
public final class AvroWireFormat {
    public static final byte MAGIC = 0;
    public static final int HEADER_SIZE = 5;

    private AvroWireFormat() {
    }

    /** A SpecificRecord or a GenericRecord (or any Avro datum with its schema) in the wire format. */
    public static byte[] encode(GenericContainer record, int schemaId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array(), 0, 4);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            if (record instanceof SpecificRecord) {
                new SpecificDatumWriter<GenericContainer>(record.getSchema()).write(record, encoder);
            } else {
                new GenericDatumWriter<GenericContainer>(record.getSchema()).write(record, encoder);
            }
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new InvalidRecordException("cannot encode " + record.getSchema().getFullName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    public static boolean isWireFormat(byte[] bytes) {
        return bytes != null && bytes.length >= HEADER_SIZE && bytes[0] == MAGIC;
    }

    public static int schemaId(byte[] bytes) {
        if (!isWireFormat(bytes)) {
            throw new InvalidRecordException("not in the Confluent wire format (magic byte 0 and a 4-byte schema id)");
        }
        return (bytes[1] & 0xff) << 24 | (bytes[2] & 0xff) << 16 | (bytes[3] & 0xff) << 8 | (bytes[4] & 0xff);
    }

    /** Decodes the payload written with {@code writer} into the generated class of {@code reader}. */
    public static <T extends SpecificRecord> T decode(byte[] bytes, Schema writer, Schema reader) {
        return read(bytes, new SpecificDatumReader<T>(writer, reader), writer);
    }

    /** Decodes the payload as a GenericRecord (or other generic datum) of its writer schema. */
    public static <T> T decodeGeneric(byte[] bytes, Schema writer) {
        return read(bytes, new GenericDatumReader<T>(writer), writer);
    }

    /** Decodes the payload with a reader the caller keeps (per writer schema) to avoid building one per record. */
    public static <T> T read(byte[] bytes, DatumReader<T> reader, Schema writer) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_SIZE, bytes.length - HEADER_SIZE, null);
        try {
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new InvalidRecordException("Avro payload has " + (bytes.length - HEADER_SIZE)
                    + " bytes, more than one record of schema " + writer.getFullName());
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidRecordException ire) {
                throw ire;
            }
            throw new InvalidRecordException("Avro payload does not decode with schema " + writer.getFullName()
                + ": " + e.getMessage(), e);
        }
    }
}
