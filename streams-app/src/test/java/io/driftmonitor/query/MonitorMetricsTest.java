package io.driftmonitor.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.driftmonitor.topology.EventCounts;
import io.driftmonitor.topology.ModelState;
import io.driftmonitor.topology.WindowReport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The monitor's metrics follow Prometheus conventions: counters for totals, gauges for state, bounded labels. */
class MonitorMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MonitorMetrics metrics = new MonitorMetrics(registry);

    @Test
    void shouldExportModelTotalsAsCountersReadFromTheModelsState() {
        ModelState fraud = model("fraud", 1200, 7, 12, 2);
        fraud.labelsCounted = 900;
        fraud.unmatchedLabels = 3;
        fraud.expiredLabels = 1;
        metrics.refresh(List.of(fraud), m -> report(m, List.of()));
        String text = registry.scrape();
        assertThat(text).contains("# TYPE drift_monitor_model_records_total counter",
            "drift_monitor_model_records_total{model=\"fraud\"} 1200.0",
            "# TYPE drift_monitor_model_late_records_total counter",
            "drift_monitor_model_late_records_total{model=\"fraud\"} 7.0",
            "drift_monitor_model_windows_closed_total{model=\"fraud\"} 12.0",
            "drift_monitor_model_retrains_total{model=\"fraud\"} 2.0",
            "drift_monitor_model_labels_total{model=\"fraud\",outcome=\"matched\"} 900.0",
            "drift_monitor_model_labels_total{model=\"fraud\",outcome=\"unmatched\"} 3.0",
            "drift_monitor_model_labels_total{model=\"fraud\",outcome=\"expired\"} 1.0",
            "# TYPE drift_monitor_last_window_close_timestamp_seconds gauge",
            "drift_monitor_last_window_close_timestamp_seconds{model=\"fraud\"} 1.79543149E9",
            "# TYPE drift_monitor_model_status gauge");

        // the next scrape reads the state again; a model no longer owned here leaves
        fraud.recordsCounted = 1500;
        ModelState price = model("price", 10, 0, 1, 0);
        metrics.refresh(List.of(fraud, price), m -> report(m, List.of()));
        assertThat(registry.scrape()).contains("drift_monitor_model_records_total{model=\"fraud\"} 1500.0",
            "drift_monitor_model_records_total{model=\"price\"} 10.0");
        metrics.refresh(List.of(price), m -> report(m, List.of()));
        assertThat(registry.scrape()).doesNotContain("model=\"fraud\"").contains("model=\"price\"");
    }

    @Test
    void shouldLabelSignalValuesWithTheirMetricAndBoundTheSignalsPerModel() {
        List<Map<String, Object>> signals = new ArrayList<>();
        signals.add(signal("score", null, "psi", 0.31, "drift"));
        signals.add(signal("feature:amount", null, "ks", 0.12, "warn"));
        signals.add(signal("feature:amount", null, "psi", 0.05, "ok"));
        signals.add(signal("score", "country=DE", "psi", 2.4, "drift")); // segments never become labels
        for (int i = 0; i < 80; i++) {
            signals.add(signal(String.format("feature:f%02d", i), null, "psi", 0.01, "ok"));
        }
        metrics.refresh(List.of(model("fraud", 1, 0, 1, 0)), m -> report(m, signals));
        String text = registry.scrape();
        assertThat(text).contains("drift_monitor_signal_value{metric=\"psi\",model=\"fraud\",signal=\"score\"} 0.31",
            "drift_monitor_signal_value{metric=\"ks\",model=\"fraud\",signal=\"feature:amount\"} 0.12",
            "drift_monitor_signal_value{metric=\"psi\",model=\"fraud\",signal=\"feature:amount\"} 0.05",
            "drift_monitor_signal_status{model=\"fraud\",signal=\"feature:amount\"} 1.0",
            "drift_monitor_signal_status{model=\"fraud\",signal=\"score\"} 2.0")
            .doesNotContain("country=DE", "segment");
        long statusRows = text.lines().filter(l -> l.startsWith("drift_monitor_signal_status{")).count();
        assertThat(statusRows).isEqualTo(MonitorMetrics.MAX_SIGNALS_PER_MODEL);
    }

    @Test
    void shouldNameDeadLetterReasonsAfterTheExceptionInSnakeCase() {
        assertThat(EventCounts.reason(new io.driftmonitor.serde.InvalidRecordException("x"))).isEqualTo("invalid_record");
        assertThat(EventCounts.reason(new io.driftmonitor.serde.SchemaRegistryUnavailableException("x", null)))
            .isEqualTo("schema_registry_unavailable");
        assertThat(EventCounts.reason(new IllegalStateException())).isEqualTo("illegal_state");
        assertThat(EventCounts.clientOf("app-6c1f-StreamThread-3")).isEqualTo("app-6c1f");
    }

    private static ModelState model(String id, long records, long late, long closed, long retrains) {
        ModelState m = new ModelState();
        m.modelId = id;
        m.recordsCounted = records;
        m.lateRecords = late;
        m.windowsClosed = closed;
        m.policy.triggers = retrains;
        m.lastWindow = new ModelState.WindowSummary();
        m.lastWindow.windowStart = 1_795_431_480_000L;
        m.lastWindow.windowEnd = 1_795_431_490_000L;
        m.lastWindow.status = "ok";
        return m;
    }

    private static WindowReport report(ModelState m, List<Map<String, Object>> signals) {
        WindowReport w = new WindowReport();
        w.modelId = m.modelId;
        w.windowStart = m.lastWindow.windowStart;
        w.windowEnd = m.lastWindow.windowEnd;
        w.signals = signals;
        return w;
    }

    private static Map<String, Object> signal(String name, String segment, String metric, double value, String status) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("signal", name);
        e.put("segment", segment);
        e.put("metric", metric);
        e.put("value", value);
        e.put("status", status);
        return e;
    }
}
