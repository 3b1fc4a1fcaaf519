package io.driftmonitor.stats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned binary format of the histograms (big-endian, pinned by golden-file tests).
 *
 * <pre>
 * numeric, version 1:     'N' 0x01 | int k (edges) | k x double edge | (k+1) x long count
 *                         | long missing | long -inf | long +inf | double sum | double sumOfSquares
 * categorical, version 1: 'C' 0x01 | int k | k x (int byteLength, UTF-8 bytes) | (k+1) x long count
 *                         | long missing
 * </pre>
 * A decoder reads every version it knows and rejects unknown kinds or versions with a clear message.
 */
public final class HistogramCodec {
    public static final byte NUMERIC = 'N';
    public static final byte CATEGORICAL = 'C';
    public static final byte VERSION = 1;

    private HistogramCodec() {
    }

    public static byte[] encode(NumericHistogram h) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(NUMERIC);
            out.writeByte(VERSION);
            double[] edges = h.edges();
            out.writeInt(edges.length);
            for (double e : edges) {
                out.writeDouble(e);
            }
            for (long c : h.counts()) {
                out.writeLong(c);
            }
            out.writeLong(h.missing());
            out.writeLong(h.negativeInfinity());
            out.writeLong(h.positiveInfinity());
            out.writeDouble(h.sum());
            out.writeDouble(h.sumOfSquares());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] encode(CategoricalHistogram h) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(CATEGORICAL);
            out.writeByte(VERSION);
            List<String> categories = h.categories();
            out.writeInt(categories.size());
            for (String c : categories) {
                byte[] utf8 = c.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
            for (long c : h.counts()) {
                out.writeLong(c);
            }
            out.writeLong(h.missing());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static NumericHistogram decodeNumeric(byte[] bytes) {
        try (DataInputStream in = open(bytes, NUMERIC)) {
            int k = length(in, bytes.length);
            double[] edges = new double[k];
            for (int i = 0; i < k; i++) {
                edges[i] = in.readDouble();
            }
            long[] counts = new long[k + 1];
            for (int i = 0; i <= k; i++) {
                counts[i] = in.readLong();
            }
            NumericHistogram h = NumericHistogram.of(edges, counts, in.readLong(), in.readLong(), in.readLong(),
                in.readDouble(), in.readDouble());
            requireEnd(in);
            return h;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated numeric histogram", e);
        }
    }

    public static CategoricalHistogram decodeCategorical(byte[] bytes) {
        try (DataInputStream in = open(bytes, CATEGORICAL)) {
            int k = length(in, bytes.length);
            List<String> categories = new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                byte[] utf8 = new byte[length(in, bytes.length)];
                in.readFully(utf8);
                categories.add(new String(utf8, StandardCharsets.UTF_8));
            }
            long[] counts = new long[k + 1];
            for (int i = 0; i <= k; i++) {
                counts[i] = in.readLong();
            }
            CategoricalHistogram h = CategoricalHistogram.of(categories, counts, in.readLong());
            requireEnd(in);
            return h;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated categorical histogram", e);
        }
    }

    private static DataInputStream open(byte[] bytes, byte kind) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        byte actualKind = in.readByte();
        if (actualKind != kind) {
            throw new IllegalArgumentException("expected histogram kind '" + (char) kind + "', found 0x"
                + Integer.toHexString(actualKind & 0xff));
        }
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown histogram format version " + version);
        }
        return in;
    }

    private static int length(DataInputStream in, int available) throws IOException {
        int k = in.readInt();
        if (k < 0 || k > available) {
            throw new IllegalArgumentException("corrupt histogram: length " + k);
        }
        return k;
    }

    private static void requireEnd(DataInputStream in) throws IOException {
        if (in.read() != -1) {
            throw new IllegalArgumentException("trailing bytes after histogram");
        }
    }
}
