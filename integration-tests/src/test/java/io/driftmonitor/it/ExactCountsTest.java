package io.driftmonitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.app.MonitorApp;
import io.driftmonitor.config.MonitorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window_count of every drift event equals exactly the number of records produced for that
 * (model, window, segment): across six partitions and several models, with two instances sharing the
 * work, and after an instance is killed mid-window and restarted.
 */
class ExactCountsTest {
    private static final long W = 10_000;
    private static final List<String> MODELS = List.of("alpha", "beta", "gamma");

    @TempDir
    Path dir;

    private KafkaCluster kafka;
    private String applicationId;

    @BeforeEach
    void start() {
        kafka = KafkaCluster.start();
        applicationId = "exact-" + UUID.randomUUID();
    }

    @AfterEach
    void stop() {
        kafka.close();
    }

    private String yaml() {
        return String.join("\n",
            "kafka:",
            "  bootstrap_servers: " + kafka.bootstrapServers(),
            "  application_id: " + applicationId,
            "  properties:",
            // A killed instance's partitions move after this session timeout (the broker's minimum).
            "    session.timeout.ms: '6000'",
            "    heartbeat.interval.ms: '1000'",
            "topics:",
            "  partitions: 6",
            "aggregation:",
            "  flush_interval: 200ms",
            "defaults:",
            "  window: 10s",
            "  grace: 0s",
            "  min_samples: 10",
            "  baseline_min_count: 10",
            "");
    }

    @Test
    void shouldCountEveryRecordExactlyOnceAfterAnInstanceIsKilledMidWindow() throws Exception {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, yaml());
        long t0 = (System.currentTimeMillis() / W - 30) * W;
        try (Traffic traffic = new Traffic(kafka.bootstrapServers(), "predictions", W);
             OutputTopics drift = new OutputTopics(kafka.bootstrapServers(), "drift-events")) {
            MonitorProcess first = MonitorProcess.start(config, dir.resolve("state")).awaitReady();
            // In event-time order, as a live stream would be (grace is 0: anything older would be late).
            sendAll(traffic, t0, 400, 0);
            sendAll(traffic, t0 + W, 400, 0.5);
            sendAll(traffic, t0 + 2 * W, 200, 0.5);
            // Crash while the monitor is busy with the middle of window 2.
            first.kill();

            try (MonitorProcess second = MonitorProcess.start(config, dir.resolve("state")).awaitReady()) {
                sendAll(traffic, t0 + 2 * W, 200, 0.5);
                sendAll(traffic, t0 + 3 * W, 300, 1);
                sendAll(traffic, t0 + 4 * W, 20, 1);
                try {
                    assertExactCounts(traffic, drift, t0, List.of(t0 + W, t0 + 2 * W, t0 + 3 * W));
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError("restarted monitor's output:\n" + second.output(), e);
                }
            }
        }
    }

    @Test
    void shouldCountEveryRecordExactlyOnceWithTwoInstances() throws Exception {
        long t0 = (System.currentTimeMillis() / W - 30) * W;
        MonitorConfig config = MonitorConfig.parse(yaml(), "test").toBuilder()
            .stateDir(dir.resolve("a").toString()).http(h -> h.port(0)).build();
        MonitorConfig other = MonitorConfig.parse(yaml(), "test").toBuilder()
            .stateDir(dir.resolve("b").toString()).http(h -> h.port(0)).build();
        try (MonitorApp a = new MonitorApp(config).start();
             MonitorApp b = new MonitorApp(other).start();
             Traffic traffic = new Traffic(kafka.bootstrapServers(), "predictions", W);
             OutputTopics drift = new OutputTopics(kafka.bootstrapServers(), "drift-events")) {
            for (int w = 0; w < 4; w++) {
                for (String model : MODELS) {
                    traffic.send(model, t0 + w * W, w == 3 ? 20 : 300 + 50 * w, w == 0 ? 0 : 0.7);
                }
            }
            assertExactCounts(traffic, drift, t0, List.of(t0 + W, t0 + 2 * W));
        }
    }

    private static void sendAll(Traffic traffic, long windowStart, int n, double shift) {
        for (String model : MODELS) {
            traffic.send(model, windowStart, n, shift);
        }
    }

    private static void assertExactCounts(Traffic traffic, OutputTopics drift, long t0, List<Long> windows) {
        List<JsonNode> events = drift.awaitUntil(Duration.ofSeconds(120), all -> {
            for (String model : MODELS) {
                for (long w : windows) {
                    if (all.stream().noneMatch(e -> e.get("model_id").asText().equals(model) && e.get("window_start").asLong() == w)) {
                        return false;
                    }
                }
            }
            return true;
        });
        events = drift.drain(Duration.ofSeconds(2));
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode e : events) {
            String model = e.get("model_id").asText();
            long window = e.get("window_start").asLong();
            String segment = e.get("segment").isNull() ? null : e.get("segment").asText();
            if (!windows.contains(window)) {
                continue;
            }
            assertThat(e.get("window_count").asLong())
                .as("records of %s in window %d, segment %s", model, (window - t0) / W, segment)
                .isEqualTo(traffic.produced(model, window, segment));
            seen.merge(model + window + segment + e.get("signal").asText(), 1, Integer::sum);
        }
        assertThat(seen.values()).as("each model x window x segment x signal once").containsOnly(1);
    }
}
