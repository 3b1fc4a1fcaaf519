package io.driftmonitor.performance;

/**
 * Mergeable sums for regression errors: MAE, RMSE and MAPE. MAPE skips actual values of 0 (they are
 * counted in {@link #zeroActuals()}) and is a fraction (0.1 = 10 %), as scikit-learn's.
 */
public final class RegressionMetrics {
    private long count;
    private double absoluteErrorSum;
    private double squaredErrorSum;
    private long percentageCount;
    private double absolutePercentageSum;
    private long zeroActuals;

    public void add(double actual, double predicted) {
        if (!Double.isFinite(actual) || !Double.isFinite(predicted)) {
            return;
        }
        double e = predicted - actual;
        count++;
        absoluteErrorSum += Math.abs(e);
        squaredErrorSum += e * e;
        if (actual == 0) {
            zeroActuals++;
        } else {
            percentageCount++;
            absolutePercentageSum += Math.abs(e) / Math.abs(actual);
        }
    }

    public void merge(RegressionMetrics o) {
        count += o.count;
        absoluteErrorSum += o.absoluteErrorSum;
        squaredErrorSum += o.squaredErrorSum;
        percentageCount += o.percentageCount;
        absolutePercentageSum += o.absolutePercentageSum;
        zeroActuals += o.zeroActuals;
    }

    public long count() {
        return count;
    }

    public long zeroActuals() {
        return zeroActuals;
    }

    public double mae() {
        return count == 0 ? Double.NaN : absoluteErrorSum / count;
    }

    public double rmse() {
        return count == 0 ? Double.NaN : Math.sqrt(squaredErrorSum / count);
    }

    public double mape() {
        return percentageCount == 0 ? Double.NaN : absolutePercentageSum / percentageCount;
    }

    /** Writes the sums (for state stores); {@link #readFrom} restores them exactly. */
    public void writeTo(java.io.DataOutput out) throws java.io.IOException {
        out.writeLong(count);
        out.writeDouble(absoluteErrorSum);
        out.writeDouble(squaredErrorSum);
        out.writeLong(percentageCount);
        out.writeDouble(absolutePercentageSum);
        out.writeLong(zeroActuals);
    }

    public static RegressionMetrics readFrom(java.io.DataInput in) throws java.io.IOException {
        RegressionMetrics m = new RegressionMetrics();
        m.count = in.readLong();
        m.absoluteErrorSum = in.readDouble();
        m.squaredErrorSum = in.readDouble();
        m.percentageCount = in.readLong();
        m.absolutePercentageSum = in.readDouble();
        m.zeroActuals = in.readLong();
        return m;
    }
}
