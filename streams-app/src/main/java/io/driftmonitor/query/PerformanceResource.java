package io.driftmonitor.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.driftmonitor.drift.SegmentPerformance;
import io.driftmonitor.topology.ModelState;
import io.driftmonitor.topology.WindowReport;
import io.javalin.http.Context;

/** {@code GET …/performance}: measured performance per closed window and segment, label coverage, delay and counters. */
final class PerformanceResource {
    /** Worst segments listed per window in the performance series. */
    private static final int WORST_SEGMENTS_SHOWN = 5;

    private final ApiContext api;

    PerformanceResource(ApiContext api) {
        this.api = api;
    }

    Object performance(Context ctx, String model, StateReader.Scope scope) {
        String segment = ctx.queryParam("segment");
        long from = Params.longQuery(ctx, "from", Long.MIN_VALUE);
        long to = Params.longQuery(ctx, "to", Long.MAX_VALUE);
        int limit = Params.limit(ctx);
        if (from >= to) {
            throw ApiException.badRequest("from must be before to");
        }
        ApiContext.Attached a = api.attached();
        ModelState state = ApiContext.requireModel(a, model, scope);
        List<WindowReport> windows = a.reader().windows(model, from, to, scope).stream()
            .filter(w -> !w.performance.isEmpty()).toList();
        boolean hasMore = windows.size() > limit;
        if (hasMore) {
            windows = windows.subList(windows.size() - limit, windows.size());
        }
        List<Map<String, Object>> series = new ArrayList<>();
        for (WindowReport w : windows) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("window_start", w.windowStart);
            point.put("window_end", w.windowEnd);
            point.put("predictions", w.count);
            point.put("revisions", w.performanceRevisions);
            point.put("worst_segments", SegmentPerformance.worst(w.performance, WORST_SEGMENTS_SHOWN,
                api.config.policyFor(model).minLabels));
            if ("*".equals(segment)) {
                point.put("segments", w.performance);
            } else {
                Map<String, Double> values = w.performance.get(segment == null ? "" : segment);
                if (values == null) {
                    continue;
                }
                point.put("segment", segment == null || segment.isEmpty() ? null : segment);
                point.put("metrics", values);
            }
            series.add(point);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_id", model);
        body.put("labels_counted", state.labelsCounted);
        body.put("unmatched_labels", state.unmatchedLabels);
        body.put("expired_labels", state.expiredLabels);
        body.put("series", series);
        body.put("has_more", hasMore);
        return body;
    }
}
