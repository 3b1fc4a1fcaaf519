package io.driftmonitor.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.driftmonitor.topology.WindowReport;

/** A signal of a closed window next to its baseline, bin by bin, from the window's drift event. */
final class Histograms {
    private Histograms() {
    }

    static Map<String, Object> view(WindowReport w, Map<String, Object> event) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", w.modelId);
        out.put("window_start", w.windowStart);
        out.put("window_end", w.windowEnd);
        for (String k : List.of("signal", "segment", "metric", "value", "threshold", "warn_threshold", "p_value", "status",
                "baseline_version", "window_count", "baseline_count", "window_missing", "baseline_missing")) {
            out.put(k, event.get(k));
        }
        List<?> edges = event.get("edges") instanceof List<?> l ? l : null;
        List<?> categories = event.get("categories") instanceof List<?> l ? l : null;
        List<?> windowCounts = event.get("window_counts") instanceof List<?> l ? l : List.of();
        List<?> baselineCounts = event.get("baseline_counts") instanceof List<?> l ? l : List.of();
        out.put("kind", categories != null ? "categorical" : "numeric");
        out.put("edges", edges);
        out.put("categories", categories);
        double windowTotal = sum(windowCounts);
        double baselineTotal = sum(baselineCounts);
        int n = Math.max(windowCounts.size(), baselineCounts.size());
        List<Map<String, Object>> bins = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> bin = new LinkedHashMap<>();
            bin.put("label", label(i, n, edges, categories));
            if (edges != null && categories == null) {
                bin.put("lower", i == 0 ? null : edges.get(i - 1));
                bin.put("upper", i >= edges.size() ? null : edges.get(i));
            }
            long wc = count(windowCounts, i);
            long bc = count(baselineCounts, i);
            bin.put("window_count", wc);
            bin.put("baseline_count", bc);
            bin.put("window_share", windowTotal == 0 ? 0.0 : wc / windowTotal);
            bin.put("baseline_share", baselineTotal == 0 ? 0.0 : bc / baselineTotal);
            bins.add(bin);
        }
        out.put("bins", bins);
        return out;
    }

    /** Bin 0 is (-inf, e1), bin i is [e(i), e(i+1)), the last [e(k-1), +inf); categories by name. */
    private static String label(int i, int n, List<?> edges, List<?> categories) {
        if (categories != null) {
            return i < categories.size() ? String.valueOf(categories.get(i)) : "bin " + i;
        }
        if (edges == null || edges.isEmpty()) {
            return "all";
        }
        if (i == 0) {
            return "< " + fmt(edges.get(0));
        }
        if (i >= edges.size()) {
            return ">= " + fmt(edges.get(edges.size() - 1));
        }
        return "[" + fmt(edges.get(i - 1)) + ", " + fmt(edges.get(i)) + ")";
    }

    private static String fmt(Object edge) {
        double d = ((Number) edge).doubleValue();
        return String.format(java.util.Locale.ROOT, "%.4g", d);
    }

    private static long count(List<?> counts, int i) {
        return i < counts.size() ? ((Number) counts.get(i)).longValue() : 0;
    }

    private static double sum(List<?> counts) {
        double s = 0;
        for (Object c : counts) {
            s += ((Number) c).doubleValue();
        }
        return s;
    }
}
