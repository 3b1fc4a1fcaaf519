package io.driftmonitor.stats;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Latency-like signals (label delay, inference time) in an HdrHistogram: values from 1 to
 * {@code highestTrackableValue} recorded with {@code significantDigits} decimal digits of precision
 * (a percentile is within 10^-digits relative of the true order statistic). Mergeable; serialised
 * with a version byte followed by HdrHistogram's compressed encoding.
 */
public final class LatencyHistogram {
    public static final byte FORMAT_VERSION = 1;

    private final Histogram histogram;
    private long belowRange;

    public LatencyHistogram(long highestTrackableValue, int significantDigits) {
        this(new Histogram(1, highestTrackableValue, significantDigits));
    }

    private LatencyHistogram(Histogram histogram) {
        this.histogram = histogram;
    }

    /** Records a value; values below 1 (e.g. a negative delay from clock skew) are counted apart; larger than the range are clamped. */
    public void record(long value) {
        if (value < 1) {
            belowRange++;
            return;
        }
        histogram.recordValue(Math.min(value, histogram.getHighestTrackableValue()));
    }

    public void merge(LatencyHistogram other) {
        histogram.add(other.histogram);
        belowRange += other.belowRange;
    }

    public long count() {
        return histogram.getTotalCount();
    }

    public long belowRange() {
        return belowRange;
    }

    /** The value at a percentile in [0, 100]; 0 when empty. */
    public long percentile(double percentile) {
        return histogram.getValueAtPercentile(percentile);
    }

    public long max() {
        return histogram.getMaxValue();
    }

    public double mean() {
        return histogram.getMean();
    }

    public byte[] toByteArray() {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity() + 1 + Long.BYTES);
        buffer.put(FORMAT_VERSION);
        buffer.putLong(belowRange);
        int n = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] out = new byte[1 + Long.BYTES + n];
        buffer.flip();
        buffer.get(out);
        return out;
    }

    public static LatencyHistogram fromByteArray(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte version = buffer.get();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unknown latency histogram format version " + version);
        }
        long below = buffer.getLong();
        try {
            LatencyHistogram h = new LatencyHistogram(Histogram.decodeFromCompressedByteBuffer(buffer, 0));
            h.belowRange = below;
            return h;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("corrupt latency histogram", e);
        }
    }
}
