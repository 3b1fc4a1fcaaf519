package io.driftmonitor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PolicyBacktestTest {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    /** Two weeks of hourly windows; feature:x drifts in four episodes of two windows; accuracy dips after each. */
    private static List<PolicyBacktest.Window> history() {
        List<PolicyBacktest.Window> windows = new ArrayList<>();
        List<Long> drifting = List.of(50L, 51L, 120L, 121L, 200L, 201L, 300L, 301L);
        for (long h = 0; h < 14 * 24; h++) {
            boolean drift = drifting.contains(h);
            double accuracy = drifting.contains(h - 2) ? 0.80 : 0.85;
            windows.add(new PolicyBacktest.Window(h * HOUR, (h + 1) * HOUR, List.of(
                new SignalVerdict("feature:x", null, "psi", drift ? 0.6 : 0.02, 0.25, drift, true, 1000),
                new SignalVerdict("performance", null, "performance:accuracy", accuracy, Double.NaN, false, true, 800))));
        }
        return windows;
    }

    @Test
    void shouldCompareADailyScheduleWithTheTriggeredPolicyOnTheSameHistory() {
        RetrainPolicy policy = RetrainPolicy.defaultPolicy(2, HOUR, 200);
        PolicyBacktest.Report report = PolicyBacktest.run("fraud", history(), policy, DAY, "performance:accuracy", 2);

        assertThat(report.windows()).isEqualTo(336);
        assertThat(report.weeks()).isEqualTo(2.0);
        PolicyBacktest.Strategy fixed = report.strategies().get(0);
        PolicyBacktest.Strategy triggered = report.strategies().get(1);
        assertThat(fixed.retrains()).hasSize(14);
        assertThat(fixed.retrains()).allSatisfy(r -> assertThat(r.trigger()).isEqualTo("schedule"));
        assertThat(fixed.weeklyCost()).isEqualTo(1400.0);
        assertThat(triggered.retrains()).extracting(PolicyBacktest.Retrain::time)
            .containsExactly(52 * HOUR, 122 * HOUR, 202 * HOUR, 302 * HOUR);
        assertThat(triggered.weeklyCost()).isEqualTo(400.0);
        assertThat(triggered.retrains().get(0).performanceAfter()).isEqualTo(0.8);
        assertThat(triggered.retrains().get(0).windowsMeasured()).isEqualTo(2);
        assertThat(triggered.retrains().get(0).reasons()).singleElement().asString().startsWith("feature:x psi 0.6");

        Map<String, Object> json = report.toMap();
        assertThat(json).containsEntry("weekly_savings", 1000.0).containsKeys("strategies", "mean_performance");
        assertThat(report.toTable()).contains("fixed every 1d").contains("policy default-psi").contains("$1,000.00");
    }

    @Test
    void shouldRebuildTheWindowsFromPlainDriftEvents() {
        Map<String, Object> psi = new HashMap<>();
        psi.put("model_id", "fraud");
        psi.put("window_start", 0);
        psi.put("window_end", 60_000L);
        psi.put("signal", "feature:x");
        psi.put("segment", null);
        psi.put("metric", "psi");
        psi.put("value", 0.31);
        psi.put("threshold", 0.25);
        psi.put("status", "drift");
        psi.put("window_count", 420);
        psi.put("metrics", Map.of("js", 0.12, "psi", 0.31));
        Map<String, Object> other = new HashMap<>(psi);
        other.put("model_id", "other");
        Map<String, Object> small = new HashMap<>(psi);
        small.put("window_start", 60_000L);
        small.put("window_end", 120_000L);
        small.put("status", "insufficient_data");
        small.put("value", null);

        List<PolicyBacktest.Window> windows = PolicyBacktest.fromDriftEvents("fraud", List.of(small, other, psi));

        assertThat(windows).extracting(PolicyBacktest.Window::windowStart).containsExactly(0L, 60_000L);
        assertThat(windows.get(0).verdicts()).containsExactly(
            new SignalVerdict("feature:x", null, "psi", 0.31, 0.25, true, true, 420),
            new SignalVerdict("feature:x", null, "js", 0.12, Double.NaN, false, true, 420));
        assertThat(windows.get(1).verdicts().get(0).decided()).isFalse();
        assertThat(windows.get(1).verdicts().get(0).value()).isNaN();
    }
}
