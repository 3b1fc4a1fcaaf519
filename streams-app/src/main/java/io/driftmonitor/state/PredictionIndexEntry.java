package io.driftmonitor.state;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * What a late label needs of its prediction: the model, the prediction's window and time, what it
 * predicted and its segments. Kept per prediction id until the label horizon ends.
 *
 * @param labeled whether a label was already counted (duplicates count once)
 */
public record PredictionIndexEntry(String modelId, String modelVersion, long predictionTime, long windowStart,
                                   long windowEnd, Double score, String predictedLabel, List<String> segments,
                                   boolean labeled) {
    /** The first format: fixed-width times, a flag byte per optional field. Still read. */
    public static final byte VERSION = 1;
    /**
     * The format written now: optional fields flagged in one byte, times as variable-length
     * integers (the window as offsets from the prediction time): a quarter fewer bytes than
     * {@link #VERSION} (the strings are the rest), which counts because an entry is written for every
     * prediction to the index topic, its store and the store's changelog. (2 is not used: it is the first byte of a {@link PredictionIndexBatch}.)
     */
    public static final byte VERSION_COMPACT = 3;
    private static final int HAS_VERSION = 1;
    private static final int HAS_SCORE = 2;
    private static final int HAS_PREDICTED = 4;
    private static final int LABELED = 8;

    public PredictionIndexEntry markLabeled() {
        return new PredictionIndexEntry(modelId, modelVersion, predictionTime, windowStart, windowEnd, score,
            predictedLabel, segments, true);
    }

    public static Serde<PredictionIndexEntry> serde() {
        return Serdes.serdeFrom((topic, e) -> e == null ? null : encode(e), (topic, b) -> b == null ? null : decode(b));
    }

    public static byte[] encode(PredictionIndexEntry e) {
        try (EncodeBuffer buffer = EncodeBuffer.open()) {
            e.writeTo(buffer.out());
            return buffer.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static PredictionIndexEntry decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new DecodeInput(bytes))) {
            return readFrom(in);
        } catch (IOException ex) {
            throw new IllegalArgumentException("truncated prediction index entry", ex);
        }
    }

    /** Writes the entry, its format version first, as {@link #readFrom} reads it. */
    void writeTo(DataOutputStream out) throws IOException {
        out.writeByte(VERSION_COMPACT);
        writeCompact(out, BatchStrings.PLAIN);
    }

    /** The {@link #VERSION_COMPACT} layout without its version byte, its strings written by {@code strings}. */
    void writeCompact(DataOutputStream out, BatchStrings strings) throws IOException {
        out.writeByte((modelVersion != null ? HAS_VERSION : 0) | (score != null ? HAS_SCORE : 0)
            | (predictedLabel != null ? HAS_PREDICTED : 0) | (labeled ? LABELED : 0));
        strings.write(out, modelId);
        if (modelVersion != null) {
            strings.write(out, modelVersion);
        }
        ByteUtils.writeVarlong(predictionTime, out);
        ByteUtils.writeVarlong(predictionTime - windowStart, out);
        ByteUtils.writeVarlong(windowEnd - windowStart, out);
        if (score != null) {
            out.writeDouble(score);
        }
        if (predictedLabel != null) {
            strings.write(out, predictedLabel);
        }
        ByteUtils.writeVarint(segments.size(), out);
        for (String s : segments) {
            strings.write(out, s);
        }
    }

    static PredictionIndexEntry readFrom(DataInputStream in) throws IOException {
        byte version = in.readByte();
        if (version == VERSION_COMPACT) {
            return readCompact(in, BatchStrings.PLAIN);
        }
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown prediction index format version " + version);
        }
        String model = in.readUTF();
        String modelVersion = readNullable(in);
        long time = in.readLong();
        long start = in.readLong();
        long end = in.readLong();
        Double score = in.readBoolean() ? in.readDouble() : null;
        String predicted = readNullable(in);
        int n = in.readInt();
        List<String> segments = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            segments.add(in.readUTF());
        }
        return new PredictionIndexEntry(model, modelVersion, time, start, end, score, predicted, segments, in.readBoolean());
    }

    /** Reads what {@link #writeCompact} wrote with the same kind of {@code strings}. */
    static PredictionIndexEntry readCompact(DataInputStream in, BatchStrings strings) throws IOException {
        int flags = in.readUnsignedByte();
        String model = strings.read(in);
        String modelVersion = (flags & HAS_VERSION) != 0 ? strings.read(in) : null;
        long time = ByteUtils.readVarlong(in);
        long start = time - ByteUtils.readVarlong(in);
        long end = start + ByteUtils.readVarlong(in);
        Double score = (flags & HAS_SCORE) != 0 ? in.readDouble() : null;
        String predicted = (flags & HAS_PREDICTED) != 0 ? strings.read(in) : null;
        int n = ByteUtils.readVarint(in);
        if (n < 0) {
            throw new IllegalArgumentException("corrupt prediction index entry: " + n + " segments");
        }
        List<String> segments = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            segments.add(strings.read(in));
        }
        return new PredictionIndexEntry(model, modelVersion, time, start, end, score, predicted, segments,
            (flags & LABELED) != 0);
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
