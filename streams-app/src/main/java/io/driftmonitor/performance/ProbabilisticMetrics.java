package io.driftmonitor.performance;

/**
 * Mergeable sums for log loss and expected calibration error of a binary classifier.
 *
 * <p>Log loss: mean of -ln(p) of the true class, p clipped to [1e-15, 1 - 1e-15] (scikit-learn's
 * historical eps). ECE: the predicted class is score &gt;= threshold, its confidence max(s, 1 - s)
 * for threshold 0.5 (in general s or 1 - s by the predicted class); confidences fall in
 * {@code bins} equal-width bins over [0, 1] and ECE = sum_b (n_b / N) |accuracy_b - confidence_b|.
 */
public final class ProbabilisticMetrics {
    public static final double LOG_LOSS_EPS = 1e-15;

    private final double threshold;
    private final long[] binCount;
    private final double[] binConfidence;
    private final long[] binCorrect;
    private long count;
    private double logLossSum;

    public ProbabilisticMetrics(int calibrationBins, double threshold) {
        this.threshold = threshold;
        this.binCount = new long[calibrationBins];
        this.binConfidence = new double[calibrationBins];
        this.binCorrect = new long[calibrationBins];
    }

    /** Adds one scored example: the score is the probability of the positive class. */
    public void add(double score, boolean positive) {
        if (Double.isNaN(score)) {
            return;
        }
        double p = Math.max(LOG_LOSS_EPS, Math.min(1 - LOG_LOSS_EPS, score));
        logLossSum += positive ? -Math.log(p) : -Math.log(1 - p);
        count++;
        boolean predictedPositive = score >= threshold;
        double confidence = predictedPositive ? score : 1 - score;
        int b = Math.max(0, Math.min(binCount.length - 1, (int) Math.floor(confidence * binCount.length)));
        binCount[b]++;
        binConfidence[b] += confidence;
        if (predictedPositive == positive) {
            binCorrect[b]++;
        }
    }

    public void merge(ProbabilisticMetrics other) {
        if (other.binCount.length != binCount.length || other.threshold != threshold) {
            throw new IllegalArgumentException("cannot merge metrics with different bins or thresholds");
        }
        for (int i = 0; i < binCount.length; i++) {
            binCount[i] += other.binCount[i];
            binConfidence[i] += other.binConfidence[i];
            binCorrect[i] += other.binCorrect[i];
        }
        count += other.count;
        logLossSum += other.logLossSum;
    }

    public long count() {
        return count;
    }

    public double logLoss() {
        return count == 0 ? Double.NaN : logLossSum / count;
    }

    public double expectedCalibrationError() {
        if (count == 0) {
            return Double.NaN;
        }
        double ece = 0;
        for (int i = 0; i < binCount.length; i++) {
            if (binCount[i] > 0) {
                double acc = (double) binCorrect[i] / binCount[i];
                double conf = binConfidence[i] / binCount[i];
                ece += (double) binCount[i] / count * Math.abs(acc - conf);
            }
        }
        return ece;
    }

    /** Writes the sums (for state stores); {@link #readFrom} restores them exactly. */
    public void writeTo(java.io.DataOutput out) throws java.io.IOException {
        out.writeDouble(threshold);
        out.writeInt(binCount.length);
        for (int i = 0; i < binCount.length; i++) {
            out.writeLong(binCount[i]);
            out.writeDouble(binConfidence[i]);
            out.writeLong(binCorrect[i]);
        }
        out.writeLong(count);
        out.writeDouble(logLossSum);
    }

    public static ProbabilisticMetrics readFrom(java.io.DataInput in) throws java.io.IOException {
        double threshold = in.readDouble();
        int bins = in.readInt();
        ProbabilisticMetrics m = new ProbabilisticMetrics(bins, threshold);
        for (int i = 0; i < bins; i++) {
            m.binCount[i] = in.readLong();
            m.binConfidence[i] = in.readDouble();
            m.binCorrect[i] = in.readLong();
        }
        m.count = in.readLong();
        m.logLossSum = in.readDouble();
        return m;
    }
}
