package io.driftmonitor.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.driftmonitor.app.MonitorApp;
import io.driftmonitor.config.MonitorConfig;

/**
 * A monitor in the test's JVM on one predictions topic of its own (two partitions, its dead letters
 * next to it), with short windows, no grace and a 200 ms flush, as the registry tests run it.
 */
final class InProcessMonitor {
    private InProcessMonitor() {
    }

    /** Completes {@code config} (a unique application id and state directory under {@code stateRoot}) and starts it. */
    static MonitorApp start(MonitorConfig config, KafkaCluster kafka, String applicationIdPrefix, Path stateRoot,
                            String topic, long windowMs) {
        config.kafka.bootstrapServers = kafka.bootstrapServers();
        config.kafka.applicationId = applicationIdPrefix + UUID.randomUUID();
        config.http.port = 0;
        config.stateDir = stateRoot.resolve(config.kafka.applicationId).toString();
        config.topics.predictions = topic;
        config.topics.dlq = topic + "-dlq";
        config.topics.partitions = 2;
        config.aggregation.flushInterval = Duration.ofMillis(200);
        config.defaults.window = Duration.ofMillis(windowMs);
        config.defaults.grace = Duration.ZERO;
        config.resolve("test");
        return new MonitorApp(config).start();
    }
}
