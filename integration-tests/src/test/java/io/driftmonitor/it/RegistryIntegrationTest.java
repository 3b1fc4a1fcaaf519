package io.driftmonitor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.app.MonitorApp;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.serde.RestSchemaRegistry;
import io.driftmonitor.serde.SchemaRegistry;
import io.driftmonitor.serde.SubjectNameStrategy;
import io.driftmonitor.serde.WireFormatSerializer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor with a real schema registry (Apicurio's Confluent-compatible API) and a real broker:
 * our own schema and a team's own schema through a mapping, schema evolution mid-stream, poison
 * records, JSON and Avro on one topic.
 */
class RegistryIntegrationTest {
    private static final long W = 10_000;

    /** A team's existing schema: its own names and nesting. */
    private static final Schema CONTEXT = SchemaBuilder.record("Context").namespace("com.acme").fields()
        .requiredString("model_name").requiredString("country").endRecord();
    private static final Schema V1 = SchemaBuilder.record("ScoredApplication").namespace("com.acme").fields()
        .requiredString("application_id").requiredLong("scored_at_ms")
        .name("ctx").type(CONTEXT).noDefault()
        .name("inputs").type().map().values().doubleType().noDefault()
        .requiredDouble("risk").endRecord();
    /** Version 2, registered mid-stream: a new optional input. */
    private static final Schema V2 = SchemaBuilder.record("ScoredApplication").namespace("com.acme").fields()
        .requiredString("application_id").requiredLong("scored_at_ms")
        .name("ctx").type(CONTEXT).noDefault()
        .name("inputs").type().map().values().doubleType().noDefault()
        .requiredDouble("risk").optionalString("channel").endRecord();
    private static final String MAPPING = """
        inputs:
          predictions:
            mapping:
              model_id: ctx.model_name
              prediction_id: application_id
              timestamp: scored_at_ms
              score: risk
              features: [inputs, channel]
              tags: [ctx.country]
        """;

    @TempDir
    static Path tmp;

    private static KafkaCluster kafka;
    private static RegistryServer registryServer;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(RegistryServer.available() || "true".equals(System.getenv("CI")),
            "registry server not built: " + RegistryServer.jar());
        kafka = KafkaCluster.start();
        registryServer = RegistryServer.start();
    }

    @AfterAll
    static void stop() {
        if (registryServer != null) {
            registryServer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private MonitorApp startMonitor(String yaml, String registryUrl, String topic) {
        MonitorConfig config = MonitorConfig.parse(yaml + "\nschema_registry:\n  url: " + registryUrl
            + "\n  retries: 2\n  retry_backoff: 100ms\n  retry_backoff_max: 500ms\n", "monitor.yaml");
        MonitorApp app = InProcessMonitor.start(config, kafka, "registry-it-", tmp, topic, W);
        toClose.add(app);
        return app;
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
        toClose.add(producer);
        return producer;
    }

    private static GenericRecord application(Schema schema, int i, long t, String model) {
        GenericRecord ctx = new GenericData.Record(CONTEXT);
        ctx.put("model_name", model);
        ctx.put("country", i % 2 == 0 ? "DE" : "FR");
        GenericRecord r = new GenericData.Record(schema);
        r.put("application_id", "app-" + i);
        r.put("scored_at_ms", t);
        r.put("ctx", ctx);
        r.put("inputs", Map.of("income", 1000.0 + i, "debt", (double) (i % 7)));
        r.put("risk", (i % 100) / 100.0);
        if (schema.getField("channel") != null) {
            r.put("channel", i % 3 == 0 ? "web" : "branch");
        }
        return r;
    }

    private long recordsCounted(MonitorApp app, String model) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + app.httpPort() + "/api/v1/models")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return -1;
        }
        for (JsonNode m : JsonRecordCodec.mapper().readTree(response.body()).get("models")) {
            if (m.get("model_id").asText().equals(model)) {
                return m.get("records_counted").asLong();
            }
        }
        return 0;
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= expected;
            });
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldMonitorATeamsOwnAvroTopicThroughTheRegistryByAddingAMapping() throws Exception {
        String topic = "scored-applications-" + UUID.randomUUID();
        String model = "credit-risk";
        MonitorApp app = startMonitor(MAPPING, registryServer.url(), topic);
        SchemaRegistry registry = new RestSchemaRegistry(registryServer.url());
        WireFormatSerializer<GenericContainer> serializer = new WireFormatSerializer<>(registry, SubjectNameStrategy.TOPIC, true);
        KafkaProducer<String, byte[]> producer = producer();
        long t0 = (System.currentTimeMillis() / W - 10) * W;

        for (int i = 0; i < 200; i++) {
            Schema schema = i < 100 ? V1 : V2; // a new schema version mid-stream
            producer.send(new ProducerRecord<>(topic, "app-" + i, serializer.serialize(topic, application(schema, i, t0 + i * 10, model))));
        }
        for (int i = 200; i < 250; i++) { // the same team's JSON producer on the same topic
            String json = "{\"application_id\": \"app-" + i + "\", \"scored_at_ms\": " + (t0 + i * 10)
                + ", \"ctx\": {\"model_name\": \"" + model + "\", \"country\": \"DE\"}, \"inputs\": {\"income\": 1200.0}, \"risk\": 0.3}";
            producer.send(new ProducerRecord<>(topic, "app-" + i, json.getBytes(StandardCharsets.UTF_8)));
        }
        byte[] unknownId = {0, 0, 0, 0x7f, 0x7f, 2, 4};
        producer.send(new ProducerRecord<>(topic, "poison-1", "not a record".getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>(topic, "poison-2", unknownId));
        producer.send(new ProducerRecord<>(topic, "poison-3", "{\"risk\": 0.1}".getBytes(StandardCharsets.UTF_8)));
        producer.flush();

        await().atMost(Duration.ofSeconds(90)).until(() -> recordsCounted(app, model) == 250);
        List<ConsumerRecord<byte[], byte[]>> dead = readAll(topic + "-dlq", 3);
        assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
            .containsExactlyInAnyOrder("poison-1", "poison-2", "poison-3");
        assertThat(dead).extracting(r -> header(r, "__streams.errors.message"))
            .anyMatch(m -> m.contains("schema registry") && m.contains("404"))
            .anyMatch(m -> m.contains("ctx.model_name"));
        assertThat(registry.latest(topic + "-value").schema()).isEqualTo(V2);
    }

    @Test
    void shouldReadOurOwnSchemaInAvroAndJsonMixedOnOneTopic() throws Exception {
        String topic = "predictions-" + UUID.randomUUID();
        String model = "fraud";
        MonitorApp app = startMonitor("", registryServer.url(), topic);
        SchemaRegistry registry = new RestSchemaRegistry(registryServer.url());
        WireFormatSerializer<PredictionEvent> serializer = new WireFormatSerializer<>(registry, SubjectNameStrategy.TOPIC, true);
        KafkaProducer<String, byte[]> producer = producer();
        long t0 = (System.currentTimeMillis() / W - 10) * W;
        for (int i = 0; i < 120; i++) {
            PredictionEvent e = PredictionEvent.newBuilder().setPredictionId("p-" + i).setModelId(model).setTimestamp(t0 + i)
                .setFeatures(Map.of("amount", (double) i)).setScore(0.5).build();
            byte[] value = i % 2 == 0 ? serializer.serialize(topic, e) : JsonRecordCodec.toJsonBytes(e);
            producer.send(new ProducerRecord<>(topic, "p-" + i, value));
        }
        producer.flush();

        await().atMost(Duration.ofSeconds(90)).until(() -> recordsCounted(app, model) == 120);
    }
}
