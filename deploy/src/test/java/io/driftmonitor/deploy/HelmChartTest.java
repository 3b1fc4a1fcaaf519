package io.driftmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart lints and renders (helm-java's embedded Helm: {@code helm lint --strict} and
 * {@code helm template}, no cluster) into the objects a platform team expects, with the probes, the
 * configuration and secrets from values, and the optional Prometheus Operator objects.
 */
class HelmChartTest {
    private static final Path CHART = Repo.path("deploy/helm/drift-monitor");

    @Test
    void shouldLintStrictly() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void shouldRenderAStatefulSetWithHeadlessServiceDisruptionBudgetConfigAndSecretByDefault() throws Exception {
        Map<String, List<JsonNode>> objects = render(new Helm(CHART).template().withName("dm").withNamespace("ml"));
        assertThat(objects).containsOnlyKeys("StatefulSet", "Service", "PodDisruptionBudget", "ConfigMap", "Secret",
            "ServiceAccount");

        JsonNode sts = objects.get("StatefulSet").get(0);
        String name = sts.at("/metadata/name").asText();
        assertThat(name).isEqualTo("dm-drift-monitor");
        JsonNode headless = objects.get("Service").stream().filter(s -> s.at("/spec/clusterIP").asText().equals("None"))
            .findFirst().orElseThrow();
        assertThat(sts.at("/spec/serviceName").asText()).isEqualTo(headless.at("/metadata/name").asText());
        assertThat(headless.at("/spec/publishNotReadyAddresses").asBoolean()).isTrue();
        assertThat(sts.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(sts.at("/spec/volumeClaimTemplates/0/spec/resources/requests/storage").asText()).isEqualTo("10Gi");
        JsonNode selector = sts.at("/spec/selector/matchLabels");
        for (JsonNode service : objects.get("Service")) {
            assertThat(service.at("/spec/selector")).isEqualTo(selector);
        }
        assertThat(objects.get("PodDisruptionBudget").get(0).at("/spec/selector/matchLabels")).isEqualTo(selector);
        assertThat(objects.get("PodDisruptionBudget").get(0).at("/spec/maxUnavailable").asInt()).isEqualTo(1);

        JsonNode c = sts.at("/spec/template/spec/containers/0");
        assertThat(c.at("/image").asText()).isEqualTo("drift-monitor:0.1.0");
        assertThat(c.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health");
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
        assertThat(c.at("/startupProbe/failureThreshold").asInt() * c.at("/startupProbe/periodSeconds").asInt())
            .isGreaterThanOrEqualTo(180);
        Map<String, String> env = new LinkedHashMap<>();
        c.get("env").forEach(e -> env.put(e.get("name").asText(), e.path("value").asText(null)));
        assertThat(env).containsEntry("DRIFT_MONITOR_LOG_FORMAT", "json").containsKey("DRIFT_MONITOR_HTTP_TOKEN");
        List<String> args = new ArrayList<>();
        c.get("args").forEach(a -> args.add(a.asText()));
        assertThat(args).containsSubsequence("run", "--config", "/etc/drift-monitor/config/monitor.yaml")
            .contains("$(POD_IP):8080");

        // monitor.yaml from values, with the chart's port and state directory
        JsonNode configMap = objects.get("ConfigMap").get(0);
        JsonNode monitor = Repo.YAML.readTree(configMap.at("/data/monitor.yaml").asText());
        assertThat(monitor.at("/kafka/bootstrap_servers").asText()).isEqualTo("kafka-bootstrap:9092");
        assertThat(monitor.at("/http/port").asInt()).isEqualTo(8080);
        assertThat(monitor.at("/state_dir").asText()).isEqualTo("/var/lib/drift-monitor");
        assertThat(sts.at("/spec/template/spec/volumes/0/configMap/name").asText()).isEqualTo(configMap.at("/metadata/name").asText());
        assertThat(objects.get("Secret").get(0).at("/data").has("http-token")).isTrue();
    }

    @Test
    void shouldRenderServiceMonitorAndPrometheusRuleWhenEnabledAndUseAnExistingSecret() throws Exception {
        Map<String, List<JsonNode>> objects = render(new Helm(CHART).template().withName("drift-monitor")
            .set("serviceMonitor.enabled", "true").set("prometheusRule.enabled", "true")
            .set("secrets.existingSecret", "vault-drift-monitor").set("replicaCount", "3")
            .set("config.kafka.bootstrap_servers", "kafka.prod:9093"));
        assertThat(objects).containsKeys("StatefulSet", "ServiceMonitor", "PrometheusRule").doesNotContainKey("Secret");

        JsonNode sts = objects.get("StatefulSet").get(0);
        assertThat(sts.at("/metadata/name").asText()).isEqualTo("drift-monitor");
        assertThat(sts.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(sts.toString()).contains("\"secretName\":\"vault-drift-monitor\"");
        JsonNode monitor = Repo.YAML.readTree(objects.get("ConfigMap").get(0).at("/data/monitor.yaml").asText());
        assertThat(monitor.at("/kafka/bootstrap_servers").asText()).isEqualTo("kafka.prod:9093");

        JsonNode serviceMonitor = objects.get("ServiceMonitor").get(0);
        assertThat(serviceMonitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
        assertThat(serviceMonitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
        assertThat(serviceMonitor.at("/spec/jobLabel").asText()).isEqualTo("app.kubernetes.io/name");
        long scraped = objects.get("Service").stream().filter(s -> matches(serviceMonitor.at("/spec/selector/matchLabels"),
            s.at("/metadata/labels"))).count();
        assertThat(scraped).as("exactly one Service scraped, so each pod is scraped once").isEqualTo(1);
        assertThat(sts.at("/spec/template/metadata/annotations").has("prometheus.io/scrape"))
            .as("no annotation scraping beside the ServiceMonitor").isFalse();

        JsonNode rules = objects.get("PrometheusRule").get(0).at("/spec/groups");
        assertThat(rules).isEqualTo(Repo.yaml("deploy/prometheus/alerts.yml").get("groups"));
        assertThat(rules.toString()).contains("{{ $labels.model }}");
    }

    @Test
    void shouldShipTheSameAlertRulesAsDeployPrometheus() throws Exception {
        assertThat(Files.readString(CHART.resolve("files/alerts.yml")))
            .as("deploy/helm/drift-monitor/files/alerts.yml is a copy of deploy/prometheus/alerts.yml")
            .isEqualTo(Repo.read("deploy/prometheus/alerts.yml"));
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        List<Boolean> all = new ArrayList<>();
        selector.fields().forEachRemaining(e -> all.add(e.getValue().asText().equals(labels.path(e.getKey()).asText())));
        return !all.contains(false);
    }

    private static Map<String, List<JsonNode>> render(TemplateCommand template) throws Exception {
        String manifest = template.call();
        Map<String, List<JsonNode>> byKind = new LinkedHashMap<>();
        try (MappingIterator<JsonNode> docs = Repo.YAML.readerFor(JsonNode.class).readValues(manifest)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isMissingNode() || doc.isEmpty()) {
                    continue;
                }
                assertThat(doc.at("/apiVersion").asText()).as(doc.toString()).isNotBlank();
                assertThat(doc.at("/metadata/name").asText()).as(doc.toString()).isNotBlank();
                byKind.computeIfAbsent(doc.get("kind").asText(), k -> new ArrayList<>()).add(doc);
            }
        }
        return byKind;
    }
}
