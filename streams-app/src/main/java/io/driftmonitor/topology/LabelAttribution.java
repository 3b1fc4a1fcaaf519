package io.driftmonitor.topology;

import java.util.ArrayList;
import java.util.List;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.promotion.Roles;
import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.state.HeapBufferedStore;
import io.driftmonitor.state.PerformancePartial;
import io.driftmonitor.state.PredictionIndexEntry;

/**
 * How one ground truth counts for its prediction, the same wherever it is known: in the label join
 * (a label on {@code labels}) or at level 1 (a prediction that carries its own {@code label} or
 * {@code label_value}). The outcome goes into the performance partial of the prediction's window,
 * for the whole model (champion only) and for each of its segments, the role's segment included.
 */
final class LabelAttribution {
    private LabelAttribution() {
    }

    /**
     * Counts a classification ({@code actual} non-null) or regression ({@code actualValue}) outcome,
     * {@code delay} ms after the prediction.
     */
    static void count(HeapBufferedStore<PerformancePartial> partials, PredictionIndexEntry entry, String actual,
                      Double actualValue, long delay, ModelPolicy policy) {
        List<String> segments = new ArrayList<>(entry.segments().size() + 1);
        if (Roles.isChampion(Roles.ofSegments(entry.segments()))) {
            segments.add(""); // only the champion's outcomes are the model's performance
        }
        segments.addAll(entry.segments());
        for (String segment : segments) {
            PerformancePartial p = partials.getForUpdate(StoreKeys.windowSegment(entry.modelId(), entry.windowStart(), segment),
                () -> new PerformancePartial(entry.modelId(), entry.windowStart(), entry.windowEnd(), segment));
            if (actual != null) {
                p.addClassification(actual, entry.predictedLabel(), scoreInUnitRange(entry.score()),
                    positive(actual, entry, policy), delay);
            } else if (actualValue != null && entry.score() != null) {
                p.addRegression(actualValue, entry.score(), delay);
            }
        }
    }

    /** A label on {@code labels} for this prediction. */
    static void count(HeapBufferedStore<PerformancePartial> partials, PredictionIndexEntry entry, LabelEvent label,
                      ModelPolicy policy) {
        count(partials, entry, label.getLabel(), label.getValue(), label.getTimestamp() - entry.predictionTime(), policy);
    }

    /** Whether a label carries what its prediction's entry would (no index needed). */
    static boolean isSelfContained(LabelEvent label) {
        return label.getPredictionTimestamp() != null && (label.getScore() != null || label.getPredictedLabel() != null);
    }

    /** The entry a self-contained label stands for; its tags name segments as level 1 does. */
    static PredictionIndexEntry fromLabel(LabelEvent label, ModelPolicy policy) {
        long size = policy.window.toMillis();
        long start = Math.floorDiv(label.getPredictionTimestamp(), size) * size;
        List<String> segments = new ArrayList<>();
        if (label.getTags() != null) {
            label.getTags().forEach((k, v) -> {
                if (policy.segmentKeys == null || policy.segmentKeys.contains(k)) {
                    segments.add(SegmentVocabulary.segmentName(k, v));
                }
            });
        }
        return new PredictionIndexEntry(label.getModelId(), null, label.getPredictionTimestamp(), start, start + size,
            label.getScore(), label.getPredictedLabel(), segments, false);
    }

    private static Double scoreInUnitRange(Double score) {
        return score != null && score >= 0 && score <= 1 ? score : null;
    }

    /**
     * Whether the true class is the positive one, for a binary classifier whose score is P(positive):
     * the configured positive label, else inferred from the predicted label (it is the positive class
     * when the score is at least 0.5, the negative one otherwise). Null when it cannot be known.
     */
    static Boolean positive(String actual, PredictionIndexEntry entry, ModelPolicy policy) {
        if (scoreInUnitRange(entry.score()) == null) {
            return null;
        }
        if (policy.positiveLabel != null) {
            return actual.equals(policy.positiveLabel);
        }
        if (entry.predictedLabel() == null) {
            return null;
        }
        boolean predictedPositive = entry.score() >= 0.5;
        return predictedPositive == actual.equals(entry.predictedLabel());
    }
}
