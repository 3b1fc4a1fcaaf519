package io.driftmonitor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.query.QueryServer;
import io.driftmonitor.serde.JsonRecordCodec;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health} and {@code /ready} against a real Kafka Streams client: a client that loses a
 * stream thread or dies (a processor throws, the uncaught-exception handler shuts the client down)
 * fails the liveness probe with 503.
 */
class HealthProbesTest {
    private static final HttpClient http = HttpClient.newHttpClient();
    private static KafkaCluster kafka;

    @TempDir
    Path stateDir;

    private PrometheusMeterRegistry registry;
    private QueryServer server;
    private KafkaStreams streams;
    private String topic;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaCluster.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
        }
        if (registry != null) {
            registry.close();
        }
    }

    /** A client of two stream threads whose processor throws on the value "boom", attached to a server. */
    private void start() throws Exception {
        topic = "probe-input-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(java.util.List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        MonitorConfig config = MonitorConfig.builder()
            .kafka(k -> k.bootstrapServers(kafka.bootstrapServers())
                .applicationId("drift-monitor-probe-it-" + UUID.randomUUID())
                .numStreamThreads(2))
            .http(h -> h.port(0))
            .build()
            .validate("test");
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = QueryServer.start(config, registry);

        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topic, Consumed.with(Serdes.String(), Serdes.String())).foreach((k, v) -> {
            if ("boom".equals(v)) {
                throw new IllegalStateException("the processor failed on purpose");
            }
        });
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka.applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.http.advertisedAddress(server.port()));
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        streams = new KafkaStreams(builder.build(), props);
        streams.setUncaughtExceptionHandler(e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        server.attach(streams);
        streams.start();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(get("/ready").statusCode()).isEqualTo(200);
            assertThat(get("/health").statusCode()).isEqualTo(200);
        });
    }

    @Test
    void shouldFailHealthWith503WhenAProcessorErrorShutsTheClientDown() throws Exception {
        start();
        JsonNode healthy = json(get("/health"));
        assertThat(healthy.get("status").asText()).isEqualTo("UP");
        assertThat(healthy.get("stream_threads").get("configured").asInt()).isEqualTo(2);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "boom")).get();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.ERROR);
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(json(health).get("status").asText()).isEqualTo("DOWN");
        assertThat(json(health).get("streams_state").asText()).isEqualTo("ERROR");
        assertThat(json(health).get("detail").asText()).contains("ERROR");
        assertThat(get("/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void shouldFailHealthWhileFewerStreamThreadsThanConfiguredAreAlive() throws Exception {
        start();
        assertThat(streams.removeStreamThread()).isPresent();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> health = get("/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(json(health).get("detail").asText()).isEqualTo("only 1 of 2 stream threads are alive");
        });

        assertThat(streams.addStreamThread()).isPresent();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(get("/health").statusCode()).isEqualTo(200);
            assertThat(get("/ready").statusCode()).isEqualTo(200);
            assertThat(get("/ready?caught_up=true").statusCode()).isEqualTo(200);
        });
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JsonRecordCodec.mapper().readTree(r.body());
    }
}
