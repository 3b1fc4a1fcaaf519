package io.driftmonitor.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.app.StreamsProperties;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A topology under {@link TopologyTestDriver} with JSON input and output, for tests. */
final class TopologyFixture implements AutoCloseable {
    static final long WINDOW_MS = 10_000;

    final MonitorConfig config;
    private final java.nio.file.Path stateDir;
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> predictions;
    final TestInputTopic<String, byte[]> labels;
    final TestOutputTopic<String, byte[]> driftEvents;
    final TestOutputTopic<String, byte[]> retrainEvents;
    final TestOutputTopic<String, byte[]> promotionEvents;
    final TestOutputTopic<String, byte[]> baselines;
    final TestOutputTopic<String, byte[]> windowReports;
    final TestOutputTopic<byte[], byte[]> deadLetters;

    TopologyFixture() {
        this(defaultConfig());
    }

    TopologyFixture(MonitorConfig config) {
        this(config, Instant.ofEpochMilli(0));
    }

    /** A driver whose wall clock starts at the given instant. */
    TopologyFixture(MonitorConfig configured, Instant wallClockStart) {
        try {
            // A state directory of its own: test runs side by side never share RocksDB files.
            stateDir = java.nio.file.Files.createTempDirectory("drift-monitor-ttd-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        config = configured.toBuilder().stateDir(stateDir.toString()).build();
        Properties props = StreamsProperties.of(config, "dummy:9092");
        driver = new TopologyTestDriver(MonitorTopology.build(config), props, wallClockStart);
        predictions = driver.createInputTopic(config.topics.predictions, new ByteArraySerializer(), new ByteArraySerializer());
        labels = driver.createInputTopic(config.topics.labels, new org.apache.kafka.common.serialization.StringSerializer(),
            new ByteArraySerializer());
        driftEvents = driver.createOutputTopic(config.topics.driftEvents, new StringDeserializer(), new ByteArrayDeserializer());
        retrainEvents = driver.createOutputTopic(config.topics.retrainEvents, new StringDeserializer(), new ByteArrayDeserializer());
        promotionEvents = driver.createOutputTopic(config.topics.promotionEvents, new StringDeserializer(),
            new ByteArrayDeserializer());
        baselines = driver.createOutputTopic(config.topics.baselines, new StringDeserializer(), new ByteArrayDeserializer());
        windowReports = driver.createOutputTopic(config.topics.windowReports, new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(config.topics.dlq, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static MonitorConfig defaultConfig() {
        return MonitorConfig.builder()
            .kafka(k -> k.applicationId("drift-monitor-test"))
            .defaults(policy -> policy
                .window(Duration.ofMillis(WINDOW_MS))
                .grace(Duration.ZERO)
                .minSamples(50)
                .baselineMinCount(50)
                .cooldown(Duration.ofMinutes(10))
                // The driver's wall clock and the tests' event times start at the epoch, before the default
                // min_timestamp (2000-01-01); TimestampCheck's own tests cover the default.
                .minTimestamp(java.time.Instant.EPOCH))
            .aggregation(a -> a.flushInterval(Duration.ofSeconds(1)))
            .build()
            .validate("defaults");
    }

    static PredictionEvent prediction(String model, String id, long timestamp, Map<String, Object> features, Double score,
                                      Map<String, String> tags) {
        return PredictionEvent.newBuilder()
            .setPredictionId(id)
            .setModelId(model)
            .setModelVersion("v1")
            .setTimestamp(timestamp)
            .setFeatures(features)
            .setScore(score)
            .setTags(tags)
            .build();
    }

    void send(PredictionEvent event) {
        predictions.pipeInput(event.getPredictionId().getBytes(StandardCharsets.UTF_8), JsonRecordCodec.toJsonBytes(event),
            event.getTimestamp());
    }

    void sendRaw(byte[] value) {
        predictions.pipeInput(new TestRecord<>("poison".getBytes(StandardCharsets.UTF_8), value));
    }

    /** Lets level 1 hand its partials to level 2. */
    void flush() {
        driver.advanceWallClockTime(config.aggregation.flushInterval);
    }

    /** Status of a signal's drift events by window index (window start / {@link #WINDOW_MS}), whole model or the segment. */
    static Map<Long, String> statusByWindow(List<JsonNode> events, String signal, String segment) {
        Map<Long, String> out = new java.util.TreeMap<>();
        for (JsonNode e : events) {
            boolean sameSegment = segment == null ? e.get("segment").isNull() : segment.equals(e.get("segment").asText());
            if (e.get("signal").asText().equals(signal) && sameSegment) {
                out.put(e.get("window_start").asLong() / WINDOW_MS, e.get("status").asText());
            }
        }
        return out;
    }

    static List<JsonNode> json(TestOutputTopic<String, byte[]> topic) {
        List<JsonNode> out = new ArrayList<>();
        for (byte[] value : topic.readValuesToList()) {
            try {
                out.add(JsonRecordCodec.mapper().readTree(value));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    private boolean closed;

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            driver.close();
            try {
                org.apache.kafka.common.utils.Utils.delete(stateDir.toFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
