package io.driftmonitor.serde;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.apache.avro.AvroTypeException;

/**
 * Reads Avro's binary encoding (the specification's primitive types and block counts) straight
 * from a record's bytes, for {@link PredictionAvroReader}: no decoder object per record, no copy of
 * a string's bytes before they are compared or looked up. Out-of-range lengths and a record that
 * ends early throw {@link AvroTypeException}, as Avro's own decoder refuses them.
 */
final class AvroCursor {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    final byte[] bytes;
    private int position;
    private final int end;

    AvroCursor(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
    }

    int position() {
        return position;
    }

    boolean isEnd() {
        return position == end;
    }

    /** A zig-zag variable-length long. */
    long readLong() {
        // Most longs of a prediction are one byte: lengths of names, union branches, block counts.
        if (position < end) {
            int b = bytes[position];
            if (b >= 0) {
                position++;
                return (b >>> 1) ^ -(b & 1);
            }
        }
        return readLongSlowly();
    }

    private long readLongSlowly() {
        long value = 0;
        int shift = 0;
        while (true) {
            if (position >= end) {
                throw truncated();
            }
            int b = bytes[position++];
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (value >>> 1) ^ -(value & 1);
            }
            shift += 7;
            if (shift > 63) {
                throw new AvroTypeException("Invalid long encoding");
            }
        }
    }

    int readInt() {
        long value = readLong();
        if (value != (int) value) {
            throw new AvroTypeException("Invalid int encoding");
        }
        return (int) value;
    }

    double readDouble() {
        require(Long.BYTES);
        double value = Double.longBitsToDouble((long) LONG_LE.get(bytes, position));
        position += Long.BYTES;
        return value;
    }

    float readFloat() {
        require(Integer.BYTES);
        float value = Float.intBitsToFloat((int) INT_LE.get(bytes, position));
        position += Integer.BYTES;
        return value;
    }

    boolean readBoolean() {
        require(1);
        return bytes[position++] != 0;
    }

    /**
     * The length of the string (or bytes) that starts here, leaving the cursor at its first byte:
     * the caller reads {@code bytes} from {@link #position()} and then calls {@link #skip}.
     */
    int stringLength() {
        long length = readLong();
        if (length < 0 || length > end - position) {
            throw new AvroTypeException(length < 0 ? "Malformed data. Length is negative: " + length : truncatedMessage());
        }
        return (int) length;
    }

    /**
     * The first {@code min(length, 8)} bytes from {@code at} as a little-endian long, the bytes past
     * them zero: two short byte strings are equal when their lengths, these prefixes and their bytes
     * past the eighth are. One memory read when the array has 8 bytes from {@code at}.
     */
    static long prefix(byte[] bytes, int at, int length) {
        if (at + Long.BYTES <= bytes.length) {
            long word = (long) LONG_LE.get(bytes, at);
            return length >= Long.BYTES ? word : word & ((1L << (length << 3)) - 1);
        }
        long word = 0;
        for (int i = Math.min(length, Long.BYTES) - 1; i >= 0; i--) {
            word = (word << 8) | (bytes[at + i] & 0xff);
        }
        return word;
    }

    void skip(int length) {
        position += length;
    }

    String readString() {
        int length = stringLength();
        String s = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return s;
    }

    /**
     * The item count of the next block of a map or an array (0 at its end). A negative count is
     * followed by the block's size in bytes, which is read and not needed.
     */
    long blockCount() {
        long count = readLong();
        if (count < 0) {
            readLong();
            count = -count;
        }
        return count;
    }

    private void require(int length) {
        if (end - position < length) {
            throw truncated();
        }
    }

    private AvroTypeException truncated() {
        return new AvroTypeException(truncatedMessage());
    }

    private static String truncatedMessage() {
        return "the record ends before its last field";
    }
}
