package io.driftmonitor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The label join's index has no changelog of its own: it is restored from the prediction-index
 * topic. With the default configuration, predictions are indexed, the monitor stops and loses its
 * whole state directory, and a new instance must attribute every label to its prediction, count
 * again none of the labels counted before (they arrive a second time), and match none wrongly.
 */
class LabelIndexRestoreTest {
    private static final String MODEL = "restore-model";
    private static final int PREDICTIONS = 600;

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldAttributeEveryLabelAfterTheIndexIsRestoredFromItsTopic() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                 ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            String suffix = UUID.randomUUID().toString();
            Path stateDir = tmp.resolve("state");
            MonitorConfig config = MonitorConfig.builder()
                .kafka(k -> k.bootstrapServers(kafka.bootstrapServers()).applicationId("restore-it-" + suffix))
                .http(h -> h.port(0))
                .stateDir(stateDir.toString())
                .topics(t -> t.predictions("predictions-" + suffix).labels("labels-" + suffix).partitions(3))
                .build()
                .validate("test");
            String index = TopologyNames.predictionIndexTopic(config.kafka.applicationId);
            long now = System.currentTimeMillis();

            try (MonitorApp app = new MonitorApp(config).start()) {
                Random random = new Random(3);
                for (int i = 0; i < PREDICTIONS; i++) {
                    PredictionEvent p = PredictionEvent.newBuilder().setPredictionId("p-" + i).setModelId(MODEL)
                        .setModelVersion("1").setTimestamp(now + i).setFeatures(Map.of("x", random.nextGaussian()))
                        .setScore(0.9).setPredictedLabel("fraud").build();
                    producer.send(new ProducerRecord<>(config.topics.predictions, p.getPredictionId(), JsonRecordCodec.toJsonBytes(p)));
                }
                producer.flush();
                awaitIndexRead(admin, config.kafka.applicationId, index);
                sendLabels(producer, config, 0, PREDICTIONS / 2, now);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(performance(app).get("labels_counted").asLong()).isEqualTo(PREDICTIONS / 2));
            }
            deleteRecursively(stateDir);

            assertThat(retentionMs(admin, index)).as("the index topic keeps what the index store keeps")
                .isEqualTo(config.longestLabelHorizon().plusDays(1).toMillis());

            try (MonitorApp app = new MonitorApp(config).start()) {
                // Every label again: the first half a second time, the second half for the first time.
                sendLabels(producer, config, 0, PREDICTIONS, now);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .untilAsserted(() -> {
                        JsonNode performance = performance(app);
                        assertThat(performance.get("labels_counted").asLong()).isEqualTo(PREDICTIONS);
                        assertThat(performance.get("unmatched_labels").asLong()).isZero();
                    });
            }
        }
    }

    /** An index topic made by an earlier version kept one day: the monitor raises it at start. */
    @Test
    void shouldRaiseTheRetentionOfAnIndexTopicThatKeptOneDay() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            String suffix = UUID.randomUUID().toString();
            MonitorConfig config = MonitorConfig.builder()
                .kafka(k -> k.bootstrapServers(kafka.bootstrapServers()).applicationId("retention-it-" + suffix))
                .http(h -> h.port(0))
                .stateDir(tmp.resolve("state").toString())
                .topics(t -> t.predictions("predictions-" + suffix).labels("labels-" + suffix).partitions(3))
                .build()
                .validate("test");
            String index = TopologyNames.predictionIndexTopic(config.kafka.applicationId);
            admin.createTopics(List.of(new NewTopic(index, Optional.of(3), Optional.empty())
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis())))))
                .all().get(60, TimeUnit.SECONDS);
            try (MonitorApp app = new MonitorApp(config).start()) {
                assertThat(retentionMs(admin, index)).isEqualTo(config.longestLabelHorizon().plusDays(1).toMillis());
            }
        }
    }

    private static long retentionMs(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return Long.parseLong(admin.describeConfigs(List.of(resource)).all().get(60, TimeUnit.SECONDS).get(resource)
            .get(TopicConfig.RETENTION_MS_CONFIG).value());
    }

    /** Until the label join's committed offsets reach the end of every partition of the index topic. */
    private static void awaitIndexRead(Admin admin, String group, String index) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
            Set<TopicPartition> partitions = admin.describeTopics(List.of(index)).allTopicNames().get(60, TimeUnit.SECONDS)
                .get(index).partitions().stream().map(p -> new TopicPartition(index, p.partition())).collect(Collectors.toSet());
            Map<TopicPartition, Long> ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p,
                p -> OffsetSpec.latest()))).all().get(60, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
            assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isPositive();
            for (TopicPartition p : partitions) {
                assertThat(committed.get(p)).as(p.toString()).isNotNull();
                assertThat(committed.get(p).offset()).as(p.toString()).isEqualTo(ends.get(p));
            }
        });
    }

    private static void sendLabels(KafkaProducer<String, byte[]> producer, MonitorConfig config, int from, int to, long now) {
        for (int i = from; i < to; i++) {
            LabelEvent label = LabelEvent.newBuilder().setPredictionId("p-" + i).setModelId(MODEL).setTimestamp(now + PREDICTIONS + i)
                .setLabel(i % 3 == 0 ? "legit" : "fraud").build();
            producer.send(new ProducerRecord<>(config.topics.labels, "p-" + i, JsonRecordCodec.toJsonBytes(label)));
        }
        producer.flush();
    }

    private JsonNode performance(MonitorApp app) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + app.httpPort() + "/api/v1/models/" + MODEL + "/performance")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonRecordCodec.mapper().readTree(response.body());
    }

    private static void deleteRecursively(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
