package io.driftmonitor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.app.MonitorApp;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.topology.ModelPartitioner;
import io.driftmonitor.topology.RetrainRequest;
import io.driftmonitor.topology.TopologyNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manual retrain requests from the clients users have, with their default settings, on a
 * three-partition topic, for three models whose window partials lie on three different partitions:
 * Python's confluent_kafka keyed by model and unkeyed, and kcat keyed by model (librdkafka's CRC32,
 * which puts each of these models elsewhere than its partials), and Java's producer to an explicit
 * wrong partition. Every request gives exactly one retrain event. The monitor runs with its default
 * configuration (only ports, names and the partition count are set). The Python and kcat parts are
 * skipped when those clients are missing, unless {@code CI=true}. The requests by model and the
 * partials must agree in partition count, or the monitor does not start.
 */
class RetrainRequestsFromAnyClientTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final int PARTITIONS = 3;
    private static final long MINUTE = 60_000;

    @TempDir
    Path tmp;

    private MonitorConfig config(KafkaCluster kafka) {
        String suffix = UUID.randomUUID().toString();
        return MonitorConfig.builder()
            .kafka(k -> k.bootstrapServers(kafka.bootstrapServers()).applicationId("retrain-requests-it-" + UUID.randomUUID()))
            .http(h -> h.port(0))
            .stateDir(tmp.resolve("state-" + UUID.randomUUID()).toString())
            .topics(t -> t.predictions("predictions-" + suffix).labels("labels-" + suffix).baselines("baselines-" + suffix)
                .driftEvents("drift-events-" + suffix).windowReports("window-reports-" + suffix)
                .retrainEvents("retrain-events-" + suffix).promotionEvents("promotion-events-" + suffix)
                .dlq("dlq-" + suffix).retrainRequests("retrain-requests-" + suffix).partitions(PARTITIONS))
            .build()
            .validate("test");
    }

    /** The partition librdkafka's default partitioner gives a key (CRC32, as zlib computes it). */
    private static int librdkafkaPartition(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PARTITIONS);
    }

    /** One model per partition of the partials, each of which librdkafka would put on another partition. */
    private static List<String> modelsOnEveryPartition() {
        List<String> models = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            for (int i = 0; ; i++) {
                String model = "model-" + i;
                if (ModelPartitioner.partitionOf(model, PARTITIONS) == partition && librdkafkaPartition(model) != partition) {
                    models.add(model);
                    break;
                }
            }
        }
        return models;
    }

    @Test
    void shouldEmitOneRetrainEventPerRequestWhateverClientAndPartitionerProducedIt() throws Exception {
        boolean tools = ExternalClients.works(PYTHON.toString(), "-c", "import confluent_kafka") && ExternalClients.works("kcat", "-V");
        if ("true".equals(System.getenv("CI"))) {
            assertThat(tools).as("CI needs /usr/bin/python3 with confluent_kafka, and kcat").isTrue();
        }
        List<String> models = modelsOnEveryPartition();
        String prefix = UUID.randomUUID().toString();
        Set<String> expected = new HashSet<>();

        try (KafkaCluster kafka = KafkaCluster.start()) {
            MonitorConfig config = config(kafka);
            long t0 = (System.currentTimeMillis() / MINUTE - 20) * MINUTE;
            try (MonitorApp app = new MonitorApp(config).start();
                 OrderedTraffic traffic = new OrderedTraffic(kafka.bootstrapServers(), config.topics.predictions, MINUTE);
                 OutputTopics reports = new OutputTopics(kafka.bootstrapServers(), config.topics.windowReports);
                 OutputTopics retrains = new OutputTopics(kafka.bootstrapServers(), config.topics.retrainEvents);
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                     new ByteArraySerializer())) {
                // A closed window per model (the default window of 1 min and grace of 10 s, in event time).
                for (String model : models) {
                    traffic.send(model, t0, 150, 0);
                }
                for (String model : models) {
                    traffic.send(model, t0 + 2 * MINUTE, 10, 0);
                }
                reports.awaitUntil(Duration.ofSeconds(120), events -> events.stream()
                    .map(e -> e.get("model_id").asText()).collect(Collectors.toSet()).containsAll(models));

                if (tools) {
                    // 1. Python confluent_kafka, default partitioner: keyed by model, and no key.
                    Path script = tmp.resolve("produce_retrain_requests.py");
                    try (var in = getClass().getResourceAsStream("/clients/produce_retrain_requests.py")) {
                        Files.write(script, in.readAllBytes());
                    }
                    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString(),
                        kafka.bootstrapServers(), config.topics.retrainRequests, prefix));
                    command.addAll(models);
                    String produced = ExternalClients.run(new ProcessBuilder(command), null);
                    assertThat(produced.trim()).isEqualTo(Integer.toString(2 * models.size()));
                    for (String model : models) {
                        expected.add(RetrainRequest.eventId(model, prefix + "-" + model + "-keyed"));
                        expected.add(RetrainRequest.eventId(model, prefix + "-" + model + "-unkeyed"));
                    }

                    // 2. kcat, default partitioner, keyed by model.
                    StringBuilder lines = new StringBuilder();
                    for (String model : models) {
                        String id = prefix + "-" + model + "-kcat";
                        lines.append(model).append('|').append(requestJson(model, id)).append('\n');
                        expected.add(RetrainRequest.eventId(model, id));
                    }
                    ExternalClients.run(new ProcessBuilder("kcat", "-P", "-b", kafka.bootstrapServers(), "-t", config.topics.retrainRequests,
                        "-K", "|"), lines.toString());
                }

                // 3. Java, keyed by model, to an explicit partition other than the model's partials'.
                for (String model : models) {
                    String id = prefix + "-" + model + "-java";
                    int wrong = (ModelPartitioner.partitionOf(model, PARTITIONS) + 1) % PARTITIONS;
                    producer.send(new ProducerRecord<>(config.topics.retrainRequests, wrong, model,
                        requestJson(model, id).getBytes(StandardCharsets.UTF_8)));
                    expected.add(RetrainRequest.eventId(model, id));
                }
                producer.flush();

                List<JsonNode> events = retrains.awaitUntil(Duration.ofSeconds(120),
                    all -> manualEventIds(all).containsAll(expected));
                retrains.drain(Duration.ofSeconds(2));
                assertThat(events.stream().filter(e -> e.get("trigger").asText().equals("manual")).toList())
                    .as("one retrain event per request").hasSize(expected.size());
                assertThat(new HashSet<>(manualEventIds(events))).isEqualTo(expected);
                assertThat(events).filteredOn(e -> e.get("trigger").asText().equals("manual"))
                    .allSatisfy(e -> assertThat(models).contains(e.get("model_id").asText()));
            }
        }
    }

    @Test
    void shouldRefuseToStartWhenTheRequestsByModelDifferFromThePartialsInPartitions() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start()) {
            MonitorConfig config = config(kafka);
            String partials = TopologyNames.partialsTopic(config.kafka.applicationId);
            String requests = TopologyNames.retrainRequestsByModelTopic(config.kafka.applicationId);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(partials, Optional.of(PARTITIONS), Optional.empty()),
                    new NewTopic(requests, Optional.of(PARTITIONS - 1), Optional.empty()))).all().get(60, TimeUnit.SECONDS);
            }
            assertThatThrownBy(() -> new MonitorApp(config).start())
                .hasMessageContaining(partials).hasMessageContaining(requests)
                .hasMessageContaining("same number of partitions");
        }
    }

    private static List<String> manualEventIds(List<JsonNode> events) {
        return events.stream().filter(e -> e.get("trigger").asText().equals("manual"))
            .map(e -> e.get("event_id").asText()).toList();
    }

    private static String requestJson(String model, String requestId) {
        return new String(new RetrainRequest(model, requestId, "new training data", "it", System.currentTimeMillis())
            .toJsonBytes(), StandardCharsets.UTF_8);
    }
}
