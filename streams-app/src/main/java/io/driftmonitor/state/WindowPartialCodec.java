package io.driftmonitor.state;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.driftmonitor.performance.ScoreHistogram;
import io.driftmonitor.stats.CategoricalHistogram;
import io.driftmonitor.stats.EmbeddingReservoir;
import io.driftmonitor.stats.EmbeddingStats;
import io.driftmonitor.stats.KllEdges;
import io.driftmonitor.stats.MultivariateMoments;
import io.driftmonitor.stats.NumericHistogram;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary format of {@link WindowPartial} in state stores and on the partials topic. The first
 * byte is the format version; a reader rejects versions it does not know rather than guess.
 * Golden files in the tests pin the format.
 */
public final class WindowPartialCodec {
    /** The format of partials without predicted scores (unchanged, so their bytes stay the same). */
    public static final byte VERSION = 1;
    /** Version 1 followed by the predicted-score histogram, stored sparsely. */
    public static final byte VERSION_WITH_SCORES = 2;
    /**
     * Version 1, a flag and the predicted-score histogram when present, then the embedding
     * accumulator. Written only for partials with embeddings, so versions 1 and 2 keep their bytes.
     */
    public static final byte VERSION_WITH_EMBEDDING = 3;
    /**
     * Version 1, a byte of flags (predicted scores, embedding, multivariate), then each part that is
     * present: the predicted-score histogram, the embedding accumulator, the multivariate moments.
     * Written only for partials with multivariate moments, so versions 1 to 3 keep their bytes.
     */
    public static final byte VERSION_WITH_MULTIVARIATE = 4;

    private static final byte HAS_SCORES = 1;
    private static final byte HAS_EMBEDDING = 2;
    private static final byte HAS_MULTIVARIATE = 4;

    private static final byte NUMERIC = 1;
    private static final byte CATEGORICAL = 2;
    private static final byte LEARNING = 3;
    /** A learning accumulator that outgrew its raw values: raw part, then the KLL sketch and its sums. */
    private static final byte LEARNING_SKETCH = 4;
    /** A numeric accumulator some of whose counts are sketch estimates. */
    private static final byte NUMERIC_APPROXIMATE = 5;

    private WindowPartialCodec() {
    }

    public static Serde<WindowPartial> serde() {
        Serializer<WindowPartial> ser = (topic, p) -> p == null ? null : encode(p);
        Deserializer<WindowPartial> de = (topic, b) -> b == null ? null : decode(b);
        return Serdes.serdeFrom(ser, de);
    }

    public static byte[] encode(WindowPartial p) {
        try (EncodeBuffer buffer = EncodeBuffer.open()) {
            DataOutputStream out = buffer.out();
            byte version = p.multivariate() != null ? VERSION_WITH_MULTIVARIATE
                : p.embedding() != null ? VERSION_WITH_EMBEDDING
                : p.predictedScores() == null ? VERSION : VERSION_WITH_SCORES;
            out.writeByte(version);
            out.writeUTF(p.modelId());
            out.writeLong(p.windowStart());
            out.writeLong(p.windowEnd());
            out.writeUTF(p.segment());
            out.writeLong(p.count());
            out.writeLong(p.minEventTime());
            out.writeLong(p.maxEventTime());
            out.writeBoolean(p.modelVersion() != null);
            if (p.modelVersion() != null) {
                out.writeUTF(p.modelVersion());
            }
            out.writeLong(p.modelVersionTime());
            out.writeLong(p.baselineVersion());
            out.writeInt(p.offsets().size());
            for (Map.Entry<Integer, long[]> e : p.offsets().entrySet()) {
                out.writeInt(e.getKey());
                out.writeLong(e.getValue()[0]);
                out.writeLong(e.getValue()[1]);
            }
            out.writeInt(p.signals().size());
            for (Map.Entry<String, SignalAccumulator> e : p.signals().entrySet()) {
                out.writeUTF(e.getKey());
                writeSignal(out, e.getValue());
            }
            if (version == VERSION_WITH_MULTIVARIATE) {
                out.writeByte((p.predictedScores() != null ? HAS_SCORES : 0) | (p.embedding() != null ? HAS_EMBEDDING : 0)
                    | HAS_MULTIVARIATE);
            } else if (version == VERSION_WITH_EMBEDDING) {
                out.writeBoolean(p.predictedScores() != null);
            }
            if (p.predictedScores() != null) {
                writeSparseScores(out, p.predictedScores());
            }
            if (p.embedding() != null) {
                writeEmbedding(out, p.embedding());
            }
            if (p.multivariate() != null) {
                writeMultivariate(out, p.multivariate());
            }
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeSignal(DataOutputStream out, SignalAccumulator a) throws IOException {
        switch (a.mode()) {
            case NUMERIC -> {
                out.writeByte(a.approximate() ? NUMERIC_APPROXIMATE : NUMERIC);
                NumericHistogram h = a.numeric();
                writeDoubles(out, h.edges());
                writeLongs(out, h.counts());
                out.writeLong(h.missing());
                out.writeLong(h.negativeInfinity());
                out.writeLong(h.positiveInfinity());
                out.writeDouble(h.sum());
                out.writeDouble(h.sumOfSquares());
                out.writeLong(a.mismatched());
            }
            case CATEGORICAL -> {
                out.writeByte(CATEGORICAL);
                CategoricalHistogram h = a.categorical();
                List<String> cats = h.categories();
                out.writeInt(cats.size());
                for (String c : cats) {
                    out.writeUTF(c);
                }
                writeLongs(out, h.counts());
                out.writeLong(h.missing());
                out.writeLong(a.mismatched());
            }
            case LEARNING -> {
                out.writeByte(a.learnedSketch() == null ? LEARNING : LEARNING_SKETCH);
                writeDoubles(out, a.rawValues());
                out.writeInt(a.learnedCategories().size());
                for (Map.Entry<String, Long> c : new TreeMap<>(a.learnedCategories()).entrySet()) {
                    out.writeUTF(c.getKey());
                    out.writeLong(c.getValue());
                }
                out.writeLong(a.learnedMissing());
                out.writeLong(a.learnedNegativeInfinity());
                out.writeLong(a.learnedPositiveInfinity());
                if (a.learnedSketch() != null) {
                    byte[] sketch = a.learnedSketch().toByteArray();
                    out.writeInt(sketch.length);
                    out.write(sketch);
                    out.writeDouble(a.learnedSketchSum());
                    out.writeDouble(a.learnedSketchSumOfSquares());
                }
            }
        }
    }

    public static WindowPartial decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new DecodeInput(bytes))) {
            byte version = in.readByte();
            if (version < VERSION || version > VERSION_WITH_MULTIVARIATE) {
                throw new IllegalArgumentException("unknown window partial format version " + version);
            }
            String model = in.readUTF();
            long start = in.readLong();
            long end = in.readLong();
            String segment = in.readUTF();
            long count = in.readLong();
            long minT = in.readLong();
            long maxT = in.readLong();
            String modelVersion = in.readBoolean() ? in.readUTF() : null;
            long modelVersionTime = in.readLong();
            long baselineVersion = in.readLong();
            int nOffsets = in.readInt();
            TreeMap<Integer, long[]> offsets = new TreeMap<>();
            for (int i = 0; i < nOffsets; i++) {
                offsets.put(in.readInt(), new long[] {in.readLong(), in.readLong()});
            }
            int nSignals = in.readInt();
            Map<String, SignalAccumulator> signals = new LinkedHashMap<>();
            for (int i = 0; i < nSignals; i++) {
                signals.put(in.readUTF(), readSignal(in));
            }
            WindowPartial p = new WindowPartial(model, start, end, segment, baselineVersion, signals, offsets);
            p.restoreCounters(count, minT, maxT, modelVersion, modelVersionTime);
            int parts = switch (version) {
                case VERSION -> 0;
                case VERSION_WITH_SCORES -> HAS_SCORES;
                case VERSION_WITH_EMBEDDING -> (in.readBoolean() ? HAS_SCORES : 0) | HAS_EMBEDDING;
                default -> in.readByte();
            };
            if ((parts & HAS_SCORES) != 0) {
                p.restorePredictedScores(readSparseScores(in));
            }
            if ((parts & HAS_EMBEDDING) != 0) {
                p.setEmbedding(readEmbedding(in));
            }
            if ((parts & HAS_MULTIVARIATE) != 0) {
                p.setMultivariate(readMultivariate(in));
            }
            return p;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated window partial", e);
        }
    }

    private static SignalAccumulator readSignal(DataInputStream in) throws IOException {
        byte mode = in.readByte();
        switch (mode) {
            case NUMERIC_APPROXIMATE:
            case NUMERIC: {
                double[] edges = readDoubles(in);
                long[] counts = readLongs(in);
                long missing = in.readLong();
                long negInf = in.readLong();
                long posInf = in.readLong();
                double sum = in.readDouble();
                double sumSq = in.readDouble();
                long mismatched = in.readLong();
                SignalAccumulator numeric = SignalAccumulator.restoredNumeric(
                    NumericHistogram.of(edges, counts, missing, negInf, posInf, sum, sumSq), mismatched);
                if (mode == NUMERIC_APPROXIMATE) {
                    numeric.markApproximate();
                }
                return numeric;
            }
            case CATEGORICAL: {
                int n = in.readInt();
                List<String> cats = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    cats.add(in.readUTF());
                }
                long[] counts = readLongs(in);
                long missing = in.readLong();
                long mismatched = in.readLong();
                return SignalAccumulator.restoredCategorical(CategoricalHistogram.of(cats, counts, missing), mismatched);
            }
            case LEARNING_SKETCH:
            case LEARNING: {
                double[] raw = readDoubles(in);
                int n = in.readInt();
                Map<String, Long> cats = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    cats.put(in.readUTF(), in.readLong());
                }
                SignalAccumulator learning = SignalAccumulator.restoredLearning(raw, cats, in.readLong(), in.readLong(),
                    in.readLong());
                if (mode == LEARNING_SKETCH) {
                    byte[] sketch = new byte[in.readInt()];
                    in.readFully(sketch);
                    learning.restoreSketch(KllEdges.fromByteArray(sketch), in.readDouble(), in.readDouble());
                }
                return learning;
            }
            default:
                throw new IllegalArgumentException("unknown signal mode " + mode);
        }
    }

    private static final byte EMBEDDING_BOUND = 1;
    private static final byte EMBEDDING_SAMPLE = 2;

    /**
     * Dimension, flags (bound, sample), the stats (count, invalid, sum of squared norms, sum), when
     * bound the feature count and sum, when sampling its capacity and (hash, vector) pairs in hash
     * order, then the mismatched count and the smallest and largest mismatched dimension.
     */
    private static void writeEmbedding(DataOutputStream out, EmbeddingAccumulator a) throws IOException {
        out.writeInt(a.dimension());
        out.writeByte((a.isBound() ? EMBEDDING_BOUND : 0) | (a.sample() != null ? EMBEDDING_SAMPLE : 0));
        EmbeddingStats s = a.stats();
        out.writeLong(s.count());
        out.writeLong(s.invalid());
        out.writeDouble(s.sumOfSquaredNorms());
        writeDoubles(out, s.sum());
        if (a.isBound()) {
            out.writeLong(a.featureCount());
            writeDoubles(out, a.featureSum());
        }
        if (a.sample() != null) {
            EmbeddingReservoir r = a.sample();
            out.writeInt(r.capacity());
            out.writeInt(r.size());
            for (int i = 0; i < r.size(); i++) {
                out.writeLong(r.hashAt(i));
                for (float v : r.vectorAt(i)) {
                    out.writeFloat(v);
                }
            }
        }
        out.writeLong(a.mismatched());
        out.writeInt(a.mismatchedMin());
        out.writeInt(a.mismatchedMax());
    }

    private static EmbeddingAccumulator readEmbedding(DataInputStream in) throws IOException {
        int dimension = in.readInt();
        if (dimension < 1 || dimension > EmbeddingAccumulator.MAX_DIMENSION) {
            throw new IllegalArgumentException("implausible embedding dimension " + dimension);
        }
        byte flags = in.readByte();
        long count = in.readLong();
        long invalid = in.readLong();
        double sumOfSquaredNorms = in.readDouble();
        double[] sum = readDoubles(in);
        if (sum.length != dimension) {
            throw new IllegalArgumentException("embedding sum of length " + sum.length + " for dimension " + dimension);
        }
        EmbeddingStats stats = EmbeddingStats.of(sum, sumOfSquaredNorms, count, invalid);
        double[] featureSum = null;
        long featureCount = 0;
        if ((flags & EMBEDDING_BOUND) != 0) {
            featureCount = in.readLong();
            featureSum = readDoubles(in);
        }
        EmbeddingReservoir sample = null;
        int capacity = 0;
        if ((flags & EMBEDDING_SAMPLE) != 0) {
            capacity = in.readInt();
            int size = in.readInt();
            if (capacity < 1 || size < 0 || size > capacity || (long) capacity * dimension > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("implausible embedding sample " + size + "/" + capacity);
            }
            sample = new EmbeddingReservoir(dimension, capacity);
            for (int i = 0; i < size; i++) {
                long hash = in.readLong();
                float[] v = new float[dimension];
                for (int c = 0; c < dimension; c++) {
                    v[c] = in.readFloat();
                }
                sample.restore(hash, v);
            }
        }
        return EmbeddingAccumulator.restored(stats, featureSum, featureCount, sample, capacity, in.readLong(), in.readInt(),
            in.readInt());
    }

    /** Largest feature set a stored partial may hold. */
    private static final int MAX_MULTIVARIATE_DIMENSION = 1000;

    /**
     * The number of feature sets, for each its dimension d, the d feature names, the row count, the
     * d means and the d(d + 1)/2 co-moments (upper triangle, row by row); then the incomplete rows.
     */
    private static void writeMultivariate(DataOutputStream out, MultivariateAccumulator a) throws IOException {
        out.writeInt(a.sets().size());
        for (Map.Entry<List<String>, MultivariateMoments> e : a.sets().entrySet()) {
            MultivariateMoments m = e.getValue();
            out.writeInt(m.dimension());
            for (String name : e.getKey()) {
                out.writeUTF(name);
            }
            out.writeLong(m.count());
            for (double v : m.mean()) {
                out.writeDouble(v);
            }
            for (double v : m.comoment()) {
                out.writeDouble(v);
            }
        }
        out.writeLong(a.incomplete());
    }

    private static MultivariateAccumulator readMultivariate(DataInputStream in) throws IOException {
        MultivariateAccumulator a = new MultivariateAccumulator();
        int sets = in.readInt();
        if (sets < 0 || sets > MultivariateAccumulator.MAX_FEATURE_SETS) {
            throw new IllegalArgumentException("implausible number of multivariate feature sets " + sets);
        }
        for (int s = 0; s < sets; s++) {
            int d = in.readInt();
            if (d < 1 || d > MAX_MULTIVARIATE_DIMENSION) {
                throw new IllegalArgumentException("implausible multivariate dimension " + d);
            }
            List<String> names = new ArrayList<>(d);
            for (int i = 0; i < d; i++) {
                names.add(in.readUTF());
            }
            long count = in.readLong();
            double[] mean = new double[d];
            for (int i = 0; i < d; i++) {
                mean[i] = in.readDouble();
            }
            double[] comoment = new double[MultivariateMoments.packedSize(d)];
            for (int i = 0; i < comoment.length; i++) {
                comoment[i] = in.readDouble();
            }
            a.restore(names, MultivariateMoments.of(count, mean, comoment));
        }
        a.restoreIncomplete(in.readLong());
        return a;
    }

    /** Bins, then (bin, predicted positive, predicted negative) for the non-empty bins, then the invalid count. */
    private static void writeSparseScores(DataOutputStream out, ScoreHistogram h) throws IOException {
        long[] pos = h.positives();
        long[] neg = h.negatives();
        int nonEmpty = 0;
        for (int i = 0; i < pos.length; i++) {
            nonEmpty += pos[i] != 0 || neg[i] != 0 ? 1 : 0;
        }
        out.writeInt(pos.length);
        out.writeInt(nonEmpty);
        for (int i = 0; i < pos.length; i++) {
            if (pos[i] != 0 || neg[i] != 0) {
                out.writeInt(i);
                out.writeLong(pos[i]);
                out.writeLong(neg[i]);
            }
        }
        out.writeLong(h.invalid());
    }

    private static ScoreHistogram readSparseScores(DataInputStream in) throws IOException {
        int bins = in.readInt();
        if (bins < 1 || bins > 1_000_000) {
            throw new IllegalArgumentException("implausible score histogram with " + bins + " bins");
        }
        long[] pos = new long[bins];
        long[] neg = new long[bins];
        int nonEmpty = in.readInt();
        for (int i = 0; i < nonEmpty; i++) {
            int bin = in.readInt();
            if (bin < 0 || bin >= bins) {
                throw new IllegalArgumentException("score bin " + bin + " out of range");
            }
            pos[bin] = in.readLong();
            neg[bin] = in.readLong();
        }
        return ScoreHistogram.of(pos, neg, in.readLong());
    }

    // Arrays go through one bulk copy each (the same big-endian bytes DataOutput writes value by
    // value): a partial holds thousands of counts and edges, written at every commit and read by
    // level 2 for every partial.

    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer bytes = scratch(values.length);
        bytes.asDoubleBuffer().put(values);
        out.write(bytes.array(), 0, values.length * Double.BYTES);
    }

    private static void writeLongs(DataOutputStream out, long[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer bytes = scratch(values.length);
        bytes.asLongBuffer().put(values);
        out.write(bytes.array(), 0, values.length * Long.BYTES);
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        int n = arrayLength(in);
        ByteBuffer bytes = scratch(n);
        in.readFully(bytes.array(), 0, n * Double.BYTES);
        double[] v = new double[n];
        bytes.asDoubleBuffer().get(v);
        return v;
    }

    private static long[] readLongs(DataInputStream in) throws IOException {
        int n = arrayLength(in);
        ByteBuffer bytes = scratch(n);
        in.readFully(bytes.array(), 0, n * Long.BYTES);
        long[] v = new long[n];
        bytes.asLongBuffer().get(v);
        return v;
    }

    /** An array's length, refused when negative or larger than any partial holds (a corrupt record). */
    private static int arrayLength(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_ARRAY_LENGTH) {
            throw new IOException("corrupt window partial: an array of " + n + " values");
        }
        return n;
    }

    /** This thread's scratch buffer for {@code values} 8-byte values, positioned at 0. */
    private static ByteBuffer scratch(int values) {
        ByteBuffer b = SCRATCH.get();
        if (b.capacity() < values * 8) {
            b = ByteBuffer.allocate(Math.max(values * 8, b.capacity() * 2));
            if (b.capacity() <= MAX_SCRATCH_BYTES) {
                SCRATCH.set(b);
            }
        }
        b.clear();
        return b;
    }

    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocate(1024));
    private static final int MAX_SCRATCH_BYTES = 1 << 20;
    /** More 8-byte values than a state record may hold at all. */
    private static final int MAX_ARRAY_LENGTH = 64 << 20 >> 3;
}
