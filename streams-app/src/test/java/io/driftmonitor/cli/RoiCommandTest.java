package io.driftmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class RoiCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int roi(String... args) {
        CommandLine cli = DriftMonitorCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "roi";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    @Test
    void shouldReproduceDailyAgainstTriggeredRetrainingAsJson() throws Exception {
        int code = roi("--retrain-cost", "200", "--current-per-week", "7", "--current-accuracy", "0.85",
            "--proposed-per-week", "2", "--proposed-accuracy", "0.85", "--format", "json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.fieldNames()).toIterable()
            .containsExactly("current", "proposed", "weekly_savings", "savings_ratio", "net_benefit");
        assertThat(json.get("current").fieldNames()).toIterable()
            .containsExactly("retrains_per_week", "weekly_cost", "accuracy", "weekly_value");
        assertThat(json.get("current").get("weekly_cost").asDouble()).isEqualTo(1400.0);
        assertThat(json.get("current").get("retrains_per_week").asDouble()).isEqualTo(7.0);
        assertThat(json.get("proposed").get("weekly_cost").asDouble()).isEqualTo(400.0);
        assertThat(json.get("proposed").get("accuracy").asDouble()).isEqualTo(0.85);
        assertThat(json.get("proposed").get("weekly_value").isNull()).isTrue();
        assertThat(json.get("weekly_savings").asDouble()).isEqualTo(1000.0);
        assertThat(json.get("savings_ratio").asDouble()).isEqualTo(0.7143);
        assertThat(json.get("net_benefit").asDouble()).isEqualTo(1000.0);
    }

    @Test
    void shouldPriceTheAccuracyGainOfTwiceWeeklyRetraining() throws Exception {
        int code = roi("--retrain-cost", "200", "--current-per-week", "1", "--current-accuracy", "0.65",
            "--proposed-per-week", "2", "--proposed-accuracy", "0.85", "--value-per-accuracy-point", "50", "--format", "json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("current").get("weekly_cost").asDouble()).isEqualTo(200.0);
        assertThat(json.get("proposed").get("weekly_cost").asDouble()).isEqualTo(400.0);
        assertThat(json.get("current").get("weekly_value").asDouble()).isEqualTo(3250.0);
        assertThat(json.get("proposed").get("weekly_value").asDouble()).isEqualTo(4250.0);
        assertThat(json.get("weekly_savings").asDouble()).isEqualTo(-200.0);
        assertThat(json.get("net_benefit").asDouble()).isEqualTo(800.0);
    }

    @Test
    void shouldPrintAReadableTableByDefault() {
        int code = roi("--retrain-cost", "200", "--current-per-week", "7", "--current-accuracy", "0.85",
            "--proposed-per-week", "2", "--proposed-accuracy", "0.85");

        assertThat(code).isZero();
        assertThat(out.toString())
            .contains("weekly cost", "$1,400.00", "$400.00", "85.00%")
            .contains("weekly savings       $1,000.00 (71.43% of the current cost)");
    }

    @Test
    void shouldNameMissingAndBadInputs() {
        assertThat(roi("--retrain-cost", "200", "--current-per-week", "7")).isEqualTo(2);
        assertThat(err.toString()).contains("missing --current-accuracy, --proposed-per-week, --proposed-accuracy");

        err.getBuffer().setLength(0);
        assertThat(roi("--retrain-cost", "200", "--current-per-week", "7", "--current-accuracy", "85",
            "--proposed-per-week", "2", "--proposed-accuracy", "0.85")).isEqualTo(2);
        assertThat(err.toString()).contains("--current-accuracy: must be a fraction between 0 and 1");

        err.getBuffer().setLength(0);
        assertThat(roi("--retrain-cost", "lots")).isEqualTo(2);
        assertThat(err.toString()).contains("--retrain-cost");

        err.getBuffer().setLength(0);
        assertThat(roi("--retrain-cost", "200", "--current-per-week", "7", "--current-accuracy", "0.85",
            "--proposed-per-week", "2", "--proposed-accuracy", "0.85", "--format", "xml")).isEqualTo(2);
        assertThat(err.toString()).contains("--format: must be json or table");

        err.getBuffer().setLength(0);
        assertThat(roi("--model", "fraud")).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap-servers");
    }
}
