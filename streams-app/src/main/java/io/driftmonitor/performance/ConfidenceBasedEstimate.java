package io.driftmonitor.performance;

/**
 * Label-free performance estimate from calibrated scores (confidence-based performance estimation,
 * as NannyML's CBPE). For a binary classifier with decision threshold t and a calibrated probability
 * p of the positive class, the record is a true positive with probability p if p_raw &gt;= t
 * (predicted positive) and otherwise a false negative with probability p; so the expected confusion
 * matrix of a window is the sum of these probabilities, and accuracy, precision, recall and F1 are
 * estimated from it. For multiclass models the expected accuracy is the mean calibrated probability
 * of the predicted class. The sums merge by addition, so the estimate is computed per window like
 * every other statistic. The estimate is only as good as the calibration: it assumes the relation
 * between score and outcome (not the score distribution) is unchanged since the reference.
 */
public final class ConfidenceBasedEstimate {
    private double expectedTp;
    private double expectedFp;
    private double expectedFn;
    private double expectedTn;
    private long binaryCount;
    private double expectedCorrect;
    private long multiclassCount;
    private double varianceSum;

    /**
     * Adds a binary prediction.
     *
     * @param predictedPositive  whether the model predicted the positive class (raw score &gt;= threshold)
     * @param calibratedPositive calibrated probability that the record is positive
     */
    public void addBinary(boolean predictedPositive, double calibratedPositive) {
        addBinary(predictedPositive, calibratedPositive, 1);
    }

    /** Adds {@code count} binary predictions with the same prediction and calibrated probability. */
    public void addBinary(boolean predictedPositive, double calibratedPositive, long count) {
        if (Double.isNaN(calibratedPositive) || count <= 0) {
            return;
        }
        double p = Math.max(0, Math.min(1, calibratedPositive));
        if (predictedPositive) {
            expectedTp += count * p;
            expectedFp += count * (1 - p);
        } else {
            expectedFn += count * p;
            expectedTn += count * (1 - p);
        }
        binaryCount += count;
        varianceSum += count * p * (1 - p);
    }

    /** Adds a multiclass prediction with the calibrated probability of its predicted class. */
    public void addMulticlass(double calibratedPredictedClassProbability) {
        if (Double.isNaN(calibratedPredictedClassProbability)) {
            return;
        }
        double q = Math.max(0, Math.min(1, calibratedPredictedClassProbability));
        expectedCorrect += q;
        multiclassCount++;
        varianceSum += q * (1 - q);
    }

    public void merge(ConfidenceBasedEstimate o) {
        expectedTp += o.expectedTp;
        expectedFp += o.expectedFp;
        expectedFn += o.expectedFn;
        expectedTn += o.expectedTn;
        binaryCount += o.binaryCount;
        expectedCorrect += o.expectedCorrect;
        multiclassCount += o.multiclassCount;
        varianceSum += o.varianceSum;
    }

    public long count() {
        return binaryCount + multiclassCount;
    }

    /** Estimated accuracy over all records added (binary and multiclass). */
    public double accuracy() {
        long n = count();
        return n == 0 ? Double.NaN : (expectedTp + expectedTn + expectedCorrect) / n;
    }

    public double precision() {
        double d = expectedTp + expectedFp;
        return d == 0 ? Double.NaN : expectedTp / d;
    }

    public double recall() {
        double d = expectedTp + expectedFn;
        return d == 0 ? Double.NaN : expectedTp / d;
    }

    public double f1() {
        double d = 2 * expectedTp + expectedFp + expectedFn;
        return d == 0 ? Double.NaN : 2 * expectedTp / d;
    }

    /**
     * Standard deviation of the realised accuracy around the estimate when the calibration is right
     * (each record correct independently with its probability q): sqrt(sum q (1 - q)) / n.
     */
    public double accuracyStandardError() {
        long n = count();
        return n == 0 ? Double.NaN : Math.sqrt(varianceSum) / n;
    }
}
