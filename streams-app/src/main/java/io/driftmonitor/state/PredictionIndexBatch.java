package io.driftmonitor.state;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;

/**
 * Prediction index entries of one input partition bound for one partition of the index topic: the
 * partition the labels of their prediction ids are on. Level 1 writes one batch per index
 * partition and flush instead of one record per prediction.
 */
public final class PredictionIndexBatch {
    /**
     * First byte of a batch in the first format (each entry as {@link PredictionIndexEntry} writes it
     * alone); still read. An encoded single entry starts with {@link PredictionIndexEntry#VERSION} or
     * {@link PredictionIndexEntry#VERSION_COMPACT}.
     */
    public static final byte FORMAT = 2;
    /**
     * First byte of a batch as written now: the entries' strings (model, version, predicted label,
     * segments) once per batch and referred to after ({@link BatchStrings#table()}).
     */
    public static final byte FORMAT_SHARED_STRINGS = 4;

    private final int partition;
    private final List<String> ids = new ArrayList<>();
    private final List<PredictionIndexEntry> entries = new ArrayList<>();
    private long maxPredictionTime = Long.MIN_VALUE;

    public PredictionIndexBatch(int partition) {
        this.partition = partition;
    }

    /** The partition of a prediction id's labels: Kafka's default partitioner on the id as UTF-8. */
    public static int partitionOf(String predictionId, int partitions) {
        return Utils.toPositive(Utils.murmur2(predictionId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public void add(String predictionId, PredictionIndexEntry entry) {
        ids.add(predictionId);
        entries.add(entry);
        maxPredictionTime = Math.max(maxPredictionTime, entry.predictionTime());
    }

    public void forEach(BiConsumer<String, PredictionIndexEntry> action) {
        for (int i = 0; i < ids.size(); i++) {
            action.accept(ids.get(i), entries.get(i));
        }
    }

    public int partition() {
        return partition;
    }

    public int size() {
        return ids.size();
    }

    public long maxPredictionTime() {
        return maxPredictionTime;
    }

    public static Serde<PredictionIndexBatch> serde() {
        return Serdes.serdeFrom((topic, b) -> b == null ? null : encode(b), (topic, b) -> b == null ? null : decode(b));
    }

    /** Reads what the index topic holds: a batch, or a single entry as earlier versions wrote it. */
    public static Deserializer<Object> indexRecordDeserializer() {
        return (topic, bytes) -> {
            if (bytes == null || bytes.length == 0) {
                return null;
            }
            return bytes[0] == FORMAT || bytes[0] == FORMAT_SHARED_STRINGS ? decode(bytes) : PredictionIndexEntry.decode(bytes);
        };
    }

    public static byte[] encode(PredictionIndexBatch batch) {
        try (EncodeBuffer buffer = EncodeBuffer.open()) {
            DataOutputStream out = buffer.out();
            out.writeByte(FORMAT_SHARED_STRINGS);
            out.writeInt(batch.partition);
            out.writeInt(batch.size());
            BatchStrings strings = BatchStrings.table();
            for (int i = 0; i < batch.size(); i++) {
                out.writeUTF(batch.ids.get(i));
                batch.entries.get(i).writeCompact(out, strings);
            }
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PredictionIndexBatch decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new DecodeInput(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT && format != FORMAT_SHARED_STRINGS) {
                throw new IllegalArgumentException("not a prediction index batch (format " + format + ")");
            }
            PredictionIndexBatch batch = new PredictionIndexBatch(in.readInt());
            int n = in.readInt();
            if (n < 0) {
                throw new IOException(n + " entries");
            }
            BatchStrings strings = BatchStrings.table();
            for (int i = 0; i < n; i++) {
                String id = in.readUTF();
                batch.add(id, format == FORMAT ? PredictionIndexEntry.readFrom(in) : PredictionIndexEntry.readCompact(in, strings));
            }
            return batch;
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt prediction index batch", e);
        }
    }
}
