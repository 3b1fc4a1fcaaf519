package io.driftmonitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.policy.RetrainPolicyEngine;
import io.driftmonitor.policy.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A monitor killed (SIGKILL, no clean shutdown) right around a retrain trigger and restarted with the
 * same application id and state directory does not trigger the same cause twice, and more breaching
 * windows inside the cooldown do not trigger either.
 */
class RetrainCrashTest {
    private static final long W = 10_000;
    private static final String MODEL = "fraud-model";

    @TempDir
    Path dir;

    private KafkaCluster kafka;
    private long t0;

    @BeforeEach
    void start() {
        kafka = KafkaCluster.start();
        t0 = (System.currentTimeMillis() / W - 30) * W;
    }

    @AfterEach
    void stop() {
        kafka.close();
    }

    /**
     * Exactly once: killed as soon as the trigger's record reaches the broker (a 2 s commit interval
     * keeps its transaction open for a while, so the kill usually lands before the commit), and killed
     * again as soon as the trigger is committed. read_committed consumers see it once.
     */
    @Test
    void shouldTriggerOnceUnderExactlyOnceWhenKilledBeforeAndAfterTheTriggerCommits() throws Exception {
        Path config = writeConfig("exactly_once_v2", "2000");
        try (OrderedTraffic traffic = new OrderedTraffic(kafka.bootstrapServers(), "predictions", W);
             OutputTopics written = OutputTopics.uncommitted(kafka.bootstrapServers(), "retrain-events");
             OutputTopics committed = new OutputTopics(kafka.bootstrapServers(), "retrain-events");
             OutputTopics drift = new OutputTopics(kafka.bootstrapServers(), "drift-events")) {
            try (MonitorProcess first = MonitorProcess.start(config, dir.resolve("state")).awaitReady()) {
                produceUntilTrigger(traffic);
                written.awaitUntil(Duration.ofSeconds(60), events -> !events.isEmpty());
                first.kill();
            }
            try (MonitorProcess second = MonitorProcess.start(config, dir.resolve("state")).awaitReady()) {
                committed.awaitUntil(Duration.ofSeconds(60), events -> !events.isEmpty());
                second.kill();
            }
            List<JsonNode> retrains = restartAndBreachInsideTheCooldown(config, traffic, drift, committed);
            int writes = written.drain(Duration.ofMillis(500)).size();
            assertThat(retrains).as("committed retrain events (%d written, aborted ones included)", writes)
                .hasSize(1)
                .allSatisfy(this::assertIsTheTriggerOfWindow2);
        }
    }

    /** At least once: a replay after the crash may write the trigger again, but always with the same event_id. */
    @Test
    void shouldRepeatATriggerOnlyWithTheSameEventIdUnderAtLeastOnce() throws Exception {
        Path config = writeConfig("at_least_once", "100");
        try (OrderedTraffic traffic = new OrderedTraffic(kafka.bootstrapServers(), "predictions", W);
             OutputTopics retrainEvents = new OutputTopics(kafka.bootstrapServers(), "retrain-events");
             OutputTopics drift = new OutputTopics(kafka.bootstrapServers(), "drift-events")) {
            try (MonitorProcess first = MonitorProcess.start(config, dir.resolve("state")).awaitReady()) {
                produceUntilTrigger(traffic);
                retrainEvents.awaitUntil(Duration.ofSeconds(60), events -> !events.isEmpty());
                first.kill();
            }
            List<JsonNode> retrains = restartAndBreachInsideTheCooldown(config, traffic, drift, retrainEvents);
            assertThat(retrains).isNotEmpty().allSatisfy(this::assertIsTheTriggerOfWindow2);
        }
    }

    private Path writeConfig(String processingGuarantee, String commitIntervalMs) throws Exception {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, String.join("\n",
            "kafka:",
            "  bootstrap_servers: " + kafka.bootstrapServers(),
            "  application_id: retrain-crash-" + UUID.randomUUID(),
            "  processing_guarantee: " + processingGuarantee,
            "  properties:",
            "    commit.interval.ms: '" + commitIntervalMs + "'",
            "    session.timeout.ms: '6000'",
            "    heartbeat.interval.ms: '1000'",
            "topics:",
            "  partitions: 3",
            "aggregation:",
            "  flush_interval: 200ms",
            // The last, partial window stays open: only the event clock closes windows here.
            "  idle_close: 10m",
            "defaults:",
            "  window: 10s",
            "  grace: 0s",
            "  consecutive_windows: 2",
            "  cooldown: 1h",
            ""));
        return config;
    }

    /** Window 0 is the baseline, windows 1 and 2 drift; the start of window 3 closes window 2: the trigger. */
    private void produceUntilTrigger(OrderedTraffic traffic) {
        traffic.send(MODEL, t0, 300, 0);
        traffic.send(MODEL, t0 + W, 300, 2);
        traffic.send(MODEL, t0 + 2 * W, 300, 2);
        traffic.send(MODEL, t0 + 3 * W, 30, 2);
    }

    /**
     * Restarts the monitor, lets it breach in windows 3 to 5 (inside the one-hour cooldown of the
     * trigger) and returns every retrain event once window 5's drift events are out.
     */
    private List<JsonNode> restartAndBreachInsideTheCooldown(Path config, OrderedTraffic traffic, OutputTopics drift,
                                                             OutputTopics retrains) throws Exception {
        try (MonitorProcess last = MonitorProcess.start(config, dir.resolve("state")).awaitReady()) {
            traffic.send(MODEL, t0 + 3 * W + W / 2, 150, 2);
            traffic.send(MODEL, t0 + 4 * W, 300, 2);
            traffic.send(MODEL, t0 + 5 * W, 300, 2);
            traffic.send(MODEL, t0 + 6 * W, 30, 2);   // closes window 5
            try {
                drift.awaitUntil(Duration.ofSeconds(60), events -> events.stream()
                    .anyMatch(e -> e.get("window_start").asLong() == t0 + 5 * W));
            } catch (RuntimeException e) {
                throw new AssertionError("restarted monitor's output:\n" + last.output(), e);
            }
        }
        // Drift and retrain events of a window are written in the same commit.
        return retrains.drain(Duration.ofMillis(500));
    }

    private void assertIsTheTriggerOfWindow2(JsonNode retrain) {
        assertThat(retrain.get("model_id").asText()).isEqualTo(MODEL);
        assertThat(retrain.get("trigger").asText()).isEqualTo("drift");
        assertThat(retrain.get("window_end").asLong()).isEqualTo(t0 + 3 * W);
        assertThat(retrain.get("event_id").asText()).as("the deterministic id of the cause")
            .isEqualTo(RetrainPolicyEngine.eventId(MODEL, retrain.get("policy").asText(), t0 + 2 * W, Trigger.DRIFT));
    }
}
