package io.driftmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every command that talks to Kafka hands the configuration's client properties (and -X) to its clients. */
class KafkaOptionsTest {
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
    void shouldMergeTheFileTheFlagsAndTheBootstrapServers() throws Exception {
        Path file = Files.writeString(dir.resolve("monitor.yaml"), """
            kafka:
              bootstrap_servers: from-file:9092
              properties: {security.protocol: SASL_SSL, client.id: from-file}
            """);
        SimulateCommand simulate = new SimulateCommand();
        KafkaOptions options = simulate.kafka;
        new CommandLine(simulate).parseArgs("--config", file.toString(), "-X", "client.id=from-flag", "--kafka-property", "sasl.mechanism=SCRAM-SHA-512");
        Properties p = options.clientProperties();
        assertThat(p).containsEntry("bootstrap.servers", "from-file:9092").containsEntry("security.protocol", "SASL_SSL")
            .containsEntry("client.id", "from-flag").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    @Test
    void everyKafkaCommandShouldUseTheClientPropertiesOfTheConfiguration() throws Exception {
        // A property the client rejects at once proves that it reached the client: no broker is needed.
        Path file = Files.writeString(dir.resolve("monitor.yaml"), """
            kafka:
              bootstrap_servers: localhost:1
              properties: {security.protocol: NOT_A_PROTOCOL}
            """);
        Path baseline = Files.writeString(dir.resolve("baseline.json"), "{\"model_id\": \"m\", \"version\": 0, \"created_at\": 0, "
            + "\"source\": \"test\", \"signals\": []}");
        String[][] commands = {
            {"baseline", "publish", "--file", baseline.toString(), "--config", file.toString()},
            {"baseline", "show", "--model", "m", "--config", file.toString()},
            {"simulate", "--config", file.toString(), "--duration", "1s"},
            {"roi", "--model", "m", "--config", file.toString()},
            {"reset", "--config", file.toString(), "--dry-run"},
            {"run", "--config", file.toString(), "--http-port", "0", "--state-dir", dir.resolve("state").toString()},
        };
        for (String[] command : commands) {
            Run r = run(command);
            assertThat(r.exit()).as(String.join(" ", command) + ": " + r.err()).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", command)).contains("NOT_A_PROTOCOL");
        }
        Run flag = run("baseline", "show", "--model", "m", "--bootstrap-servers", "localhost:1", "-X", "security.protocol=ALSO_BAD");
        assertThat(flag.exit()).isEqualTo(1);
        assertThat(flag.err()).contains("ALSO_BAD");
    }

    @Test
    void shouldAskForTheBootstrapServersWhenNeitherFlagNorFileGivesThem() {
        Run r = run("baseline", "show", "--model", "m");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Missing --bootstrap-servers (or kafka.bootstrap_servers in --config, or DRIFT_MONITOR_KAFKA_BOOTSTRAP_SERVERS)");
    }
}
