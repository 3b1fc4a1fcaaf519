package io.driftmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftmonitor.app.StreamsProperties;
import io.driftmonitor.broker.EmbeddedKafkaBroker;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.demo.TrafficGenerator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void isASubcommandWithDefaults() {
        CommandLine cli = DriftMonitorCli.commandLine();
        assertThat(cli.getSubcommands()).containsKey("simulate");

        SimulateCommand simulate = new SimulateCommand();
        new CommandLine(simulate).parseArgs("--bootstrap-servers", "kafka:9092");
        assertThat(simulate.kafka.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(simulate.rate).isEqualTo(100);
        assertThat(simulate.driftAfter).isEqualTo("2m");
        assertThat(simulate.duration).isEqualTo("0");
        assertThat(simulate.predictionsTopic).as("the configuration's").isNull();
        assertThat(simulate.kafka.config().topics.predictions).isEqualTo("predictions");
        assertThat(simulate.kafka.config().topics.labels).isEqualTo("labels");
        assertThat(simulate.partitions).isEqualTo(6);
    }

    @Test
    void requiresTheBootstrapServersAndRejectsABadRate() {
        StringWriter err = new StringWriter();
        CommandLine cli = DriftMonitorCli.commandLine().setErr(new PrintWriter(err));
        assertThat(cli.execute("simulate", "--rate", "10")).isNotZero();
        assertThat(err.toString()).contains("--bootstrap-servers");

        err.getBuffer().setLength(0);
        assertThat(cli.execute("simulate", "--bootstrap-servers", "localhost:1", "--rate", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("--rate must be between 1 and 100000");
    }

    @Test
    void runAdvertisesTheGivenAddressAsApplicationServer() {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs("--bootstrap-servers", "kafka:9092", "--http-port", "8080",
            "--advertised-address", "10.1.2.3:8080");
        MonitorConfig config = run.options.applyTo(run.kafka.config());
        assertThat(config.http.advertisedAddress).isEqualTo("10.1.2.3:8080");
        Properties props = StreamsProperties.of(config, "kafka:9092");
        assertThat(props.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("10.1.2.3:8080");
    }

    @Test
    void producesPredictionsAndLabelsThatDriftAfterTheGivenTime() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            int exit = DriftMonitorCli.commandLine().execute("simulate", "--bootstrap-servers", broker.bootstrapServers(),
                "--rate", "50", "--drift-after", "2s", "--duration", "5s", "--partitions", "2");
            assertThat(exit).isZero();

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                assertThat(admin.describeTopics(List.of("predictions")).allTopicNames().get().get("predictions").partitions())
                    .hasSize(2);
            }
            List<JsonNode> predictions = readAll(broker.bootstrapServers(), "predictions");
            List<JsonNode> labels = readAll(broker.bootstrapServers(), "labels");

            Map<String, Integer> perModel = new HashMap<>();
            predictions.forEach(p -> perModel.merge(p.get("model_id").asText(), 1, Integer::sum));
            // 5 s at 50/s and model, give or take a tick (the scheduler catches up after a stall)
            assertThat(perModel).containsOnlyKeys(TrafficGenerator.FRAUD_MODEL, TrafficGenerator.PRICE_MODEL);
            assertThat(perModel.values()).allSatisfy(n -> assertThat(n).isBetween(150, 300));
            assertThat(labels).hasSize(perModel.get(TrafficGenerator.FRAUD_MODEL));
            // After --drift-after (counted from when the command is ready, just before the first
            // prediction) a new merchant category appears. Judged against the first prediction's time,
            // with half the delay as slack for a slow start, not against the wall clock of the test.
            List<JsonNode> fraud = predictions.stream()
                .filter(p -> p.get("model_id").asText().equals(TrafficGenerator.FRAUD_MODEL)).toList();
            long first = fraud.stream().mapToLong(p -> p.get("timestamp").asLong()).min().orElseThrow();
            List<Long> crypto = fraud.stream().filter(p -> p.get("features").get("merchant_type").asText().equals("crypto"))
                .map(p -> p.get("timestamp").asLong()).toList();
            assertThat(crypto).as("the drift's new category").isNotEmpty()
                .allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(first + 1000));
            assertThat(fraud).anySatisfy(p -> assertThat(p.get("timestamp").asLong()).isLessThan(first + 1000));
        }
    }

    private static List<JsonNode> readAll(String bootstrap, String topic) throws Exception {
        Map<String, Object> props = Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, "simulate-test-" + topic,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                 new ByteArrayDeserializer())) {
            long expected = admin.listOffsets(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream()
                    .collect(java.util.stream.Collectors.toMap(
                        p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                        p -> org.apache.kafka.clients.admin.OffsetSpec.latest())))
                .all().get().values().stream().mapToLong(r -> r.offset()).sum();
            consumer.subscribe(List.of(topic));
            List<JsonNode> out = new java.util.ArrayList<>();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(JSON.readTree(new String(r.value(), StandardCharsets.UTF_8)));
                }
                return out.size() >= expected;
            });
            assertThat(out).hasSize((int) expected);
            return out;
        }
    }
}
