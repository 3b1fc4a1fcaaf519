package io.driftmonitor.serde;

import java.io.IOException;
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
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Reads a {@link PredictionEvent} written with the monitor's own schema (same parsing canonical
 * form), field by field, without Avro's generic resolution. It is the hot path of level 1: feature
 * names repeat in every record, so they are read into one reused buffer and looked up in a table of
 * the names already seen, which gives the same {@code String} (hash computed once) for every record
 * instead of a new one. A writer schema of another form is read by Avro's own resolving reader.
 * Thread-safe as Avro's readers are: the buffer and the name table are per thread.
 */
public final class PredictionAvroReader implements DatumReader<PredictionEvent> {
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
        /** Scratch space for the features of the record being read. */
        String[] names = new String[64];
        byte[] kinds = new byte[64];
        double[] numbers = new double[64];
        Object[] others = new Object[64];

        void ensure(int size) {
            if (size > names.length) {
                int n = Math.max(size, names.length * 2);
                names = Arrays.copyOf(names, n);
                kinds = Arrays.copyOf(kinds, n);
                numbers = Arrays.copyOf(numbers, n);
                others = Arrays.copyOf(others, n);
            }
        }
    }

    /** Whether records of this writer schema have exactly the binary layout this reader reads. */
    public static boolean reads(Schema writer) {
        return SchemaNormalization.parsingFingerprint64(writer) == OWN_SCHEMA_FINGERPRINT;
    }

    @Override
    public void setSchema(Schema schema) {
        if (!reads(schema)) {
            throw new IllegalArgumentException("not the PredictionEvent schema: " + schema.getFullName());
        }
    }

    @Override
    public PredictionEvent read(PredictionEvent reuse, Decoder in) throws IOException {
        Names names = this.names.get();
        PredictionEvent e = new PredictionEvent();
        e.setPredictionId(in.readString());
        e.setModelId(in.readString());
        e.setModelVersion(nullableString(in));
        int deployment = in.readEnum();
        if (deployment < 0 || deployment >= DEPLOYMENTS.length) {
            throw new AvroTypeException("deployment symbol " + deployment + " out of range");
        }
        e.setDeployment(DEPLOYMENTS[deployment]);
        e.setTimestamp(in.readLong());
        e.setFeatures(features(in, names));
        e.setScore(nullableDouble(in));
        e.setScores(branch(in, 2) == 0 ? null : scores(in, names));
        e.setPredictedLabel(nullableString(in));
        e.setEmbedding(branch(in, 2) == 0 ? null : embedding(in));
        e.setTags(tags(in, names));
        e.setLabel(nullableString(in));
        e.setLabelValue(nullableDouble(in));
        return e;
    }

    /** Reads one value of a map or union; Avro's decoder methods throw {@link IOException}. */
    @FunctionalInterface
    private interface ValueReader<V> {
        V read(Decoder in) throws IOException;
    }

    /**
     * The features as {@link FeatureValues}. A name at the position it had in the previous record is
     * recognised by comparing its bytes, with no hashing; while every name matches, the record gets
     * the previous record's names array (its layout). A map that repeats a name is read as Avro
     * reads it: a {@code HashMap} in which the last value wins.
     */
    private static Map<String, Object> features(Decoder in, Names names) throws IOException {
        long n = in.readMapStart();
        int size = 0;
        boolean sameLayout = true;
        boolean anyOther = false;
        while (n > 0) {
            for (long i = 0; i < n; i++) {
                names.ensure(size + 1);
                Utf8 buffer = in.readString(names.buffer);
                names.buffer = buffer;
                String name;
                if (sameLayout && size < names.layout.length && Arrays.equals(buffer.getBytes(), 0,
                    buffer.getByteLength(), names.layoutBytes[size], 0, names.layoutBytes[size].length)) {
                    name = names.layout[size];
                } else {
                    sameLayout = false;
                    name = known(buffer, names.known);
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
                        Utf8 value = in.readString(names.buffer);
                        names.buffer = value;
                        names.kinds[size] = FeatureValues.TEXT;
                        names.others[size] = known(value, names.knownValues);
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
            n = in.mapNext();
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
            for (int i = 0; i < size; i++) {
                bytes[i] = layout[i].getBytes(StandardCharsets.UTF_8);
            }
            names.layout = layout;
            names.layoutBytes = bytes;
        }
        return new FeatureValues(layout, Arrays.copyOf(names.kinds, size),
            Arrays.copyOf(names.numbers, size), anyOther ? Arrays.copyOf(names.others, size) : null);
    }

    private static Map<String, Double> scores(Decoder in, Names names) throws IOException {
        return map(in, names, Decoder::readDouble);
    }

    private static Map<String, String> tags(Decoder in, Names names) throws IOException {
        return map(in, names, d -> name(d, names));
    }

    /** An Avro map in any number of blocks, its keys read as repeated names. */
    private static <V> Map<String, V> map(Decoder in, Names names, ValueReader<V> value) throws IOException {
        long n = in.readMapStart();
        Map<String, V> out = new HashMap<>(capacity(n));
        while (n > 0) {
            for (long i = 0; i < n; i++) {
                String key = name(in, names);
                out.put(key, value.read(in));
            }
            n = in.mapNext();
        }
        return out;
    }

    private static List<Float> embedding(Decoder in) throws IOException {
        long n = in.readArrayStart();
        List<Float> out = new ArrayList<>((int) Math.min(n, 1 << 16));
        while (n > 0) {
            for (long i = 0; i < n; i++) {
                out.add(in.readFloat());
            }
            n = in.arrayNext();
        }
        return out;
    }

    /** A string that repeats across records (feature, class or tag name, tag value): the same instance each time. */
    private static String name(Decoder in, Names names) throws IOException {
        Utf8 buffer = in.readString(names.buffer);
        names.buffer = buffer;
        return known(buffer, names.known);
    }

    /** The string of the bytes just read, from the table when seen before (the table is bounded). */
    private static String known(Utf8 buffer, Map<Utf8, String> table) {
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

    private static String nullableString(Decoder in) throws IOException {
        return branch(in, 2) == 0 ? null : in.readString();
    }

    private static Double nullableDouble(Decoder in) throws IOException {
        return branch(in, 2) == 0 ? null : in.readDouble();
    }

    private static int branch(Decoder in, int branches) throws IOException {
        int b = in.readIndex();
        if (b < 0 || b >= branches) {
            throw new AvroTypeException("union branch " + b + " out of range (" + branches + " branches)");
        }
        return b;
    }

    private static int capacity(long entries) {
        return (int) Math.min(entries * 4 / 3 + 1, 1 << 16);
    }
}
