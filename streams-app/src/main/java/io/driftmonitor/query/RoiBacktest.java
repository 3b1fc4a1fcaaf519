package io.driftmonitor.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.driftmonitor.config.Durations;
import io.driftmonitor.policy.PolicyBacktest;
import io.driftmonitor.policy.RetrainPolicy;
import io.driftmonitor.topology.WindowReport;
import io.javalin.http.Context;

/**
 * {@code GET …/roi}: the policy backtest over the model's recorded windows — a fixed schedule and the
 * model's policy side by side, with their retrains, cost and the measured performance after each.
 */
final class RoiBacktest {
    private final ApiContext api;

    RoiBacktest(ApiContext api) {
        this.api = api;
    }

    Object roi(Context ctx, String model, StateReader.Scope scope) {
        String schedule = ctx.queryParam("fixed_schedule");
        String performanceMetric = Optional.ofNullable(ctx.queryParam("performance_metric"))
            .orElse(PolicyBacktest.DEFAULT_PERFORMANCE_METRIC);
        int windowsAfter = (int) Params.longQuery(ctx, "windows_after", 3);
        ApiContext.Attached a = api.attached();
        ApiContext.requireModel(a, model, scope);
        RetrainPolicy policy = api.config.policyFor(model).retrainPolicy();
        long interval;
        try {
            interval = schedule != null ? Durations.parse(schedule).toMillis()
                : policy.mode() == RetrainPolicy.Mode.FIXED ? policy.scheduleMillis() : Duration.ofDays(1).toMillis();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("fixed_schedule: " + e.getMessage());
        }
        if (interval <= 0 || windowsAfter < 1) {
            throw ApiException.badRequest("fixed_schedule must be positive and windows_after at least 1");
        }
        List<Map<String, Object>> events = events(model, a.reader().windows(model, Long.MIN_VALUE, Long.MAX_VALUE, scope));
        try {
            return PolicyBacktest.run(model, PolicyBacktest.fromDriftEvents(model, events), policy, interval,
                performanceMetric, windowsAfter).toMap();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** The windows' drift events, and their measured performance as {@code performance:<metric>} events. */
    static List<Map<String, Object>> events(String model, List<WindowReport> windows) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (WindowReport w : windows) {
            events.addAll(w.signals);
            w.performance.forEach((segment, values) -> values.forEach((metric, value) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("model_id", model);
                e.put("window_start", w.windowStart);
                e.put("window_end", w.windowEnd);
                e.put("signal", "performance:" + metric);
                e.put("segment", segment.isEmpty() ? null : segment);
                e.put("metric", "performance:" + metric);
                e.put("value", value);
                e.put("status", "ok");
                e.put("window_count", values.getOrDefault("labeled", 0.0).longValue());
                events.add(e);
            }));
        }
        return events;
    }
}
