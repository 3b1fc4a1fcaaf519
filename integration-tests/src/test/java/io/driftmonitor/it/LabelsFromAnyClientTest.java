package io.driftmonitor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.app.MonitorApp;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.topology.TopologyNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labels from the clients users have, with their default settings, on a three-partition labels
 * topic: Python's confluent_kafka and kcat (librdkafka's CRC32 partitioner), Java's producer
 * (murmur2), random explicit partitions and no key at all. Every label is counted once: coverage
 * 100 %, none unmatched. The monitor runs with its default configuration (only ports, names and
 * the partition count are set). Python and kcat are skipped when missing, unless {@code CI=true}.
 */
class LabelsFromAnyClientTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String MODEL = "any-client-model";
    private static final int PER_CLIENT = 150;
    private static final int CLIENTS = 5;

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    private MonitorConfig config(KafkaCluster kafka) {
        String suffix = UUID.randomUUID().toString();
        return MonitorConfig.builder()
            .kafka(k -> k.bootstrapServers(kafka.bootstrapServers()).applicationId("labels-it-" + UUID.randomUUID()))
            .http(h -> h.port(0))
            .stateDir(tmp.resolve("state-" + UUID.randomUUID()).toString())
            .topics(t -> t.predictions("predictions-" + suffix).labels("labels-" + suffix).partitions(3))
            .build()
            .validate("test");
    }

    @Test
    void shouldCountEveryLabelWhateverClientAndPartitionerProducedIt() throws Exception {
        countEveryLabel(false);
    }

    /**
     * The monitor starts on a backlog of predictions and labels (a first start, or a restart after
     * an outage): level 1 hands full index batches to the label join before its first flush of
     * window partials, so labels reach level 2 before their model does. They count all the same.
     */
    @Test
    void shouldCountEveryLabelOfABacklogTheMonitorStartsOn() throws Exception {
        countEveryLabel(true);
    }

    private void countEveryLabel(boolean startOnBacklog) throws Exception {
        boolean tools = ExternalClients.works(PYTHON.toString(), "-c", "import confluent_kafka") && ExternalClients.works("kcat", "-V");
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(tools, "Debian python3-confluent-kafka and kcat are not installed");
        }
        assertThat(tools).as("CI needs /usr/bin/python3 with confluent_kafka, and kcat").isTrue();
        Path script = tmp.resolve("produce_labels.py");
        try (var in = getClass().getResourceAsStream("/clients/produce_labels.py")) {
            Files.write(script, in.readAllBytes());
        }

        try (KafkaCluster kafka = KafkaCluster.start()) {
            MonitorConfig config = config(kafka);
            int total = CLIENTS * PER_CLIENT;
            if (startOnBacklog) { // the users' topics exist before the monitor does
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                    admin.createTopics(List.of(new NewTopic(config.topics.predictions, Optional.of(3), Optional.empty()),
                        new NewTopic(config.topics.labels, Optional.of(3), Optional.empty()))).all().get(60, TimeUnit.SECONDS);
                }
            }
            MonitorApp app = startOnBacklog ? null : new MonitorApp(config).start();
            try {
                produceFromEveryClient(kafka, config, script);
                if (app == null) {
                    app = new MonitorApp(config).start();
                }
                MonitorApp monitor = app;
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .untilAsserted(() -> {
                        JsonNode performance = get(monitor, "/api/v1/models/" + MODEL + "/performance");
                        assertThat(performance.get("labels_counted").asLong()).as(performance.toString()).isEqualTo(total);
                        assertThat(performance.get("unmatched_labels").asLong()).as(performance.toString()).isZero();
                    });
            } finally {
                if (app != null) {
                    app.close();
                }
            }
        }
    }

    /** Predictions from Java, then their labels from each client in turn. */
    private void produceFromEveryClient(KafkaCluster kafka, MonitorConfig config, Path script) throws Exception {
        int total = CLIENTS * PER_CLIENT;
        long now = System.currentTimeMillis();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                 ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                 new ByteArraySerializer())) {
            Random random = new Random(5);
            for (int i = 0; i < total; i++) {
                PredictionEvent p = PredictionEvent.newBuilder().setPredictionId("p-" + i).setModelId(MODEL)
                    .setModelVersion("1").setTimestamp(now + i).setFeatures(Map.of("x", random.nextGaussian()))
                    .setScore(0.9).setPredictedLabel("fraud").build();
                producer.send(new ProducerRecord<>(config.topics.predictions, p.getPredictionId(), JsonRecordCodec.toJsonBytes(p)));
            }
            producer.flush();
            long labelTime = now + total + 1000;

            // 1. Python confluent_kafka, default partitioner (CRC32), keyed by prediction id.
            String produced = ExternalClients.run(new ProcessBuilder(PYTHON.toString(), script.toString(), kafka.bootstrapServers(),
                config.topics.labels, MODEL, "0", Integer.toString(PER_CLIENT), Long.toString(labelTime)), null);
            assertThat(produced.trim()).isEqualTo(Integer.toString(PER_CLIENT));

            // 2. kcat, default partitioner (CRC32), keyed by prediction id.
            StringBuilder lines = new StringBuilder();
            for (int i = PER_CLIENT; i < 2 * PER_CLIENT; i++) {
                lines.append("p-").append(i).append('|').append(labelJson(i, labelTime)).append('\n');
            }
            ExternalClients.run(new ProcessBuilder("kcat", "-P", "-b", kafka.bootstrapServers(), "-t", config.topics.labels, "-K", "|"),
                lines.toString());

            // 3. Java, murmur2; 4. Java, a random explicit partition; 5. Java, no key at all.
            for (int i = 2 * PER_CLIENT; i < total; i++) {
                byte[] value = labelJson(i, labelTime).getBytes(StandardCharsets.UTF_8);
                int client = i / PER_CLIENT;
                ProducerRecord<String, byte[]> record = switch (client) {
                    case 2 -> new ProducerRecord<>(config.topics.labels, "p-" + i, value);
                    case 3 -> new ProducerRecord<>(config.topics.labels, random.nextInt(3), "p-" + i, value);
                    default -> new ProducerRecord<>(config.topics.labels, null, value);
                };
                producer.send(record);
            }
            producer.flush();
        }
    }

    @Test
    void shouldRefuseToStartWhenTopicsReadSideBySideDifferInPartitions() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start()) {
            MonitorConfig config = config(kafka);
            String index = TopologyNames.predictionIndexTopic(config.kafka.applicationId);
            String labelsByPrediction = TopologyNames.labelsByPredictionTopic(config.kafka.applicationId);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(index, Optional.of(3), Optional.empty()),
                    new NewTopic(labelsByPrediction, Optional.of(2), Optional.empty()))).all().get(60, TimeUnit.SECONDS);
            }
            assertThatThrownBy(() -> new MonitorApp(config).start())
                .hasMessageContaining(index).hasMessageContaining(labelsByPrediction)
                .hasMessageContaining("same number of partitions");
        }
    }

    private static String labelJson(int i, long time) {
        LabelEvent label = LabelEvent.newBuilder().setPredictionId("p-" + i).setModelId(MODEL).setTimestamp(time)
            .setLabel("fraud").build();
        return new String(JsonRecordCodec.toJsonBytes(label), StandardCharsets.UTF_8);
    }

    private JsonNode get(MonitorApp app, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.httpPort() + path))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
        return JsonRecordCodec.mapper().readTree(response.body());
    }
}
