package io.driftmonitor.topology;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.drift.PerformanceEvaluator;
import io.driftmonitor.performance.LabelFreeEstimate;
import io.driftmonitor.schema.DriftEvent;
import io.driftmonitor.state.PerformancePartial;
import io.driftmonitor.state.WindowPartial;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The label-free performance estimate of closed windows, and its calibration: the labelled outcomes
 * (score histogram by true class) of every whole-model label of the model's current version counted
 * so far. A window is estimated when it closes, from the labels that came before; a new model version
 * starts a new calibration, since a retrained model's scores mean something else.
 */
final class LabelFreeEstimates {
    private final KeyValueStore<String, PerformancePartial> calibration;

    LabelFreeEstimates(KeyValueStore<String, PerformancePartial> calibration) {
        this.calibration = calibration;
    }

    /** Adds the labelled outcomes of a whole-model performance partial to its model's calibration. */
    void learn(PerformancePartial labelled) {
        if (!labelled.segment().isEmpty() || labelled.scores() == null) {
            return;
        }
        PerformancePartial current = calibration.get(labelled.modelId());
        if (current == null) {
            current = new PerformancePartial(labelled.modelId(), 0, 0, "");
        }
        current.merge(labelled);
        calibration.put(labelled.modelId(), current);
    }

    /** Forgets the calibration of a model (its version changed). */
    void reset(String model) {
        calibration.delete(model);
    }

    /**
     * The estimate events of a closed window, or none: when the model has no probability scores, some
     * score of the window is not a probability, or the calibration has fewer than min_labels labels
     * or lacks a class.
     */
    List<DriftEvent> estimate(WindowPartial overall, Long baselineVersion, ModelPolicy policy) {
        if (overall.predictedScores() == null || overall.predictedScores().invalid() > 0) {
            return List.of();
        }
        PerformancePartial labelled = calibration.get(overall.modelId());
        if (labelled == null || labelled.scores() == null) {
            return List.of();
        }
        return LabelFreeEstimate.estimate(labelled.scores(), overall.predictedScores(), policy.minLabels)
            .map(r -> PerformanceEvaluator.estimateEvents(overall.modelId(), overall.modelVersion(), overall.windowStart(),
                overall.windowEnd(), baselineVersion, r, policy))
            .orElse(List.of());
    }

    /** What the estimate said about a window, from its stored report: metric to value. */
    static Map<String, Double> estimatesOf(WindowReport report) {
        Map<String, Double> estimates = new HashMap<>();
        if (report == null) {
            return estimates;
        }
        for (Map<String, Object> e : report.signals) {
            if (e.get("segment") == null && e.get("signal") instanceof String signal
                    && signal.startsWith(PerformanceEvaluator.ESTIMATE_PREFIX) && e.get("value") instanceof Number v) {
                estimates.put(signal.substring(PerformanceEvaluator.ESTIMATE_PREFIX.length()), v.doubleValue());
            }
        }
        return estimates;
    }
}
