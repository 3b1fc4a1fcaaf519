package io.driftmonitor.deploy;

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
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The Dockerfile, the compose stack, Prometheus and Grafana provisioning agree with each other and the app. */
class ComposeAndImageTest {
    private static final String BUILD_COMMAND = "./mvnw -q -B -DskipTests -pl streams-app -am package";

    @Test
    void everyYamlFileParses() {
        List<Path> files = new ArrayList<>(Repo.files("deploy", ".yml", ".yaml"));
        // Helm templates are Go templates, checked rendered by HelmChartTest
        files.removeIf(p -> Repo.root().relativize(p).toString().matches("deploy/helm/[^/]+/templates/.*"));
        files.addAll(Repo.files("examples", ".yml", ".yaml"));
        assertThat(files).extracting(p -> Repo.root().relativize(p).toString())
            .contains("deploy/docker-compose.yml", "deploy/k8s/statefulset.yaml", "deploy/prometheus/prometheus.yml");
        for (Path file : files) {
            assertThat(Repo.yamlDocuments(file)).as(file.toString()).isNotEmpty()
                .allSatisfy(doc -> assertThat(doc.isObject()).as(file + " is a mapping").isTrue());
        }
    }

    @Test
    void theDockerfileBuildsWithTheReadmesCommandAndRunsTheJarAsANonRootUser() {
        String dockerfile = Repo.read("deploy/Dockerfile");
        String readme = Repo.read("README.md");
        Matcher readmeBuild = Pattern.compile("(?m)^(\\./mvnw [^#\\n]*?)\\s*# Build the application jar").matcher(readme);
        assertThat(readmeBuild.find()).as("README has a line '<command>  # Build the application jar'").isTrue();
        assertThat(readmeBuild.group(1).trim()).isEqualTo(BUILD_COMMAND);
        Matcher run = Pattern.compile("(?m)^\\s+(\\./mvnw .*)$").matcher(dockerfile);
        assertThat(run.find()).isTrue();
        assertThat(run.group(1).trim()).isEqualTo(readmeBuild.group(1).trim());
        // The launcher builds the same modules the same way, without -q: it shows Maven's progress.
        assertThat(BUILD_COMMAND).isEqualTo("./mvnw -q -B -DskipTests -pl streams-app -am package");
        assertThat(Repo.read("bin/drift-monitor")).contains("./mvnw -B -DskipTests \"$@\"",
            "build \"drift-monitor\" -pl streams-app -am package");

        assertThat(dockerfile).contains("FROM eclipse-temurin:17-jdk AS build", "FROM eclipse-temurin:17-jre")
            .contains("COPY --from=build /src/streams-app/target/drift-monitor.jar /app/drift-monitor.jar")
            .contains("COPY --from=build /src/streams-app/target/lib/ /app/lib/")
            .contains("USER drift")
            .contains("VOLUME [\"/var/lib/drift-monitor\"]")
            .contains("HEALTHCHECK")
            .contains("GET /health")
            .contains("ENTRYPOINT [\"sh\", \"-c\", \"exec java $JAVA_OPTS -jar /app/drift-monitor.jar \\\"$@\\\"\", \"drift-monitor\"]");
        // the jar the image copies is the one streams-app builds, with its lib/ class path
        String appPom = Repo.read("streams-app/pom.xml");
        assertThat(appPom).contains("<finalName>drift-monitor</finalName>", "<classpathPrefix>lib/</classpathPrefix>",
            "<outputDirectory>${project.build.directory}/lib</outputDirectory>");
        assertThat(Repo.read("deploy/Dockerfile.dockerignore")).contains("**/target/", ".git/");
    }

    @Test
    void composeStackIsComplete() {
        JsonNode compose = Repo.yaml("deploy/docker-compose.yml");
        JsonNode services = compose.get("services");
        assertThat(fieldNames(services)).containsExactlyInAnyOrder(
            "kafka", "schema-registry", "monitor-1", "monitor-2", "traffic", "prometheus", "grafana");
        assertThat(Repo.read("deploy/docker-compose.yml")).as("no YAML merge keys: every service is spelled out")
            .doesNotContain("<<:");
        assertThat(services.at("/kafka/image").asText()).startsWith("apache/kafka:");
        assertThat(services.at("/kafka/environment/KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");

        Set<String> hostPorts = new HashSet<>();
        for (Map.Entry<String, JsonNode> service : entries(services)) {
            String name = service.getKey();
            JsonNode s = service.getValue();
            if (s.has("build")) {
                Path context = Repo.path("deploy").resolve(s.at("/build/context").asText()).normalize();
                assertThat(context).isEqualTo(Repo.root());
                assertThat(context.resolve(s.at("/build/dockerfile").asText())).as(name).isRegularFile();
            }
            for (JsonNode volume : iterable(s.get("volumes"))) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(Repo.path("deploy").resolve(source).normalize()).as(name + " mounts " + source).exists();
                } else {
                    assertThat(compose.at("/volumes").has(source)).as(name + " uses named volume " + source).isTrue();
                }
            }
            for (JsonNode port : iterable(s.get("ports"))) {
                assertThat(hostPorts.add(port.asText().split(":")[0])).as("host port of " + port + " is unique").isTrue();
            }
            for (String dependency : dependsOn(s)) {
                assertThat(services.has(dependency)).as(name + " depends on " + dependency).isTrue();
            }
        }
    }

    @Test
    void monitorsShareTheApplicationIdAndAdvertiseTheirOwnAddress() {
        JsonNode services = Repo.yaml("deploy/docker-compose.yml").get("services");
        MonitorConfig config = MonitorConfig.load(Repo.path("deploy/compose/monitor.yaml"));
        assertThat(config.kafka.applicationId).isEqualTo("drift-monitor");
        Set<String> advertised = new HashSet<>();
        List<String> scrapeTargets = new ArrayList<>();
        for (String name : List.of("monitor-1", "monitor-2")) {
            JsonNode s = services.get(name);
            List<String> command = strings(s.get("command"));
            CommandLine.ParseResult parsed = DriftMonitorCli.commandLine().parseArgs(command.toArray(String[]::new));
            CommandLine.ParseResult run = parsed.subcommand();
            assertThat(run.commandSpec().name()).isEqualTo("run");
            assertThat(run.matchedOptionValue("--application-id", (String) null)).isNull();
            assertThat(run.matchedOptionValue("--bootstrap-servers", "")).isEqualTo("kafka:9092");
            String httpPort = run.matchedOptionValue("--http-port", (Integer) null).toString();
            String address = run.matchedOptionValue("--advertised-address", "");
            assertThat(address).isEqualTo(s.get("hostname").asText() + ":" + httpPort);
            advertised.add(address);
            assertThat(strings(s.get("ports"))).singleElement().asString().endsWith(":" + httpPort);
            assertThat(s.at("/environment/HEALTH_PORT").asText()).isEqualTo(httpPort);
            assertThat(Repo.path("deploy").resolve(containerConfigSource(s, run.matchedOptionValue("--config", (Path) null))).normalize())
                .isEqualTo(Repo.path("deploy/compose/monitor.yaml"));
            scrapeTargets.add(address);
        }
        assertThat(advertised).hasSize(2);

        JsonNode prometheus = Repo.yaml("deploy/prometheus/prometheus.yml");
        JsonNode job = prometheus.at("/scrape_configs/0");
        assertThat(job.get("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(strings(job.at("/static_configs/0/targets"))).containsExactlyInAnyOrderElementsOf(scrapeTargets);

        List<String> traffic = strings(services.at("/traffic/command"));
        CommandLine.ParseResult simulate = DriftMonitorCli.commandLine().parseArgs(traffic.toArray(String[]::new)).subcommand();
        assertThat(simulate.commandSpec().name()).isEqualTo("simulate");
        assertThat(simulate.matchedOptionValue("--bootstrap-servers", "")).isEqualTo("kafka:9092");
        assertThat(services.at("/traffic/healthcheck/disable").asBoolean()).isTrue();
    }

    @Test
    void grafanaIsProvisionedWithPrometheusAndTheDashboard() {
        JsonNode services = Repo.yaml("deploy/docker-compose.yml").get("services");
        Map<String, String> mounts = new HashMap<>();
        for (String volume : strings(services.at("/grafana/volumes"))) {
            String[] parts = volume.split(":");
            mounts.put(parts[1], parts[0]);
        }
        Path provisioning = Repo.path("deploy").resolve(mounts.get("/etc/grafana/provisioning")).normalize();
        JsonNode datasource = Repo.yamlDocuments(provisioning.resolve("datasources/prometheus.yml")).get(0).at("/datasources/0");
        String prometheusPort = strings(services.at("/prometheus/ports")).get(0).split(":")[1];
        assertThat(datasource.get("url").asText()).isEqualTo("http://prometheus:" + prometheusPort);
        JsonNode provider = Repo.yamlDocuments(provisioning.resolve("dashboards/drift-monitor.yml")).get(0).at("/providers/0");
        String dashboardsDir = provider.at("/options/path").asText();
        Path dashboards = Repo.path("deploy").resolve(mounts.get(dashboardsDir)).normalize();
        assertThat(dashboards.resolve("drift-monitor.json")).isRegularFile();
        assertThat(services.at("/grafana/environment/GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText())
            .isEqualTo(dashboardsDir + "/drift-monitor.json");

        JsonNode dashboard = Repo.json("deploy/grafana/dashboards/drift-monitor.json");
        // The provisioned Prometheus is the default data source, which the dashboard's datasource variable picks.
        assertThat(datasource.get("isDefault").asBoolean()).isTrue();
        for (JsonNode panel : dashboard.get("panels")) {
            if (!panel.get("type").asText().equals("row")) {
                assertThat(panel.at("/datasource/uid").asText()).as(panel.get("title").asText()).isEqualTo("${datasource}");
            }
        }
    }

    private static Path containerConfigSource(JsonNode service, Path containerPath) {
        for (String volume : strings(service.get("volumes"))) {
            String[] parts = volume.split(":");
            if (parts[1].equals(containerPath.toString())) {
                return Path.of(parts[0]);
            }
        }
        throw new AssertionError("no volume mounts " + containerPath);
    }

    static List<String> dependsOn(JsonNode service) {
        JsonNode d = service.get("depends_on");
        if (d == null) {
            return List.of();
        }
        return d.isArray() ? strings(d) : fieldNames(d);
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        iterable(array).forEach(n -> out.add(n.asText()));
        return out;
    }

    static Iterable<JsonNode> iterable(JsonNode node) {
        return node == null ? List.of() : node;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static List<Map.Entry<String, JsonNode>> entries(JsonNode node) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        node.fields().forEachRemaining(out::add);
        return out;
    }
}
