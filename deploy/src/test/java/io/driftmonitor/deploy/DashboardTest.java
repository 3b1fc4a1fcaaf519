package io.driftmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard parses, covers what users need, and queries only metrics the monitor exports. */
class DashboardTest {
    /**
     * Application metrics of the monitor the dashboard relies on beside the Kafka Streams client
     * metrics, with their labels: records, dead letters, late records and closed windows counted,
     * drift status and metric value per model and signal, retrain triggers per model (MonitorMetrics). They
     * are per-model gauges, exported once the instance owns a model; the scraped monitor of this test has none.
     */
    static final Set<String> APPLICATION_METRICS = Set.of(
        "drift_monitor_model_records", "drift_monitor_dlq_records_total", "drift_monitor_model_late_records",
        "drift_monitor_model_windows_closed", "drift_monitor_signal_status", "drift_monitor_signal_value",
        "drift_monitor_model_retrain_triggers");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "by", "without",
        "rate", "increase", "irate", "delta", "deriv", "topk", "bottomk", "histogram_quantile", "label_values", "on", "ignoring",
        "group_left", "group_right", "and", "or", "unless", "offset", "bool");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

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
        dashboard.at("/templating/list").forEach(v -> expressions.add(v.path("definition").asText()));
        Set<String> names = new TreeSet<>();
        for (String expr : expressions) {
            String stripped = expr
                .replaceAll("\"[^\"]*\"", "")            // strings
                .replaceAll("\\{[^}]*}", "")              // label matchers
                .replaceAll("\\[[^]]*]", "")              // ranges
                .replaceAll("\\b(by|without)\\s*\\([^)]*\\)", "")
                .replaceAll("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*),[^)]*\\)", "$1");
            Matcher m = IDENTIFIER.matcher(stripped);
            while (m.find()) {
                String word = m.group();
                boolean number = m.start() > 0 && Character.isDigit(stripped.charAt(m.start() - 1));
                if (!PROMQL_WORDS.contains(word) && !number) {
                    names.add(word);
                }
            }
        }
        return names;
    }
}
