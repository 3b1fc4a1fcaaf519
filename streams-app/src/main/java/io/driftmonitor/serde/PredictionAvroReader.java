package io.driftmonitor.serde;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import io.driftmonitor.schema.Deployment;
import io.driftmonitor.schema.PredictionEvent;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.util.Utf8;

/**
 * Reads a {@link PredictionEvent} written with the monitor's own schema (same parsing canonical
 * form), field by field, straight from the record's bytes ({@link AvroCursor}), without Avro's
 * generic resolution or a decoder per record. It is the hot path of level 1: feature names repeat
 * in every record, so a name is compared, in place, with the name at its position in the previous
 * record, else looked up in a table of the names already seen, which gives the same {@code String}
 * (hash computed once) for every record instead of a new one. A writer schema of another form is
 * read by Avro's own resolving reader ({@link PredictionDecoder}). Thread-safe: the buffer and the
 * name table are per thread.
 */
public final class PredictionAvroReader {
    private static final long OWN_SCHEMA_FINGERPRINT = SchemaNormalization.parsingFingerprint64(PredictionEvent.getClassSchema());
    /** Distinct names kept; a stream with more distinct feature, class or tag names reads the rest as new strings. */
    private static final int MAX_NAMES = 4096;
    private static final Deployment[] DEPLOYMENTS = Deployment.values();

    private final ThreadLocal<Names> names = ThreadLocal.withInitial(Names::new);

    /** The feature, class and tag names one thread has read, and its read buffer. */
    private static final class Names {
        final Map<Utf8, String> known = new HashMap<>();
        /** Text values of features (categories repeat too), bounded apart from the names. */
        final Map<Utf8, String> knownValues = new HashMap<>();
        Utf8 buffer = new Utf8();
        /** The feature names of the last record read, in its order, and their UTF-8 bytes. */
        String[] layout = new String[0];
        byte[][] layoutBytes = new byte[0][];
        /** {@link AvroCursor#prefix} of each of {@link #layoutBytes}. */
        long[] layoutPrefixes = new long[0];
        /** Scratch space for the features of the record being read. */
        String[] names = new String[64];
        byte[] kinds = new byte[64];
        double[] numbers = new double[64];
        Object[] others = new Object[64];
        /** Per position in the layout: the text values read there lately (categories repeat). */
        RecentTexts[] recentTexts = new RecentTexts[64];

        void ensure(int size) {
            if (size > names.length) {
                int n = Math.max(size, names.length * 2);
                names = Arrays.copyOf(names, n);
                kinds = Arrays.copyOf(kinds, n);
                numbers = Arrays.copyOf(numbers, n);
                others = Arrays.copyOf(others, n);
                recentTexts = Arrays.copyOf(recentTexts, n);
            }
        }

        RecentTexts recentTexts(int position) {
            RecentTexts r = recentTexts[position];
            if (r == null) {
                r = new RecentTexts();
                recentTexts[position] = r;
            }
            return r;
        }
    }

    /**
     * The last few distinct text values seen at one feature position with their UTF-8 bytes: a value
     * found here by comparing bytes needs no copy, hash or table lookup.
     */
    private static final class RecentTexts {
        private static final int SIZE = 8;
        private final byte[][] bytes = new byte[SIZE][];
        private final long[] prefixes = new long[SIZE];
        private final String[] values = new String[SIZE];
        private int next;

        String find(byte[] in, int at, int length) {
            long prefix = AvroCursor.prefix(in, at, length);
            for (int k = 0; k < SIZE; k++) {
                byte[] b = bytes[k];
                if (b != null && sameBytes(in, at, length, b, prefix, prefixes[k])) {
                    return values[k];
                }
            }
            return null;
        }

        void add(byte[] in, int at, int length, String value) {
            bytes[next] = Arrays.copyOfRange(in, at, at + length);
            prefixes[next] = AvroCursor.prefix(in, at, length);
            values[next] = value;
            next = (next + 1) % SIZE;
        }
    }

    /**
     * Whether {@code length} bytes from {@code at} are {@code expected}, given the {@link
     * AvroCursor#prefix} of both: names and categories are a few bytes long, so most comparisons are
     * of one long, where {@code Arrays.equals} spends more on its checks than on comparing. The
     * caller has checked that the bytes are there.
     */
    static boolean sameBytes(byte[] in, int at, int length, byte[] expected, long prefix, long expectedPrefix) {
        if (expected.length != length || prefix != expectedPrefix) {
            return false;
        }
        for (int i = Long.BYTES; i < length; i++) {
            if (in[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether records of this writer schema have exactly the binary layout this reader reads. */
    public static boolean reads(Schema writer) {
        return SchemaNormalization.parsingFingerprint64(writer) == OWN_SCHEMA_FINGERPRINT;
    }

    /**
     * The event encoded in {@code length} bytes from {@code offset}; bytes left over after it, a
     * record that ends early or a value out of range throw {@link AvroTypeException}.
     */
    public PredictionEvent read(byte[] bytes, int offset, int length) {
        AvroCursor in = new AvroCursor(bytes, offset, length);
        PredictionEvent event = read(in);
        if (!in.isEnd()) {
            throw new AvroTypeException("Avro payload has " + length + " bytes, more than one record of schema "
                + PredictionEvent.getClassSchema().getFullName());
        }
        return event;
    }

    private PredictionEvent read(AvroCursor in) {
        Names names = this.names.get();
        PredictionEvent e = new PredictionEvent();
        e.setPredictionId(in.readString());
        // Model ids and versions repeat: one instance each, its hash computed once, for the lookups by model.
        e.setModelId(name(in, names));
        e.setModelVersion(nullableName(in, names));
        int deployment = in.readInt();
        if (deployment < 0 || deployment >= DEPLOYMENTS.length) {
            throw new AvroTypeException("deployment symbol " + deployment + " out of range");
        }
        e.setDeployment(DEPLOYMENTS[deployment]);
        e.setTimestamp(in.readLong());
        e.setFeatures(features(in, names));
        e.setScore(nullableDouble(in));
        e.setScores(branch(in, 2) == 0 ? null : scores(in, names));
        e.setPredictedLabel(nullableName(in, names)); // class labels repeat too
        e.setEmbedding(branch(in, 2) == 0 ? null : embedding(in));
        e.setTags(tags(in, names));
        e.setLabel(nullableName(in, names));
        e.setLabelValue(nullableDouble(in));
        return e;
    }

    /** Reads one value of a map. */
    @FunctionalInterface
    private interface ValueReader<V> {
        V read(AvroCursor in);
    }

    /**
     * The features as {@link FeatureValues}. A name at the position it had in the previous record is
     * recognised by comparing its bytes, with no hashing; while every name matches, the record gets
     * the previous record's names array (its layout). A map that repeats a name is read as Avro
     * reads it: a {@code HashMap} in which the last value wins.
     */
    private static Map<String, Object> features(AvroCursor in, Names names) {
        long n = in.blockCount();
        int size = 0;
        boolean sameLayout = true;
        boolean anyOther = false;
        while (n > 0) {
            for (long i = 0; i < n; i++) {
                names.ensure(size + 1);
                int length = in.stringLength();
                int at = in.position();
                String name;
                if (sameLayout && size < names.layout.length && sameBytes(in.bytes, at, length, names.layoutBytes[size],
                        AvroCursor.prefix(in.bytes, at, length), names.layoutPrefixes[size])) {
                    name = names.layout[size];
                    in.skip(length);
                } else {
                    sameLayout = false;
                    name = known(in, length, names, names.known);
                }
                names.names[size] = name;
                switch (branch(in, 4)) {
                    case 0 -> {
                        names.kinds[size] = FeatureValues.MISSING;
                        names.others[size] = null;
                    }
                    case 1 -> {
                        names.kinds[size] = FeatureValues.NUMBER;
                        names.numbers[size] = in.readDouble();
                        names.others[size] = null;
                    }
                    case 2 -> {
                        names.kinds[size] = FeatureValues.TEXT;
                        names.others[size] = text(in, names, size);
                        anyOther = true;
                    }
                    default -> {
                        names.kinds[size] = FeatureValues.BOOLEAN;
                        names.others[size] = in.readBoolean();
                        anyOther = true;
                    }
                }
                size++;
            }
            n = in.blockCount();
        }
        String[] layout;
        if (sameLayout && size == names.layout.length) {
            layout = names.layout;
        } else {
            layout = Arrays.copyOf(names.names, size);
            if (new HashSet<>(Arrays.asList(layout)).size() < size) {
                Map<String, Object> out = new HashMap<>(capacity(size));
                for (int i = 0; i < size; i++) {
                    out.put(layout[i], new FeatureValues(layout, names.kinds, names.numbers, names.others).value(i));
                }
                return out;
            }
            byte[][] bytes = new byte[size][];
            long[] prefixes = new long[size];
            for (int i = 0; i < size; i++) {
                bytes[i] = layout[i].getBytes(StandardCharsets.UTF_8);
                prefixes[i] = AvroCursor.prefix(bytes[i], 0, bytes[i].length);
            }
            names.layout = layout;
            names.layoutBytes = bytes;
            names.layoutPrefixes = prefixes;
        }
        return new FeatureValues(layout, Arrays.copyOf(names.kinds, size),
            Arrays.copyOf(names.numbers, size), anyOther ? Arrays.copyOf(names.others, size) : null);
    }

    private static Map<String, Double> scores(AvroCursor in, Names names) {
        return map(in, names, AvroCursor::readDouble);
    }

    private static Map<String, String> tags(AvroCursor in, Names names) {
        return map(in, names, d -> name(d, names));
    }

    /** An Avro map in any number of blocks, its keys read as repeated names. */
    private static <V> Map<String, V> map(AvroCursor in, Names names, ValueReader<V> value) {
        long n = in.blockCount();
        Map<String, V> out = new HashMap<>(capacity(n));
        while (n > 0) {
            for (long i = 0; i < n; i++) {
                String key = name(in, names);
                out.put(key, value.read(in));
            }
            n = in.blockCount();
        }
        return out;
    }

    private static List<Float> embedding(AvroCursor in) {
        long n = in.blockCount();
        List<Float> out = new ArrayList<>((int) Math.min(n, 1 << 16));
        while (n > 0) {
            for (long i = 0; i < n; i++) {
                out.add(in.readFloat());
            }
            n = in.blockCount();
        }
        return out;
    }

    /** A string that repeats across records (feature, class or tag name, tag value): the same instance each time. */
    private static String name(AvroCursor in, Names names) {
        return known(in, in.stringLength(), names, names.known);
    }

    /**
     * The string of the {@code length} bytes at the cursor, from the table when seen before (the
     * table is bounded); the cursor moves past them.
     */
    /** A text feature value at {@code position}: one of the values read there lately, else from the table. */
    private static String text(AvroCursor in, Names names, int position) {
        int length = in.stringLength();
        int at = in.position();
        RecentTexts recent = names.recentTexts(position);
        String value = recent.find(in.bytes, at, length);
        if (value != null) {
            in.skip(length);
            return value;
        }
        value = known(in, length, names, names.knownValues);
        recent.add(in.bytes, at, length, value);
        return value;
    }

    private static String known(AvroCursor in, int length, Names names, Map<Utf8, String> table) {
        Utf8 buffer = names.buffer;
        buffer.setByteLength(length);
        System.arraycopy(in.bytes, in.position(), buffer.getBytes(), 0, length);
        in.skip(length);
        String known = table.get(buffer);
        if (known != null) {
            return known;
        }
        String s = buffer.toString();
        if (table.size() < MAX_NAMES) {
            table.put(new Utf8(buffer), s);
        }
        return s;
    }

    private static String nullableName(AvroCursor in, Names names) {
        return branch(in, 2) == 0 ? null : name(in, names);
    }

    private static Double nullableDouble(AvroCursor in) {
        return branch(in, 2) == 0 ? null : in.readDouble();
    }

    private static int branch(AvroCursor in, int branches) {
        int b = in.readInt();
        if (b < 0 || b >= branches) {
            throw new AvroTypeException("union branch " + b + " out of range (" + branches + " branches)");
        }
        return b;
    }

    private static int capacity(long entries) {
        return (int) Math.min(entries * 4 / 3 + 1, 1 << 16);
    }
}
