package io.driftmonitor.drift;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.state.SignalAccumulator;
import io.driftmonitor.state.WindowPartial;

/**
 * Feeds the signals of a prediction into a window partial: every feature, the score, each class
 * score, the predicted label and the label when it came with the prediction. Also derives the
 * record's segments. Signal names are cached so that the hot path does not build strings.
 */
public final class PredictionSignals {
    private final Map<String, String> featureSignalNames = new HashMap<>();
    private final Map<String, String> classSignalNames = new HashMap<>();

    public void feed(WindowPartial partial, PredictionEvent e, Function<String, SignalAccumulator> factory) {
        for (Map.Entry<String, Object> f : e.getFeatures().entrySet()) {
            String name = featureSignalNames.computeIfAbsent(f.getKey(), SignalNames::feature);
            add(partial.signal(name, factory), f.getValue());
        }
        if (e.getScore() != null) {
            partial.signal(SignalNames.SCORE, factory).addNumber(e.getScore());
        }
        if (e.getScores() != null) {
            for (Map.Entry<String, Double> s : e.getScores().entrySet()) {
                String name = classSignalNames.computeIfAbsent(s.getKey(), SignalNames::classScore);
                add(partial.signal(name, factory), s.getValue());
            }
        }
        if (e.getPredictedLabel() != null) {
            partial.signal(SignalNames.PREDICTION, factory).addCategory(e.getPredictedLabel());
        }
        if (e.getLabel() != null) {
            partial.signal(SignalNames.LABEL, factory).addCategory(e.getLabel());
        } else if (e.getLabelValue() != null) {
            partial.signal(SignalNames.LABEL, factory).addNumber(e.getLabelValue());
        }
    }

    private static void add(SignalAccumulator a, Object value) {
        if (value == null) {
            a.addMissing();
        } else if (value instanceof Double d) {
            a.addNumber(d);
        } else if (value instanceof Number n) {
            a.addNumber(n.doubleValue());
        } else {
            a.addCategory(value.toString());
        }
    }

    /**
     * The segment keys of a record: {@code key=value} for each configured key found in its tags
     * (or, failing that, among its non-numeric features); every tag key when {@code keys} is null.
     */
    public static void segmentsOf(PredictionEvent e, List<String> keys, java.util.function.BiConsumer<String, String> out) {
        if (keys == null) {
            e.getTags().forEach(out);
            return;
        }
        for (String key : keys) {
            String value = e.getTags().get(key);
            if (value == null) {
                Object feature = e.getFeatures().get(key);
                if (feature != null && !(feature instanceof Double)) {
                    value = feature.toString();
                }
            }
            if (value != null) {
                out.accept(key, value);
            }
        }
    }
}
