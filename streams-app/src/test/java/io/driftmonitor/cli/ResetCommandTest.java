package io.driftmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.driftmonitor.broker.EmbeddedKafkaBroker;
import io.driftmonitor.config.MonitorConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ResetCommandTest {
    private static final String APP = "reset-app";
    private static final List<String> INTERNAL = List.of(APP + "-open-windows-store-changelog", APP + "-window-partials",
        APP + "-prediction-index", APP + "-retrain-requests-by-model", APP + "-some-repartition");
    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.startTemporary();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

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

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static Set<String> topics() throws Exception {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    private Path setUp() throws Exception {
        try (Admin admin = admin()) {
            List<String> all = new java.util.ArrayList<>(INTERNAL);
            all.addAll(List.of(APP + "-dlq", "reset-predictions"));
            all.removeAll(admin.listTopics().names().get(30, TimeUnit.SECONDS));
            admin.createTopics(all.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, APP),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition("reset-predictions", 0), new OffsetAndMetadata(0)));
        }
        Files.createDirectories(dir.resolve("state").resolve(APP).resolve("0_0"));
        Files.writeString(dir.resolve("state").resolve(APP).resolve("0_0").resolve(".checkpoint"), "0");
        // The DLQ's name starts with the application id, as the default drift-monitor-dlq does: it must be kept.
        return Files.writeString(dir.resolve("monitor.yaml"), """
            kafka: {bootstrap_servers: "%s", application_id: %s}
            topics: {predictions: reset-predictions, dlq: %s-dlq}
            state_dir: %s
            """.formatted(broker.bootstrapServers(), APP, APP, dir.resolve("state")));
    }

    @Test
    void shouldDeleteTheInternalTopicsTheGroupAndTheLocalStateOnlyWhenConfirmed() throws Exception {
        Path config = setUp();

        Run dry = run("reset", "--config", config.toString(), "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains(String.join(", ", INTERNAL.stream().sorted().toList()), "Dry run: nothing deleted.");
        Run unconfirmed = run("reset", "--config", config.toString());
        assertThat(unconfirmed.exit()).isEqualTo(2);
        assertThat(unconfirmed.err()).contains("add --yes");
        assertThat(topics()).containsAll(INTERNAL);

        Run reset = run("reset", "--config", config.toString(), "--yes");
        assertThat(reset.exit()).as(reset.err()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(topics()).doesNotContainAnyElementsOf(INTERNAL).contains(APP + "-dlq", "reset-predictions"));
        try (Admin admin = admin()) {
            assertThat(admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS))
                .noneMatch(g -> g.groupId().equals(APP));
        }
        assertThat(dir.resolve("state").resolve(APP)).doesNotExist();
        assertThat(dir.resolve("state")).exists();
    }

    @Test
    void shouldRefuseWhileAnInstanceRuns() throws Exception {
        Path config = setUp();
        try (KafkaConsumer<byte[], byte[]> running = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, APP),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            running.subscribe(List.of("reset-predictions"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                running.poll(Duration.ofMillis(100));
                return !running.assignment().isEmpty();
            });
            Run r = run("reset", "--config", config.toString(), "--yes");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("1 instance of reset-app still run");
        }
        assertThat(topics()).containsAll(INTERNAL);
    }

    @Test
    void shouldNeverSelectAConfiguredTopic() {
        MonitorConfig config = MonitorConfig.builder().topics(t -> t.dlq("drift-monitor-x-changelog")).build();
        assertThat(ResetCommand.internalTopics(List.of("drift-monitor-a-changelog", "drift-monitor-dlq",
            "drift-monitor-retrain-requests", "drift-monitor-window-partials", "drift-monitor-prediction-index",
            "drift-monitor-labels-by-prediction", "drift-monitor-retrain-requests-by-model",
            "drift-monitor-x-changelog", "other-b-changelog", "drift-monitor-KSTREAM-1-repartition"), "drift-monitor", config))
            .containsExactly("drift-monitor-KSTREAM-1-repartition", "drift-monitor-a-changelog",
                "drift-monitor-labels-by-prediction", "drift-monitor-prediction-index",
                "drift-monitor-retrain-requests-by-model", "drift-monitor-window-partials");
    }
}
