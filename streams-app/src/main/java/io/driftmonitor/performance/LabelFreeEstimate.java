package io.driftmonitor.performance;

import java.util.Optional;

/**
 * The label-free performance estimate of a window of a binary classifier, from fine score
 * histograms alone (so it merges and streams like every other statistic).
 *
 * <p>Calibration: isotonic regression of the observed positive rate on the bin centres of the
 * labelled reference histogram ({@link IsotonicCalibrator#fitBinned}). Estimate: every scored record
 * of the window counts as positive with the calibrated probability p of its bin centre, so the expected
 * confusion matrix is the sum of p (or 1 - p) over the records predicted positive (or negative), as
 * in {@link ConfidenceBasedEstimate}; the ROC AUC is the Mann-Whitney AUC of the bins with these
 * expected positive and negative weights. Binning the scores to 1/1000 changes p by at most the
 * calibration curve's rise over one bin; the estimate assumes the score-to-outcome relation of the
 * reference still holds (no concept drift), which is what its reported error checks once labels come.
 */
public final class LabelFreeEstimate {
    /**
     * @param accuracyStandardError spread of the realised accuracy around the estimate if the calibration holds
     * @param records               scored records of the window the estimate is over
     * @param calibrationLabels     labelled records the calibration was fitted on
     */
    public record Result(double accuracy, double precision, double recall, double f1, double rocAuc,
                         double accuracyStandardError, long records, long calibrationLabels) {
    }

    private LabelFreeEstimate() {
    }

    /**
     * @param labelled  reference outcomes: positives and negatives (true class) per score bin
     * @param predicted the window's scores: predicted positive ("positives") and negative per bin, same bins
     * @param minLabels fewest labelled reference records to estimate from
     * @return empty when the reference is too small or lacks a class, or the window has no valid score
     */
    public static Optional<Result> estimate(ScoreHistogram labelled, ScoreHistogram predicted, long minLabels) {
        long[] refPos = labelled.positives();
        long[] refNeg = labelled.negatives();
        long[] predPos = predicted.positives();
        long[] predNeg = predicted.negatives();
        if (refPos.length != predPos.length) {
            throw new IllegalArgumentException("reference and window histograms need the same bins");
        }
        long labels = labelled.positiveCount() + labelled.negativeCount();
        if (labels == 0 || labels < minLabels || labelled.positiveCount() == 0 || labelled.negativeCount() == 0) {
            return Optional.empty();
        }
        int bins = refPos.length;
        double[] x = new double[bins];
        double[] y = new double[bins];
        double[] w = new double[bins];
        for (int b = 0; b < bins; b++) {
            x[b] = centre(b, bins);
            w[b] = refPos[b] + refNeg[b];
            y[b] = w[b] == 0 ? 0 : refPos[b] / w[b];
        }
        IsotonicCalibrator calibrator = IsotonicCalibrator.fitBinned(x, y, w);

        ConfidenceBasedEstimate cbpe = new ConfidenceBasedEstimate();
        double[] expectedPositives = new double[bins];
        double[] expectedNegatives = new double[bins];
        for (int b = 0; b < bins; b++) {
            long n = predPos[b] + predNeg[b];
            if (n == 0) {
                continue;
            }
            double p = calibrator.apply(x[b]);
            cbpe.addBinary(true, p, predPos[b]);
            cbpe.addBinary(false, p, predNeg[b]);
            expectedPositives[b] = n * p;
            expectedNegatives[b] = n * (1 - p);
        }
        if (cbpe.count() == 0) {
            return Optional.empty();
        }
        return Optional.of(new Result(cbpe.accuracy(), cbpe.precision(), cbpe.recall(), cbpe.f1(),
            ScoreHistogram.rocAuc(expectedPositives, expectedNegatives), cbpe.accuracyStandardError(), cbpe.count(), labels));
    }

    static double centre(int bin, int bins) {
        return (bin + 0.5) / bins;
    }
}
