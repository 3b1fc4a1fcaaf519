package io.driftmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The alert rules pass {@code promtool check rules} and their unit tests ({@code promtool test
 * rules}); they cover what an operator is paged for and query only metrics the monitor exports.
 * promtool comes from Debian's {@code prometheus} package (installed by .ci/run): on CI (CI=true)
 * a missing promtool fails the test, elsewhere it is skipped.
 */
class PrometheusRulesTest {
    private static final String RULES = "deploy/prometheus/alerts.yml";
    private static final String RULE_TESTS = "deploy/prometheus/alerts.test.yml";

    @Test
    void shouldPassPromtoolCheckAndTheRuleUnitTests() throws Exception {
        String promtool = promtool();
        Result check = run(promtool, "check", "rules", Repo.path(RULES).toString());
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS");
        Result test = run(promtool, "test", "rules", Repo.path(RULE_TESTS).toString());
        assertThat(test.exit()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS").doesNotContain("FAILED");
        // the compose stack's Prometheus configuration loads the same rules
        Result config = run(promtool, "check", "config", Repo.path("deploy/prometheus/prometheus.yml").toString());
        assertThat(config.exit()).as(config.output()).isZero();
        assertThat(config.output()).contains("alerts.yml");
    }

    @Test
    void shouldAlertOnWhatAnOperatorIsPagedForAndTestEveryAlert() {
        Set<String> alerts = new TreeSet<>();
        List<String> expressions = new ArrayList<>();
        for (JsonNode group : Repo.yaml(RULES).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                alerts.add(rule.get("alert").asText());
                expressions.add(rule.get("expr").asText());
                assertThat(rule.at("/labels/severity").asText()).isIn("warning", "critical");
                assertThat(rule.at("/annotations/summary").asText()).isNotBlank();
            }
        }
        assertThat(alerts).contains("DriftMonitorInstanceDown", "DriftMonitorModelStalled", "DriftMonitorDeadLettersGrowing",
            "DriftMonitorRetrainStorm", "DriftMonitorConsumerLag", "DriftMonitorLabelCoverageFalling");
        Set<String> tested = new TreeSet<>();
        for (JsonNode test : Repo.yaml(RULE_TESTS).get("tests")) {
            for (JsonNode t : test.get("alert_rule_test")) {
                if (!t.get("exp_alerts").isEmpty()) {
                    tested.add(t.get("alertname").asText());
                }
            }
        }
        assertThat(tested).as("every alert has a test where it fires").isEqualTo(alerts);

        Set<String> referenced = new TreeSet<>();
        for (String expr : expressions) {
            referenced.addAll(Promql.metricNames(expr));
        }
        referenced.remove("up");
        Set<String> unknown = new TreeSet<>(referenced);
        unknown.removeAll(DashboardTest.APPLICATION_METRICS);
        unknown.removeIf(n -> n.startsWith("kafka_consumer_fetch_manager_"));
        assertThat(unknown).as("alerts query only metrics the monitor exports").isEmpty();
    }

    private static String promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        assertThat(System.getenv("CI")).as("CI needs promtool (Debian package prometheus, see .ci/run)").isNotEqualTo("true");
        Assumptions.abort("promtool is not on the PATH (apt-get install prometheus)");
        return null;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Result(p.exitValue(), out);
    }
}
