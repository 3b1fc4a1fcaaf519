package io.driftmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.broker.EmbeddedKafkaBroker;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BaselineCommandTest {
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

    private Path trainingCsv() throws Exception {
        StringBuilder csv = new StringBuilder("amount,merchant,score\n");
        Random random = new Random(2);
        for (int i = 0; i < 500; i++) {
            csv.append(100 + 20 * random.nextGaussian()).append(',').append(i % 3 == 0 ? "travel" : "fuel").append(',')
                .append(random.nextDouble()).append('\n');
        }
        Path file = dir.resolve("training.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void shouldBuildABaselineFromATrainingCsvWithQuantileEdgesAndExactCounts() throws Exception {
        Run r = run("baseline", "build", "--csv", trainingCsv().toString(), "--model", "fraud", "--bins", "5");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode b = JsonRecordCodec.mapper().readTree(r.out());
        assertThat(b.get("model_id").asText()).isEqualTo("fraud");
        JsonNode amount = null;
        for (JsonNode s : b.get("signals")) {
            if (s.get("name").asText().equals("feature:amount")) {
                amount = s;
            }
        }
        assertThat(amount).isNotNull();
        assertThat(amount.get("edges")).hasSize(4);
        long total = 0;
        for (JsonNode c : amount.get("counts")) {
            total += c.asLong();
        }
        assertThat(total).isEqualTo(500);
    }

    @Test
    void shouldPublishVersionsOneAfterAnotherAndShowTheNewest() throws Exception {
        Path file = dir.resolve("baseline.json");
        assertThat(run("baseline", "build", "--csv", trainingCsv().toString(), "--model", "fraud", "--out", file.toString())
            .exit()).isZero();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("baselines", 1, (short) 1))).all().get();
            }
            String bootstrap = broker.bootstrapServers();
            Run first = run("baseline", "publish", "--file", file.toString(), "--bootstrap-servers", bootstrap);
            Run second = run("baseline", "publish", "--file", file.toString(), "--bootstrap-servers", bootstrap);
            assertThat(first.out()).contains("version 1");
            assertThat(second.out()).contains("version 2");
            Run show = run("baseline", "show", "--model", "fraud", "--bootstrap-servers", bootstrap);
            assertThat(show.exit()).as(show.err()).isZero();
            assertThat(JsonRecordCodec.mapper().readTree(show.out()).get("version").asLong()).isEqualTo(2);
            assertThat(run("baseline", "show", "--model", "other", "--bootstrap-servers", bootstrap).exit()).isEqualTo(1);
        }
    }
}
