package io.driftmonitor.deploy;

import static io.driftmonitor.deploy.ComposeAndImageTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.cli.DriftMonitorCli;
import io.driftmonitor.config.MonitorConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Structural validation of deploy/k8s (kubeconform is not packaged for Debian, Maven or npm): every
 * object is well-formed for its kind, and the objects agree with each other and with the application.
 */
class KubernetesManifestsTest {
    private static final Map<String, String> API_VERSIONS = Map.of(
        "ConfigMap", "v1", "Secret", "v1", "Service", "v1", "StatefulSet", "apps/v1", "Deployment", "apps/v1",
        "PodDisruptionBudget", "policy/v1");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern QUANTITY = Pattern.compile("\\d+(\\.\\d+)?(m|Ki|Mi|Gi|Ti|k|M|G)?");

    private static final List<JsonNode> objects = new ArrayList<>();
    private static final Map<String, JsonNode> byKindAndName = new HashMap<>();

    @BeforeAll
    static void load() {
        for (Path file : Repo.files("deploy/k8s", ".yaml", ".yml")) {
            for (JsonNode doc : Repo.yamlDocuments(file)) {
                objects.add(doc);
                String key = doc.path("kind").asText() + "/" + doc.at("/metadata/name").asText();
                assertThat(byKindAndName.put(key, doc)).as("duplicate " + key + " in " + file).isNull();
            }
        }
    }

    private static JsonNode object(String kind, String name) {
        JsonNode o = byKindAndName.get(kind + "/" + name);
        assertThat(o).as(kind + "/" + name + " exists").isNotNull();
        return o;
    }

    private static JsonNode statefulSet() {
        return object("StatefulSet", "drift-monitor");
    }

    private static JsonNode container() {
        return statefulSet().at("/spec/template/spec/containers/0");
    }

    @Test
    void everyObjectIsWellFormedForItsKind() {
        assertThat(byKindAndName.keySet()).contains("ConfigMap/drift-monitor-config", "Secret/drift-monitor-secrets",
            "Service/drift-monitor", "Service/drift-monitor-headless", "StatefulSet/drift-monitor",
            "PodDisruptionBudget/drift-monitor", "Deployment/drift-monitor-simulate");
        for (JsonNode o : objects) {
            String kind = o.path("kind").asText();
            String what = kind + "/" + o.at("/metadata/name").asText();
            assertThat(API_VERSIONS).as(what + " is a known kind").containsKey(kind);
            assertThat(o.get("apiVersion").asText()).as(what).isEqualTo(API_VERSIONS.get(kind));
            assertThat(o.at("/metadata/name").asText()).as(what).matches(DNS_LABEL).hasSizeLessThanOrEqualTo(63);
            assertThat(o.at("/metadata/namespace").isMissingNode()).as(what + " leaves the namespace to kubectl").isTrue();
            switch (kind) {
                case "ConfigMap", "Secret" -> {
                    JsonNode data = o.has("data") ? o.get("data") : o.get("stringData");
                    assertThat(data).as(what).isNotNull();
                    data.fields().forEachRemaining(e -> {
                        assertThat(e.getKey()).matches("[-._a-zA-Z0-9]+");
                        assertThat(e.getValue().isTextual()).as(what + " " + e.getKey() + " is a string").isTrue();
                    });
                }
                case "Service" -> {
                    assertThat(o.at("/spec/selector").isObject()).as(what).isTrue();
                    for (JsonNode port : o.at("/spec/ports")) {
                        assertThat(port.get("port").isInt()).as(what + " port is a number").isTrue();
                        assertThat(port.get("name").asText()).matches(DNS_LABEL);
                    }
                }
                case "StatefulSet", "Deployment" -> checkWorkload(what, o);
                case "PodDisruptionBudget" -> {
                    assertThat(o.at("/spec/selector/matchLabels").isObject()).as(what).isTrue();
                    assertThat(o.at("/spec/maxUnavailable").isMissingNode() != o.at("/spec/minAvailable").isMissingNode())
                        .as(what + " has exactly one of maxUnavailable / minAvailable").isTrue();
                }
                default -> throw new AssertionError(what);
            }
        }
    }

    private static void checkWorkload(String what, JsonNode o) {
        JsonNode selector = o.at("/spec/selector/matchLabels");
        JsonNode labels = o.at("/spec/template/metadata/labels");
        assertThat(selector.isObject()).as(what + " has a selector").isTrue();
        selector.fields().forEachRemaining(e -> assertThat(labels.path(e.getKey()).asText())
            .as(what + " template has the selector's label " + e.getKey()).isEqualTo(e.getValue().asText()));
        JsonNode pod = o.at("/spec/template/spec");
        Set<String> volumes = new HashSet<>();
        pod.path("volumes").forEach(v -> volumes.add(v.get("name").asText()));
        o.at("/spec/volumeClaimTemplates").forEach(v -> volumes.add(v.at("/metadata/name").asText()));
        for (JsonNode c : pod.get("containers")) {
            assertThat(c.get("image").asText()).as(what).isNotBlank();
            c.path("volumeMounts").forEach(m -> assertThat(volumes).as(what + " mounts a declared volume")
                .contains(m.get("name").asText()));
            JsonNode resources = c.get("resources");
            assertThat(resources).as(what + " sets resources").isNotNull();
            resources.fields().forEachRemaining(group -> group.getValue().fields().forEachRemaining(q ->
                assertThat(q.getValue().asText()).as(what + " " + q.getKey()).matches(QUANTITY)));
            assertThat(bytes(resources.at("/requests/memory").asText()))
                .isLessThanOrEqualTo(bytes(resources.at("/limits/memory").asText()));
            List<String> args = strings(c.get("args"));
            CommandLine.ParseResult parsed = DriftMonitorCli.commandLine().parseArgs(args.toArray(String[]::new));
            assertThat(parsed.hasSubcommand()).as(what + " runs a drift-monitor command").isTrue();
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(what + " runs as non-root").isTrue();
        }
    }

    @Test
    void statefulSetKeepsStateAndAdvertisesThePodIp() {
        JsonNode sts = statefulSet();
        assertThat(sts.at("/spec/serviceName").asText()).isEqualTo("drift-monitor-headless");
        assertThat(sts.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode claim = sts.at("/spec/volumeClaimTemplates/0");
        assertThat(claim.at("/spec/accessModes/0").asText()).isEqualTo("ReadWriteOnce");
        assertThat(claim.at("/spec/resources/requests/storage").asText()).isNotBlank();

        JsonNode c = container();
        List<String> args = strings(c.get("args"));
        CommandLine.ParseResult run = DriftMonitorCli.commandLine().parseArgs(args.toArray(String[]::new)).subcommand();
        assertThat(run.commandSpec().name()).isEqualTo("run");
        int httpPort = run.matchedOptionValue("--http-port", 0);
        Map<String, Integer> containerPorts = new HashMap<>();
        c.get("ports").forEach(p -> containerPorts.put(p.get("name").asText(), p.get("containerPort").asInt()));
        assertThat(containerPorts).containsEntry("http", httpPort);

        // application.server = $(POD_IP):<http port>, POD_IP from the downward API
        assertThat(run.matchedOptionValue("--advertised-address", "")).isEqualTo("$(POD_IP):" + httpPort);
        JsonNode podIp = env(c, "POD_IP");
        assertThat(podIp.at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("status.podIP");

        // state on the claim, at the directory the run command uses
        String stateDir = run.matchedOptionValue("--state-dir", (Path) null).toString();
        assertThat(mountPath(c, claim.at("/metadata/name").asText())).isEqualTo(stateDir);

        // probes: readiness on /ready, liveness and startup on /health, all on the HTTP port
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
        assertThat(c.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health");
        assertThat(c.at("/startupProbe/failureThreshold").asInt() * c.at("/startupProbe/periodSeconds").asInt())
            .as("seconds a start (state restore) may take").isGreaterThanOrEqualTo(180);
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            JsonNode port = c.at("/" + probe + "/httpGet/port");
            assertThat(port.isInt() ? port.asInt() : containerPorts.get(port.asText())).as(probe).isEqualTo(httpPort);
        }
        assertThat(sts.at("/spec/template/metadata/annotations/prometheus.io~1port").asText()).isEqualTo(String.valueOf(httpPort));
        assertThat(sts.at("/spec/template/metadata/annotations/prometheus.io~1path").asText()).isEqualTo("/metrics");
    }

    @Test
    void configMapIsAValidMonitorConfigForTheStatefulSet() {
        JsonNode c = container();
        List<String> args = strings(c.get("args"));
        CommandLine.ParseResult run = DriftMonitorCli.commandLine().parseArgs(args.toArray(String[]::new)).subcommand();
        Path configFile = run.matchedOptionValue("--config", (Path) null);
        String volume = volumeMountedAt(c, configFile.getParent().toString());
        JsonNode source = volumeSource(volume);
        JsonNode configMap = object("ConfigMap", source.at("/configMap/name").asText());
        String yaml = configMap.at("/data/" + configFile.getFileName()).asText();
        MonitorConfig config = MonitorConfig.parse(yaml, "configmap.yaml");
        assertThat(config.http.port).isEqualTo(run.matchedOptionValue("--http-port", 0));
        assertThat(config.stateDir).isEqualTo(run.matchedOptionValue("--state-dir", (Path) null).toString());
        assertThat(config.kafka.bootstrapServers).isNotBlank();
        assertThat(config.kafka.numStandbyReplicas).isGreaterThanOrEqualTo(1);

        // the secrets directory the config providers read is the mounted Secret
        String secretVolume = volumeMountedAt(c, "/etc/drift-monitor/secrets");
        JsonNode secret = object("Secret", volumeSource(secretVolume).at("/secret/secretName").asText());
        assertThat(secret.at("/stringData").has("sasl.jaas.config")).isTrue();
        assertThat(secret.at("/stringData").has("http-token")).isTrue();
        assertThat(config.kafka.properties).containsEntry("config.providers.secrets.class",
            "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
    }

    @Test
    void servicesAndBudgetSelectTheMonitorPods() {
        JsonNode podLabels = statefulSet().at("/spec/template/metadata/labels");
        int httpPort = container().at("/ports/0/containerPort").asInt();
        for (String name : List.of("drift-monitor", "drift-monitor-headless")) {
            JsonNode service = object("Service", name);
            service.at("/spec/selector").fields().forEachRemaining(e ->
                assertThat(podLabels.path(e.getKey()).asText()).as(name + " selects the pods").isEqualTo(e.getValue().asText()));
            JsonNode port = service.at("/spec/ports/0");
            JsonNode target = port.get("targetPort");
            assertThat(target.isInt() ? target.asInt() : container().at("/ports/0/name").asText().equals(target.asText()) ? httpPort : -1)
                .as(name + " targets the HTTP port").isEqualTo(httpPort);
        }
        assertThat(object("Service", "drift-monitor-headless").at("/spec/clusterIP").asText()).isEqualTo("None");
        object("PodDisruptionBudget", "drift-monitor").at("/spec/selector/matchLabels").fields().forEachRemaining(e ->
            assertThat(podLabels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
    }

    @Test
    void heapAndRequestsLeaveRoomForRocksDb() {
        JsonNode c = container();
        assertThat(env(c, "JAVA_OPTS").get("value").asText()).contains("-XX:MaxRAMPercentage=50");
        assertThat(bytes(c.at("/resources/requests/memory").asText())).isGreaterThanOrEqualTo(1L << 30);
        assertThat(c.at("/resources/requests/cpu").asText()).isNotBlank();
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.get("env")) {
            if (e.get("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no env " + name);
    }

    private static String mountPath(JsonNode container, String volume) {
        for (JsonNode m : container.get("volumeMounts")) {
            if (m.get("name").asText().equals(volume)) {
                return m.get("mountPath").asText();
            }
        }
        throw new AssertionError("volume " + volume + " is not mounted");
    }

    private static String volumeMountedAt(JsonNode container, String path) {
        for (JsonNode m : container.get("volumeMounts")) {
            if (m.get("mountPath").asText().equals(path)) {
                return m.get("name").asText();
            }
        }
        throw new AssertionError("nothing is mounted at " + path);
    }

    private static JsonNode volumeSource(String volume) {
        for (JsonNode v : statefulSet().at("/spec/template/spec/volumes")) {
            if (v.get("name").asText().equals(volume)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + volume);
    }

    static long bytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi)?").matcher(quantity);
        assertThat(m.matches()).as(quantity).isTrue();
        long n = Long.parseLong(m.group(1));
        return m.group(2) == null ? n : switch (m.group(2)) {
            case "Ki" -> n << 10;
            case "Mi" -> n << 20;
            default -> n << 30;
        };
    }
}
