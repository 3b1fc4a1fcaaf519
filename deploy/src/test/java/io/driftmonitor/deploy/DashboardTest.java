package io.driftmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard parses, covers what users need, and queries only metrics the monitor exports. */
class DashboardTest {
    /**
     * Application metrics of the monitor the dashboard and the alert rules rely on beside the Kafka
     * Streams client and JVM metrics (MonitorMetrics): per-model counters (records, late records,
     * closed windows, retrains, labels by outcome, promotions) and gauges (status, last window close,
     * per-signal status and value), exported once the instance owns a model, which the scraped
     * monitor of this test does not; and the dead-letter counter, exported from the start.
     */
    static final Set<String> APPLICATION_METRICS = Set.of(
        "drift_monitor_model_records_total", "drift_monitor_model_late_records_total",
        "drift_monitor_model_windows_closed_total", "drift_monitor_model_retrains_total",
        "drift_monitor_model_labels_total", "drift_monitor_model_promotions_total", "drift_monitor_model_status",
        "drift_monitor_last_window_close_timestamp_seconds", "drift_monitor_signal_status", "drift_monitor_signal_value",
        "drift_monitor_dlq_records_total");

    @Test
    void coversDriftThroughputLagDeadLettersAndRetrains() {
        JsonNode dashboard = Repo.json("deploy/grafana/dashboards/drift-monitor.json");
        assertThat(dashboard.get("uid").asText()).isEqualTo("drift-monitor");
        List<String> titles = new ArrayList<>();
        dashboard.get("panels").forEach(p -> titles.add(p.get("title").asText().toLowerCase()));
        assertThat(titles).anyMatch(t -> t.contains("drift status"))
            .anyMatch(t -> t.contains("psi"))
            .anyMatch(t -> t.contains("per second"))
            .anyMatch(t -> t.contains("lag"))
            .anyMatch(t -> t.contains("dead letters"))
            .anyMatch(t -> t.contains("retrain"));
        Set<Integer> ids = new TreeSet<>();
        dashboard.get("panels").forEach(p -> assertThat(ids.add(p.get("id").asInt())).as("unique panel id").isTrue());
    }

    @Test
    void shouldImportIntoASharedGrafanaWithAnyPrometheusAndFilterByJob() {
        JsonNode dashboard = Repo.json("deploy/grafana/dashboards/drift-monitor.json");
        JsonNode input = dashboard.at("/__inputs/0");
        assertThat(input.get("type").asText()).isEqualTo("datasource");
        assertThat(input.get("pluginId").asText()).isEqualTo("prometheus");
        Map<String, JsonNode> variables = new java.util.LinkedHashMap<>();
        dashboard.at("/templating/list").forEach(v -> variables.put(v.get("name").asText(), v));
        assertThat(variables).containsKeys("datasource", "job", "model");
        assertThat(variables.get("datasource").get("type").asText()).isEqualTo("datasource");
        assertThat(variables.get("datasource").get("query").asText()).isEqualTo("prometheus");
        assertThat(variables.get("datasource").at("/current/value").asText()).isEqualTo("${" + input.get("name").asText() + "}");

        // no data source uid is hard-coded: panels, targets and query variables use the variable
        List<String> uids = new ArrayList<>();
        collectDatasourceUids(dashboard.get("panels"), uids);
        collectDatasourceUids(dashboard.get("templating"), uids);
        assertThat(uids).isNotEmpty().allMatch("${datasource}"::equals);

        List<String> expressions = new ArrayList<>();
        dashboard.get("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.get("expr").asText())));
        assertThat(expressions).filteredOn(e -> e.contains("kafka_")).isNotEmpty()
            .allMatch(e -> e.contains("job=~\"$job\""), "Kafka Streams panels filter by the job variable");
        assertThat(expressions).filteredOn(e -> e.contains("drift_monitor_")).allMatch(e -> e.contains("job=~\"$job\""));
        assertThat(variables.get("model").get("definition").asText()).contains("job=~\"$job\"");
    }

    private static void collectDatasourceUids(JsonNode node, List<String> uids) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("datasource") && e.getValue().has("uid")) {
                    uids.add(e.getValue().get("uid").asText());
                }
                collectDatasourceUids(e.getValue(), uids);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectDatasourceUids(n, uids));
        }
    }

    @Test
    void shouldUseCountersAsCountersAndGaugesAsGauges() {
        JsonNode dashboard = Repo.json("deploy/grafana/dashboards/drift-monitor.json");
        List<String> expressions = new ArrayList<>();
        dashboard.get("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.get("expr").asText())));
        for (String e : expressions) {
            for (String name : Promql.metricNames(e)) {
                if (name.endsWith("_total") || name.endsWith("_sum") || name.endsWith("_count")) {
                    assertThat(e).as("counter %s is read through rate/increase", name).containsPattern("(rate|increase)\\(" + name);
                } else {
                    assertThat(e).as("gauge %s is not differentiated as a counter", name).doesNotContain("rate(" + name)
                        .doesNotContain("increase(" + name);
                }
            }
        }
        assertThat(String.join("\n", expressions)).doesNotContain("deriv(", "delta(");
    }

    @Test
    void queriesOnlyMetricsTheMonitorExports() throws Exception {
        Set<String> referenced = referencedMetrics(Repo.json("deploy/grafana/dashboards/drift-monitor.json"));
        assertThat(referenced).contains("drift_monitor_signal_status", "drift_monitor_signal_value",
            "kafka_stream_thread_process_total", "kafka_consumer_fetch_manager_records_lag_max");

        Set<String> exported = ExportedMetrics.scrapeRunningMonitor();
        Set<String> unknown = new TreeSet<>(referenced);
        unknown.removeAll(exported);
        unknown.removeAll(APPLICATION_METRICS);
        assertThat(unknown).as("metrics neither on /metrics of a running monitor nor announced application metrics").isEmpty();
        assertThat(referenced.stream().filter(n -> n.startsWith("kafka_")).toList())
            .as("Kafka Streams client metrics are exported now").allMatch(exported::contains);
    }

    static Set<String> referencedMetrics(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        dashboard.get("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.get("expr").asText())));
        dashboard.at("/templating/list").forEach(v -> {
            if (v.path("type").asText().equals("query")) {
                expressions.add(v.path("definition").asText());
            }
        });
        Set<String> names = new TreeSet<>();
        for (String expr : expressions) {
            names.addAll(Promql.metricNames(expr));
        }
        return names;
    }
}
