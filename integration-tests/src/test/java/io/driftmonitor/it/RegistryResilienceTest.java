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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.app.MonitorApp;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.serde.AvroWireFormat;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.serde.RestSchemaRegistry;
import io.driftmonitor.serde.SchemaRegistry;
import io.driftmonitor.serde.SchemaRegistryUnavailableException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
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
 * The monitor keeps exact counts through the registry's bad days, against a real registry process
 * (Apicurio's Confluent-compatible API) and a real broker: the registry killed mid-stream while
 * records need a schema the monitor has never fetched (policy {@code wait}: they wait, none is lost
 * or dead-lettered; policy {@code dlq}: exactly those go to the DLQ with the reason, the rest is
 * counted), a new schema version interleaved with the old one on one topic, and poison records
 * (bad magic byte, a header cut short, truncated Avro) that go to the DLQ while processing goes on.
 * Every check is on the window_count of the drift events: the records produced per window.
 */
class RegistryResilienceTest {
    private static final long W = 10_000;

    /** A team's schema, version 1 and version 2 (a new optional field). */
    private static final Schema V1 = SchemaBuilder.record("Scored").namespace("com.acme").fields()
        .requiredString("id").requiredLong("scored_at_ms").requiredString("model")
        .requiredDouble("amount").requiredDouble("risk").endRecord();
    private static final Schema V2 = SchemaBuilder.record("Scored").namespace("com.acme").fields()
        .requiredString("id").requiredLong("scored_at_ms").requiredString("model")
        .requiredDouble("amount").requiredDouble("risk").optionalString("channel").endRecord();
    private static final String MAPPING = """
        inputs:
          predictions:
            mapping:
              model_id: model
              prediction_id: id
              timestamp: scored_at_ms
              score: risk
              features: [amount, channel]
        """;

    @TempDir
    static Path tmp;

    private static KafkaCluster kafka;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final String topic = "scored-" + UUID.randomUUID();
    private final String model = "m-" + UUID.randomUUID().toString().substring(0, 8);
    /** Records produced per window start: what every window_count must equal. */
    private final Map<Long, Long> produced = new TreeMap<>();
    private final long t0 = (System.currentTimeMillis() / W - 30) * W;
    private KafkaProducer<String, byte[]> producer;
    private int sequence;

    @BeforeAll
    static void startKafka() {
        Assumptions.assumeTrue(RegistryServer.available() || "true".equals(System.getenv("CI")),
            "registry server not built: " + RegistryServer.jar());
        kafka = KafkaCluster.start();
    }

    @AfterAll
    static void stopKafka() {
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

    private MonitorApp startMonitor(String registryUrl, String onUnavailable) {
        MonitorConfig config = MonitorConfig.parse(MAPPING + String.join("\n",
            "schema_registry:",
            "  url: " + registryUrl,
            "  on_unavailable: " + onUnavailable,
            "  retries: 1",
            "  retry_backoff: 100ms",
            "  retry_backoff_max: 200ms",
            "  request_timeout: 2s",
            // With policy wait, the task that meets the outage fails and its stream thread is replaced; the
            // new member's join waits for the old one's session to time out (Kafka's default: 45 s).
            "kafka:",
            "  properties:",
            "    session.timeout.ms: '6000'",
            "    heartbeat.interval.ms: '1000'",
            "defaults:",
            "  min_samples: 10",
            "  baseline_min_count: 10",
            ""), "monitor.yaml");
        MonitorApp app = InProcessMonitor.start(config.toBuilder().topics(t -> t.driftEvents(topic + "-drift")).build(),
            kafka, "registry-resilience-", tmp, topic, W);
        toClose.add(app);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
        toClose.add(producer);
        return app;
    }

    private RegistryServer closeLater(RegistryServer server) {
        toClose.add(server);
        return server;
    }

    private GenericRecord scored(Schema schema, long t) {
        int i = sequence++;
        GenericRecord r = new GenericData.Record(schema);
        r.put("id", model + "-" + i);
        r.put("scored_at_ms", t);
        r.put("model", model);
        r.put("amount", 100.0 + i % 50);
        r.put("risk", (i % 100) / 100.0);
        if (schema.getField("channel") != null) {
            r.put("channel", i % 3 == 0 ? "web" : "branch");
        }
        return r;
    }

    /**
     * Sends n records into window w (event times spread over it); record i is written with schema
     * id {@code ids[i % ids.length]}, so several ids interleave on the topic (and its partitions).
     */
    private void send(int w, int n, Schema[] schemas, int[] ids) {
        long start = t0 + w * W;
        for (int i = 0; i < n; i++) {
            int k = i % ids.length;
            GenericRecord r = scored(schemas[k], start + (i * 37L) % W);
            producer.send(new ProducerRecord<>(topic, r.get("id").toString(), AvroWireFormat.encode(r, ids[k])));
            produced.merge(start, 1L, Long::sum);
        }
        producer.flush();
    }

    private long total() {
        return produced.values().stream().mapToLong(Long::longValue).sum();
    }

    private long recordsCounted(MonitorApp app) {
        try {
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
        } catch (Exception e) {
            return -1;
        }
    }

    /** Every drift event of windows {@code from..to} (segment "all") counts exactly the records produced for it. */
    private void assertExactWindowCounts(int from, int to) {
        List<Long> windows = new ArrayList<>();
        for (int w = from; w <= to; w++) {
            windows.add(t0 + w * W);
        }
        try (OutputTopics drift = new OutputTopics(kafka.bootstrapServers(), topic + "-drift")) {
            drift.awaitUntil(Duration.ofSeconds(60), all -> windows.stream().allMatch(w -> all.stream().anyMatch(e ->
                e.get("model_id").asText().equals(model) && e.get("window_start").asLong() == w)));
            List<JsonNode> events = drift.drain(Duration.ofSeconds(1));
            int checked = 0;
            for (JsonNode e : events) {
                long w = e.get("window_start").asLong();
                if (windows.contains(w) && e.get("segment").isNull()) {
                    assertThat(e.get("window_count").asLong()).as("window_count of window %d (%s)", (w - t0) / W,
                        e.get("signal").asText()).isEqualTo(produced.get(w));
                    checked++;
                }
            }
            assertThat(checked).as("drift events checked").isGreaterThanOrEqualTo(windows.size());
        }
    }

    /** The committed records of a topic, read from the beginning to its end (nothing more arrives later in the check). */
    private List<ConsumerRecord<byte[], byte[]>> committed(String name) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(name)) {
                partitions.add(new TopicPartition(name, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return new String(r.key(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldWaitForARestartedRegistryAndLoseNoRecordWhenASchemaIsNewDuringTheOutage() {
        RegistryServer registry = closeLater(RegistryServer.start(0, tmp.resolve("registry-" + model)));
        int port = registry.port();
        SchemaRegistry client = new RestSchemaRegistry(registry.url());
        String subject = topic + "-value";
        int v1 = client.register(subject, V1);
        // Registered before the outage, but no record uses it before: the monitor has never fetched it.
        int v2 = client.register(subject, V2);
        MonitorApp app = startMonitor(registry.url(), "wait");

        send(0, 200, new Schema[] {V1}, new int[] {v1});
        send(1, 200, new Schema[] {V1}, new int[] {v1});
        await().atMost(Duration.ofSeconds(60)).until(() -> recordsCounted(app) == 400);

        registry.kill();
        send(2, 200, new Schema[] {V1, V2}, new int[] {v1, v2});
        send(3, 200, new Schema[] {V2}, new int[] {v2});
        send(4, 20, new Schema[] {V2}, new int[] {v2}); // moves stream time past window 3
        // The records of the unknown id wait at their offset: nothing behind them is counted.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> recordsCounted(app) < total());

        // The registry comes back on the same port with the same schemas under the same ids (it stores
        // in a file written through on every commit; with Apicurio's default in-memory storage the
        // schemas would have to be registered again, in the same order, to get the same ids).
        RegistryServer restarted = closeLater(registry.restart());
        assertThat(restarted.port()).isEqualTo(port);
        assertThat(new RestSchemaRegistry(restarted.url()).schemaById(v2)).isEqualTo(V2);

        assertExactWindowCounts(1, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> recordsCounted(app) == total());
        assertThat(committed(topic + "-dlq")).as("dead letters").isEmpty();
    }

    @Test
    void shouldDeadLetterOnlyTheRecordsOfAnUnfetchedSchemaWhileTheRegistryIsDownWithPolicyDlq() {
        RegistryServer registry = closeLater(RegistryServer.start());
        SchemaRegistry client = new RestSchemaRegistry(registry.url());
        String subject = topic + "-value";
        int v1 = client.register(subject, V1);
        int v2 = client.register(subject, V2);
        MonitorApp app = startMonitor(registry.url(), "dlq");

        send(0, 200, new Schema[] {V1}, new int[] {v1});
        send(1, 200, new Schema[] {V1}, new int[] {v1});
        await().atMost(Duration.ofSeconds(60)).until(() -> recordsCounted(app) == 400);

        registry.kill();
        // Window 2: every tenth record uses the schema the monitor cannot fetch now.
        long start = t0 + 2 * W;
        List<String> unfetchable = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boolean newSchema = i % 10 == 0;
            GenericRecord r = scored(newSchema ? V2 : V1, start + (i * 37L) % W);
            String id = r.get("id").toString();
            producer.send(new ProducerRecord<>(topic, id, AvroWireFormat.encode(r, newSchema ? v2 : v1)));
            if (newSchema) {
                unfetchable.add(id);
            } else {
                produced.merge(start, 1L, Long::sum);
            }
        }
        producer.flush();
        send(3, 200, new Schema[] {V1}, new int[] {v1});
        send(4, 20, new Schema[] {V1}, new int[] {v1});

        // Processing goes on while the registry is down: the windows close with the other records.
        assertExactWindowCounts(1, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> recordsCounted(app) == total());
        List<ConsumerRecord<byte[], byte[]>> dead = committed(topic + "-dlq");
        assertThat(dead).extracting(RegistryResilienceTest::key).containsExactlyInAnyOrderElementsOf(unfetchable);
        assertThat(dead).allSatisfy(r -> {
            assertThat(header(r, "__streams.errors.exception")).isEqualTo(SchemaRegistryUnavailableException.class.getName());
            assertThat(header(r, "__streams.errors.message")).contains("schema registry").contains("unreachable");
        });
    }

    @Test
    void shouldKeepCountingExactlyWhenANewSchemaVersionInterleavesAndDeadLetterPoisonRecords() {
        RegistryServer registry = closeLater(RegistryServer.start());
        SchemaRegistry client = new RestSchemaRegistry(registry.url());
        String subject = topic + "-value";
        int v1 = client.register(subject, V1);
        MonitorApp app = startMonitor(registry.url(), "wait");

        send(0, 200, new Schema[] {V1}, new int[] {v1});
        send(1, 200, new Schema[] {V1}, new int[] {v1});
        // Version 2 (a new optional field, which the mapping's features name) registered mid-stream;
        // old producers keep writing version 1: both interleave on the topic from now on.
        int v2 = client.register(subject, V2);
        assertThat(v2).isNotEqualTo(v1);
        send(2, 200, new Schema[] {V1, V2}, new int[] {v1, v2});

        byte[] good = AvroWireFormat.encode(scored(V2, t0 + 2 * W + 5), v2);
        byte[] badMagic = good.clone();
        badMagic[0] = 1;
        producer.send(new ProducerRecord<>(topic, "poison-magic", badMagic));
        producer.send(new ProducerRecord<>(topic, "poison-header", new byte[] {0, 0, 0}));
        producer.send(new ProducerRecord<>(topic, "poison-truncated", Arrays.copyOf(good, good.length - 4)));
        producer.send(new ProducerRecord<>(topic, "poison-unknown-id", AvroWireFormat.encode(scored(V2, t0 + 2 * W + 6), 987_654)));

        send(3, 200, new Schema[] {V2, V1, V2}, new int[] {v2, v1, v2});
        send(4, 20, new Schema[] {V1, V2}, new int[] {v1, v2});

        assertExactWindowCounts(1, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> recordsCounted(app) == total());
        List<ConsumerRecord<byte[], byte[]>> dead = committed(topic + "-dlq");
        Map<String, String> reasons = new TreeMap<>();
        dead.forEach(r -> reasons.put(key(r), header(r, "__streams.errors.message")));
        assertThat(reasons).containsOnlyKeys("poison-magic", "poison-header", "poison-truncated", "poison-unknown-id");
        assertThat(reasons.get("poison-magic")).contains("neither Avro");
        assertThat(reasons.get("poison-header")).contains("wire format");
        assertThat(reasons.get("poison-truncated")).contains("does not decode with schema com.acme.Scored");
        assertThat(reasons.get("poison-unknown-id")).contains("404");
        assertThat(client.latest(subject).schema()).isEqualTo(V2);
    }
}
