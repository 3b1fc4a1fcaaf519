package io.driftmonitor.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.driftmonitor.promotion.Roles;

/**
 * Segment performance against the whole model's: a failing cohort shows even when the totals look
 * fine. Works on the per-segment metric maps of a window ("" is the whole model); the segments of
 * deployment roles (challengers, canaries) are not cohorts and are left out of the ranking.
 */
public final class SegmentPerformance {
    /** Suffix of a segment's difference to the whole model: {@code accuracy_vs_model} = segment - model. */
    public static final String VS_MODEL = "_vs_model";
    /** The metric segments are ranked by: the first of these the window has. */
    static final List<String> RANKING_METRICS = List.of("accuracy", "roc_auc", "f1", "mae", "rmse");

    private SegmentPerformance() {
    }

    /** For every performance metric both have: segment value minus model value, as {@code <metric>_vs_model}. */
    public static Map<String, Double> comparedWithModel(Map<String, Double> segment, Map<String, Double> model) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (model == null) {
            return out;
        }
        for (Map.Entry<String, Double> e : segment.entrySet()) {
            Double whole = model.get(e.getKey());
            if (PerformanceEvaluator.METRICS.contains(e.getKey()) && whole != null) {
                out.put(e.getKey() + VS_MODEL, e.getValue() - whole);
            }
        }
        return out;
    }

    /**
     * The {@code limit} worst segments of a window by its ranking metric (lowest accuracy, AUC or F1;
     * highest MAE or RMSE), among segments with at least {@code minLabels} labels; each entry names the
     * segment, metric, value, the model's value and the labels behind it.
     */
    public static List<Map<String, Object>> worst(Map<String, Map<String, Double>> performance, int limit, long minLabels) {
        Map<String, Double> model = performance.getOrDefault("", Map.of());
        String metric = RANKING_METRICS.stream().filter(model::containsKey).findFirst()
            .orElseGet(() -> RANKING_METRICS.stream()
                .filter(m -> performance.values().stream().anyMatch(v -> v.containsKey(m))).findFirst().orElse(null));
        if (metric == null) {
            return List.of();
        }
        boolean higherIsBetter = PerformanceEvaluator.HIGHER_IS_BETTER.contains(metric);
        List<Map.Entry<String, Map<String, Double>>> ranked = new ArrayList<>();
        performance.forEach((segment, values) -> {
            if (!segment.isEmpty() && !Roles.isRoleSegment(segment) && values.containsKey(metric) && values.getOrDefault("labeled", 0.0) >= minLabels) {
                ranked.add(Map.entry(segment, values));
            }
        });
        Comparator<Map.Entry<String, Map<String, Double>>> byMetric = Comparator.comparingDouble(e -> e.getValue().get(metric));
        ranked.sort((higherIsBetter ? byMetric : byMetric.reversed()).thenComparing(Map.Entry::getKey));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Double>> e : ranked.subList(0, Math.min(limit, ranked.size()))) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("segment", e.getKey());
            entry.put("metric", metric);
            entry.put("value", e.getValue().get(metric));
            entry.put("model_value", model.get(metric));
            entry.put("labeled", e.getValue().get("labeled").longValue());
            out.add(entry);
        }
        return out;
    }
}
