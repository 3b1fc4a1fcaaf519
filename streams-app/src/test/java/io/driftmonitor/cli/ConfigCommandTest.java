package io.driftmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DriftMonitorCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void validateShouldAcceptAGoodFile() throws Exception {
        Path file = Files.writeString(dir.resolve("monitor.yaml"), """
            kafka: {bootstrap_servers: "kafka:9092"}
            models:
              fraud: {window: 5m}
              price: {bins: 20}
            """);
        Run r = run("config", "validate", "--config", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("monitor.yaml: valid (2 models with their own policy: fraud, price)");
        assertThat(r.out()).doesNotContain("note:");

        Path noServers = Files.writeString(dir.resolve("local.yaml"), "models:\n  fraud: {window: 5m}\n");
        Run local = run("config", "validate", "--config", noServers.toString());
        assertThat(local.exit()).isZero();
        assertThat(local.out()).contains("local.yaml: valid (1 model with its own policy: fraud)",
            "note: kafka.bootstrap_servers is not set");
    }

    @Test
    void validateShouldListEveryProblemWithoutAStackTrace() throws Exception {
        Path file = Files.writeString(dir.resolve("monitor.yaml"), """
            kafka:
              processing_guarantee: maybe
            defaults:
              windw: 5m
            models:
              fraud:
                retrain: {mode: fixed}
            """);
        Run r = run("config", "validate", "--config", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("monitor.yaml: 3 problems",
            "  monitor.yaml: defaults.windw: unknown key (did you mean window?)",
            "  monitor.yaml: kafka.processing_guarantee: must be exactly_once_v2 or at_least_once, got 'maybe'",
            "  monitor.yaml: models.fraud.retrain.schedule: mode fixed needs a schedule");
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void validateShouldFailOnAMissingFileAndAskForTheOption() {
        Run missing = run("config", "validate", "--config", dir.resolve("nope.yaml").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("cannot read").contains("nope.yaml").doesNotContain("\tat ");
        assertThat(run("config", "validate").exit()).isEqualTo(2);
    }

    @Test
    void showShouldPrintTheEffectiveConfigurationWithSecretsMasked() throws Exception {
        Path file = Files.writeString(dir.resolve("monitor.yaml"), """
            kafka:
              bootstrap_servers: kafka:9092
              properties:
                security.protocol: SASL_SSL
                sasl.jaas.config: 'org.apache.kafka.common.security.scram.ScramLoginModule required username="m" password="hunter2";'
            schema_registry:
              url: https://registry:8081
              basic_auth_user_info: monitor:registry-secret
              ssl_truststore_password: "${file:%s}"
            http:
              token: bearer-secret
            models:
              fraud: {window: 5m}
            """.formatted(Files.writeString(dir.resolve("pw"), "trust-secret\n")));
        Run r = run("config", "show", "--config", file.toString(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("hunter2", "registry-secret", "trust-secret", "bearer-secret");
        JsonNode shown = new ObjectMapper().readTree(r.out());
        assertThat(shown.at("/kafka/properties/sasl.jaas.config").asText()).isEqualTo("******");
        assertThat(shown.at("/kafka/properties/security.protocol").asText()).isEqualTo("SASL_SSL");
        assertThat(shown.at("/schema_registry/basic_auth_user_info").asText()).isEqualTo("monitor:******");
        assertThat(shown.at("/schema_registry/ssl_truststore_password").asText()).isEqualTo("${file:" + dir.resolve("pw") + "}");
        assertThat(shown.at("/http/token").asText()).isEqualTo("******");
        assertThat(shown.at("/http/port").asInt()).as("a default").isEqualTo(8080);
        assertThat(shown.at("/models/fraud/window").asText()).isEqualTo("5m");
        assertThat(shown.at("/models/fraud/psi_drift").asDouble()).as("inherited from the defaults").isEqualTo(0.25);
        assertThat(shown.at("/defaults/window").asText()).isEqualTo("1m");

        Run yaml = run("config", "show", "--config", file.toString());
        assertThat(yaml.exit()).isZero();
        assertThat(yaml.out()).contains("bootstrap_servers: kafka:9092", "window: 5m").doesNotContain("hunter2");
    }

    @Test
    void showWithoutAFileShouldPrintTheDefaults() {
        Run r = run("config", "show");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("application_id: drift-monitor", "psi_drift: 0.25", "processing_guarantee: exactly_once_v2");
    }
}
