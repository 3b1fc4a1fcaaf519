package io.driftmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code evaluate} on a small run: the report's shape, abrupt drift found at once, quiet without drift, the same for a seed. */
class EvaluateCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int evaluate(String... args) {
        CommandLine cli = DriftMonitorCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "evaluate";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    private JsonNode small(Path file) throws Exception {
        int code = evaluate("--windows", "8", "--rate", "500", "--scenarios", "abrupt,none", "--seed", "17",
            "--format", "json", "--output", file.toString());
        assertThat(code).as(err.toString()).isZero();
        return MAPPER.readTree(file.toFile());
    }

    private static JsonNode row(JsonNode rows, String key, String value, String detector) {
        for (JsonNode r : rows) {
            if (r.get(key).asText().equals(value) && r.get("detector").asText().equals(detector)) {
                return r;
            }
        }
        throw new AssertionError("no row " + value + " / " + detector + " in " + rows);
    }

    @Test
    void shouldReportEveryDetectorPerScenarioAndSignalFindAbruptDriftAtOnceAndStayQuietWithoutDrift() throws Exception {
        JsonNode report = small(dir.resolve("a.json"));

        assertThat(report.fieldNames()).toIterable().containsExactly("settings", "scenarios", "by_scenario", "by_signal", "seconds");
        assertThat(report.get("settings").get("seed").asLong()).isEqualTo(17);
        assertThat(report.get("scenarios")).hasSize(2);
        JsonNode abrupt = report.get("scenarios").get(0);
        assertThat(abrupt.get("name").asText()).isEqualTo("abrupt");
        assertThat(abrupt.get("intervals").toString()).isEqualTo("[[4,8]]");
        assertThat(abrupt.get("windows_closed").asInt()).as("every window closed").isEqualTo(8);
        assertThat(abrupt.get("predictions").asLong()).isEqualTo(8 * 500 + 1);
        assertThat(report.get("settings").get("reference_predictions").asInt()).as("capped: exact baseline edges").isEqualTo(4096);
        assertThat(abrupt.get("alarms")).isNotEmpty();
        assertThat(abrupt.get("alarms").get(0).fieldNames()).toIterable()
            .containsExactly("series", "metric", "threshold", "page_hinkley", "cusum");
        assertThat(report.get("by_scenario")).hasSize(2 * 4);
        assertThat(row(report.get("by_scenario"), "scenario", "abrupt", "threshold").fieldNames()).toIterable()
            .contains("windows", "alarms", "true_positives", "false_alarms", "intervals", "detected", "no_drift_windows",
                "precision", "recall", "false_alarms_per_1000_windows", "mean_delay_windows", "max_delay_windows", "delays");

        for (String detector : new String[] {"threshold", "page_hinkley", "cusum"}) {
            JsonNode r = row(report.get("by_scenario"), "scenario", "abrupt", detector);
            assertThat(r.get("recall").asDouble()).as(detector).isEqualTo(1.0);
            assertThat(r.get("mean_delay_windows").asDouble()).as(detector).isLessThanOrEqualTo(1.0);
            JsonNode amount = row(report.get("by_signal"), "signal", "feature:amount", detector);
            assertThat(amount.get("recall").asDouble()).as(detector).isEqualTo(1.0);
            assertThat(amount.get("delays").get(0).asInt()).as(detector).isLessThanOrEqualTo(1);
            JsonNode none = row(report.get("by_scenario"), "scenario", "none", detector);
            assertThat(none.get("intervals").asInt()).isZero();
            assertThat(none.get("false_alarms").asInt()).as(detector + ": windows with any alarm, of 8").isLessThanOrEqualTo(1);
        }
        JsonNode control = row(report.get("by_signal"), "signal", "feature:distance", "threshold");
        assertThat(control.get("intervals").asInt()).as("the control feature never drifts").isZero();
        assertThat(control.get("false_alarms").asInt()).isZero();
        assertThat(row(report.get("by_signal"), "signal", "(all series)", "threshold").get("windows").asInt())
            .isGreaterThan(2 * 8 * 6);
    }

    @Test
    void shouldGiveTheSameResultForTheSameSeed() throws Exception {
        // 10 windows' worth of reference predictions (5,000) would exceed the exact baseline sample
        JsonNode first = small(dir.resolve("1.json"));
        JsonNode second = small(dir.resolve("2.json"));
        assertThat(withoutTimes(second)).isEqualTo(withoutTimes(first));
    }

    private static JsonNode withoutTimes(JsonNode report) {
        ObjectNode copy = report.deepCopy();
        copy.remove("seconds");
        copy.get("scenarios").forEach(s -> ((ObjectNode) s).remove("seconds"));
        return copy;
    }

    @Test
    void shouldPrintBothTablesByDefault() {
        int code = evaluate("--windows", "8", "--rate", "100", "--scenarios", "none");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Detector evaluation: seed 17, 8 windows per scenario, 100 predictions per window",
            "By scenario (model level", "By signal (all scenarios", "page_hinkley", "cusum", "retrain_policy", "(all series)",
            "FA/1k wins");
    }

    @Test
    void shouldRefuseUnknownScenariosAndTooFewWindowsAsUsageErrors() {
        assertThat(evaluate("--scenarios", "sudden")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown scenario 'sudden'");
        assertThat(evaluate("--windows", "4")).isEqualTo(2);
        assertThat(evaluate("--rate", "1")).isEqualTo(2);
        assertThat(evaluate("--format", "csv")).isEqualTo(2);
    }

    @Test
    void shouldSayWhenTheOutputCannotBeWritten() {
        Path file = dir.resolve("missing-dir").resolve("out.json");
        assertThat(evaluate("--scenarios", "none", "--output", file.toString())).as("before any work").isEqualTo(1);
        assertThat(err.toString()).contains("cannot write " + file);
        assertThat(Files.exists(file)).isFalse();
    }
}
