package io.driftmonitor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.app.MonitorApp;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor against a real broker: real producer in, real consumer out, HTTP queries. */
class MonitorEndToEndTest {
    private static final long W = 10_000;
    private static final String MODEL = "credit-scorer";

    @TempDir
    static Path stateDir;

    private static KafkaCluster kafka;
    private static MonitorApp app;
    private static MonitorConfig config;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        kafka = KafkaCluster.start();
        config = MonitorConfig.builder()
            .kafka(k -> k.bootstrapServers(kafka.bootstrapServers()).applicationId("drift-monitor-it-" + UUID.randomUUID()))
            .http(h -> h.port(0))
            .stateDir(stateDir.toString())
            .topics(t -> t.partitions(3))
            // The last, partial window must stay open for the whole test: closing it by wall-clock idle
            // time would make the window counts below depend on how fast the machine is.
            .aggregation(a -> a.flushInterval(Duration.ofMillis(200)).idleClose(Duration.ofMinutes(10)))
            .defaults(d -> d.window(Duration.ofMillis(W)).grace(Duration.ZERO))
            .build()
            .validate("test");
        app = new MonitorApp(config).start();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldTurnDriftingPredictionsIntoDriftAndRetrainEventsAndAnswerOverHttp() throws Exception {
        long t0 = (System.currentTimeMillis() / W - 20) * W;
        Random random = new Random(1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            int id = 0;
            for (int w = 0; w < 4; w++) {
                double shift = w == 0 ? 0 : 2;
                int n = w == 3 ? 20 : 500;
                for (int i = 0; i < n; i++) {
                    Map<String, Object> features = new HashMap<>();
                    features.put("income", 50_000 + 10_000 * (random.nextGaussian() + shift));
                    features.put("region", random.nextBoolean() ? "north" : "south");
                    PredictionEvent event = PredictionEvent.newBuilder()
                        .setPredictionId("pred-" + id).setModelId(MODEL).setModelVersion("1")
                        .setTimestamp(t0 + w * W + (long) i * (W / n))
                        .setFeatures(features).setScore(random.nextDouble())
                        .setTags(Map.of("segment", i % 2 == 0 ? "a" : "b"))
                        .build();
                    producer.send(new ProducerRecord<>(config.topics.predictions, "pred-" + id++, JsonRecordCodec.toJsonBytes(event)));
                }
                producer.flush();
            }
            // Ground truth for the first 200 predictions of window 1, arriving after the fact.
            for (int i = 500; i < 700; i++) {
                io.driftmonitor.schema.LabelEvent label = io.driftmonitor.schema.LabelEvent.newBuilder()
                    .setPredictionId("pred-" + i).setModelId(MODEL).setTimestamp(t0 + 5 * W).setValue(1.0).build();
                producer.send(new ProducerRecord<>(config.topics.labels, "pred-" + i, JsonRecordCodec.toJsonBytes(label)));
            }
            producer.flush();
        }

        List<JsonNode> retrains = new ArrayList<>();
        List<JsonNode> drifts = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(config.topics.retrainEvents, config.topics.driftEvents));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode node = JsonRecordCodec.mapper().readTree(r.value());
                    (r.topic().equals(config.topics.retrainEvents) ? retrains : drifts).add(node);
                }
                return !retrains.isEmpty();
            });
        }
        assertThat(retrains).as(retrains.toString()).singleElement().satisfies(r -> {
            assertThat(r.get("model_id").asText()).isEqualTo(MODEL);
            assertThat(r.get("reasons")).anySatisfy(reason -> assertThat(reason.get("signal").asText()).isEqualTo("feature:income"));
            long records = 0;
            for (JsonNode p : r.get("training_data").get("partitions")) {
                records += p.get("to_offset").asLong() - p.get("from_offset").asLong() + 1;
            }
            assertThat(records).as("offset ranges cover the two drifting windows").isGreaterThanOrEqualTo(1000);
        });
        assertThat(drifts).filteredOn(d -> d.get("signal").asText().equals("feature:income") && d.get("segment").isNull())
            .extracting(d -> d.get("window_count").asLong()).containsExactly(500L, 500L);

        JsonNode models = get("/api/v1/models");
        assertThat(models.get("models")).anySatisfy(m -> {
            assertThat(m.get("model_id").asText()).isEqualTo(MODEL);
            assertThat(m.get("records_counted").asLong()).isEqualTo(1520);
        });
        JsonNode drift = get("/api/v1/models/" + MODEL + "/drift?signal=feature:income");
        assertThat(drift.get("series")).hasSize(3);
        assertThat(drift.get("series").get(1).get("signals").get(0).get("status").asText()).isEqualTo("drift");
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(uri("/api/v1/models/nope/drift")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JsonRecordCodec.mapper().readTree(unknown.body()).get("error").asText()).isEqualTo("not_found");
        assertThat(get("/ready").get("status").asText()).isEqualTo("READY");

        // Labels are attributed to window 1 (regression: the score is the prediction, value the truth).
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode performance = get("/api/v1/models/" + MODEL + "/performance");
            assertThat(performance.get("labels_counted").asLong()).isEqualTo(200);
            assertThat(performance.get("series")).singleElement().satisfies(w -> {
                assertThat(w.get("window_start").asLong()).isEqualTo(t0 + W);
                assertThat(w.get("metrics").get("labeled").asLong()).isEqualTo(200);
                assertThat(w.get("metrics").get("label_coverage").asDouble()).isEqualTo(0.4);
                assertThat(w.get("metrics").get("mae").asDouble()).isPositive();
            });
        });
        JsonNode roi = get("/api/v1/models/" + MODEL + "/roi?fixed_schedule=10s");
        assertThat(roi.get("windows").asInt()).as("the two compared windows").isEqualTo(2);
        assertThat(roi.get("strategies")).hasSize(2);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + app.httpPort() + path);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
        return JsonRecordCodec.mapper().readTree(response.body());
    }
}
