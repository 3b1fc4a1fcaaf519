package io.driftmonitor.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What a late label needs of its prediction: the model, the prediction's window and time, what it
 * predicted and its segments. Kept per prediction id until the label horizon ends.
 *
 * @param labeled whether a label was already counted (duplicates count once)
 */
public record PredictionIndexEntry(String modelId, String modelVersion, long predictionTime, long windowStart,
                                   long windowEnd, Double score, String predictedLabel, List<String> segments,
                                   boolean labeled) {
    public static final byte VERSION = 1;

    public PredictionIndexEntry markLabeled() {
        return new PredictionIndexEntry(modelId, modelVersion, predictionTime, windowStart, windowEnd, score,
            predictedLabel, segments, true);
    }

    public static Serde<PredictionIndexEntry> serde() {
        return Serdes.serdeFrom((topic, e) -> e == null ? null : encode(e), (topic, b) -> b == null ? null : decode(b));
    }

    public static byte[] encode(PredictionIndexEntry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            e.writeTo(out);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    public static PredictionIndexEntry decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return readFrom(in);
        } catch (IOException ex) {
            throw new IllegalArgumentException("truncated prediction index entry", ex);
        }
    }

    /** Writes the entry, its format version first, as {@link #readFrom} reads it (also inside a batch). */
    void writeTo(DataOutputStream out) throws IOException {
        out.writeByte(VERSION);
        out.writeUTF(modelId);
        writeNullable(out, modelVersion);
        out.writeLong(predictionTime);
        out.writeLong(windowStart);
        out.writeLong(windowEnd);
        out.writeBoolean(score != null);
        if (score != null) {
            out.writeDouble(score);
        }
        writeNullable(out, predictedLabel);
        out.writeInt(segments.size());
        for (String s : segments) {
            out.writeUTF(s);
        }
        out.writeBoolean(labeled);
    }

    static PredictionIndexEntry readFrom(DataInputStream in) throws IOException {
        byte version = in.readByte();
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

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
