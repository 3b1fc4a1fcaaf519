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
        return new MonitorApp(complete(config, kafka, applicationIdPrefix, stateRoot, topic, windowMs)).start();
    }

    /** {@code config} completed as {@link #start} runs it. */
    static MonitorConfig complete(MonitorConfig config, KafkaCluster kafka, String applicationIdPrefix, Path stateRoot,
                                  String topic, long windowMs) {
        String applicationId = applicationIdPrefix + UUID.randomUUID();
        return config.toBuilder()
            .kafka(k -> k.bootstrapServers(kafka.bootstrapServers()).applicationId(applicationId))
            .http(h -> h.port(0))
            .stateDir(stateRoot.resolve(applicationId).toString())
            .topics(t -> t.predictions(topic).dlq(topic + "-dlq").partitions(2))
            .aggregation(a -> a.flushInterval(Duration.ofMillis(200)))
            .defaults(d -> d.window(Duration.ofMillis(windowMs)).grace(Duration.ZERO))
            .build()
            .validate("test");
    }
}
