package io.driftmonitor.state;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

import io.driftmonitor.performance.ProbabilisticMetrics;
import io.driftmonitor.performance.RegressionMetrics;
import io.driftmonitor.performance.ScoreHistogram;
import io.driftmonitor.stats.LatencyHistogram;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The labelled outcomes of one prediction window of one model (and segment): mergeable counts from
 * which every performance metric follows. Attributed by prediction time, however late the label.
 */
public final class PerformancePartial {
    public static final byte VERSION = 1;
    /** Score bins of the ROC AUC histogram (bound on its binning error: see ScoreHistogram). */
    public static final int SCORE_BINS = 1000;
    public static final int CALIBRATION_BINS = 10;
    /** Label delays are tracked up to 30 days, in milliseconds, to 2 significant digits. */
    static final long MAX_DELAY_MS = 30L * 24 * 3600 * 1000;

    private final String modelId;
    private final long windowStart;
    private final long windowEnd;
    private final String segment;
    private long labeled;
    /** How often the performance of this window was emitted; the next emission has this number. */
    private int revision;
    /** Whether counts changed since the last emission. */
    private boolean dirty;
    /** actual label -> predicted label -> count. */
    private final TreeMap<String, TreeMap<String, Long>> confusion;
    private ScoreHistogram scores;
    private ProbabilisticMetrics probabilistic;
    private RegressionMetrics regression;
    private LatencyHistogram delays;

    public PerformancePartial(String modelId, long windowStart, long windowEnd, String segment) {
        this(modelId, windowStart, windowEnd, segment, 0, new TreeMap<>(), null, null, null,
            new LatencyHistogram(MAX_DELAY_MS, 2));
    }

    private PerformancePartial(String modelId, long windowStart, long windowEnd, String segment, long labeled,
                               TreeMap<String, TreeMap<String, Long>> confusion, ScoreHistogram scores,
                               ProbabilisticMetrics probabilistic, RegressionMetrics regression, LatencyHistogram delays) {
        this.modelId = modelId;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.segment = segment;
        this.labeled = labeled;
        this.confusion = confusion;
        this.scores = scores;
        this.probabilistic = probabilistic;
        this.regression = regression;
        this.delays = delays;
    }

    /**
     * Counts one labelled prediction.
     *
     * @param positive for a binary classifier with a score: whether the true class is the positive one; else null
     */
    public void addClassification(String actual, String predicted, Double score, Boolean positive, long delayMs) {
        labeled++;
        if (predicted != null) {
            confusion.computeIfAbsent(actual, k -> new TreeMap<>()).merge(predicted, 1L, Long::sum);
        }
        if (score != null && positive != null) {
            if (scores == null) {
                scores = new ScoreHistogram(SCORE_BINS);
                probabilistic = new ProbabilisticMetrics(CALIBRATION_BINS, 0.5);
            }
            scores.add(score, positive);
            probabilistic.add(score, positive);
        }
        recordDelay(delayMs);
    }

    public void addRegression(double actual, double predicted, long delayMs) {
        labeled++;
        if (regression == null) {
            regression = new RegressionMetrics();
        }
        regression.add(actual, predicted);
        recordDelay(delayMs);
    }

    private void recordDelay(long delayMs) {
        delays.record(Math.max(0, Math.min(delayMs, MAX_DELAY_MS)));
    }

    /** The same outcomes under another segment name: a segment value that level 2 folds into {@code key=__other__}. */
    public PerformancePartial inSegment(String otherSegment) {
        PerformancePartial copy = new PerformancePartial(modelId, windowStart, windowEnd, otherSegment);
        copy.merge(this);
        return copy;
    }

    public void merge(PerformancePartial other) {
        labeled += other.labeled;
        other.confusion.forEach((actual, row) -> row.forEach((predicted, n) ->
            confusion.computeIfAbsent(actual, k -> new TreeMap<>()).merge(predicted, n, Long::sum)));
        if (other.scores != null) {
            if (scores == null) {
                scores = new ScoreHistogram(SCORE_BINS);
                probabilistic = new ProbabilisticMetrics(CALIBRATION_BINS, 0.5);
            }
            scores.merge(other.scores);
            probabilistic.merge(other.probabilistic);
        }
        if (other.regression != null) {
            if (regression == null) {
                regression = new RegressionMetrics();
            }
            regression.merge(other.regression);
        }
        delays.merge(other.delays);
    }

    public String modelId() {
        return modelId;
    }

    public long windowStart() {
        return windowStart;
    }

    public long windowEnd() {
        return windowEnd;
    }

    public String segment() {
        return segment;
    }

    public long labeled() {
        return labeled;
    }

    public int revision() {
        return revision;
    }

    public boolean dirty() {
        return dirty;
    }

    public void markDirty() {
        dirty = true;
    }

    /** Records an emission: the next one gets the next revision number. */
    public void markEmitted() {
        revision++;
        dirty = false;
    }

    public Map<String, TreeMap<String, Long>> confusion() {
        return confusion;
    }

    public ScoreHistogram scores() {
        return scores;
    }

    public ProbabilisticMetrics probabilistic() {
        return probabilistic;
    }

    public RegressionMetrics regression() {
        return regression;
    }

    public LatencyHistogram delays() {
        return delays;
    }

    public static Serde<PerformancePartial> serde() {
        return Serdes.serdeFrom((topic, p) -> p == null ? null : encode(p), (topic, b) -> b == null ? null : decode(b));
    }

    public static byte[] encode(PerformancePartial p) {
        try (EncodeBuffer buffer = EncodeBuffer.open()) {
            DataOutputStream out = buffer.out();
            out.writeByte(VERSION);
            out.writeUTF(p.modelId);
            out.writeLong(p.windowStart);
            out.writeLong(p.windowEnd);
            out.writeUTF(p.segment);
            out.writeLong(p.labeled);
            out.writeInt(p.revision);
            out.writeBoolean(p.dirty);
            out.writeInt(p.confusion.size());
            for (Map.Entry<String, TreeMap<String, Long>> row : p.confusion.entrySet()) {
                out.writeUTF(row.getKey());
                out.writeInt(row.getValue().size());
                for (Map.Entry<String, Long> cell : row.getValue().entrySet()) {
                    out.writeUTF(cell.getKey());
                    out.writeLong(cell.getValue());
                }
            }
            out.writeBoolean(p.scores != null);
            if (p.scores != null) {
                writeLongs(out, p.scores.positives());
                writeLongs(out, p.scores.negatives());
                out.writeLong(p.scores.invalid());
                p.probabilistic.writeTo(out);
            }
            out.writeBoolean(p.regression != null);
            if (p.regression != null) {
                p.regression.writeTo(out);
            }
            byte[] delays = p.delays.toByteArray();
            out.writeInt(delays.length);
            out.write(delays);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PerformancePartial decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new DecodeInput(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown performance partial format version " + version);
            }
            String model = in.readUTF();
            long start = in.readLong();
            long end = in.readLong();
            String segment = in.readUTF();
            long labeled = in.readLong();
            int revision = in.readInt();
            boolean dirty = in.readBoolean();
            TreeMap<String, TreeMap<String, Long>> confusion = new TreeMap<>();
            int rows = in.readInt();
            for (int i = 0; i < rows; i++) {
                String actual = in.readUTF();
                int cells = in.readInt();
                TreeMap<String, Long> row = new TreeMap<>();
                for (int j = 0; j < cells; j++) {
                    row.put(in.readUTF(), in.readLong());
                }
                confusion.put(actual, row);
            }
            ScoreHistogram scores = null;
            ProbabilisticMetrics probabilistic = null;
            if (in.readBoolean()) {
                scores = ScoreHistogram.of(readLongs(in), readLongs(in), in.readLong());
                probabilistic = ProbabilisticMetrics.readFrom(in);
            }
            RegressionMetrics regression = in.readBoolean() ? RegressionMetrics.readFrom(in) : null;
            byte[] delayBytes = new byte[in.readInt()];
            in.readFully(delayBytes);
            PerformancePartial p = new PerformancePartial(model, start, end, segment, labeled, confusion, scores,
                probabilistic, regression, LatencyHistogram.fromByteArray(delayBytes));
            p.revision = revision;
            p.dirty = dirty;
            return p;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated performance partial", e);
        }
    }

    private static void writeLongs(DataOutputStream out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    private static long[] readLongs(DataInputStream in) throws IOException {
        long[] v = new long[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readLong();
        }
        return v;
    }
}
