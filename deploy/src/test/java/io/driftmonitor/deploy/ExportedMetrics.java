package io.driftmonitor.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import io.driftmonitor.app.MonitorApp;
import io.driftmonitor.broker.EmbeddedKafkaBroker;
import io.driftmonitor.config.MonitorConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;

/** The metric names a running monitor exports on /metrics (the app against an embedded broker). */
final class ExportedMetrics {
    private ExportedMetrics() {
    }

    static Set<String> scrapeRunningMonitor() throws Exception {
        Path state = Files.createTempDirectory("drift-monitor-deploy-test-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            MonitorConfig config = MonitorConfig.builder()
                .kafka(k -> k.bootstrapServers(broker.bootstrapServers()).applicationId("deploy-metrics-test"))
                .http(h -> h.port(0))
                .topics(t -> t.partitions(1))
                .stateDir(state.toString())
                .build()
                .validate("test");
            try (MonitorApp app = new MonitorApp(config).start()) {
                Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
                java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + app.httpPort() + "/metrics"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                Set<String> names = new TreeSet<>();
                for (String line : response.body().split("\n")) {
                    if (line.startsWith("# TYPE ")) {
                        String[] parts = line.split(" ");
                        names.add(parts[2]);
                    } else if (!line.startsWith("#") && !line.isBlank()) {
                        int end = line.indexOf('{') > 0 ? line.indexOf('{') : line.indexOf(' ');
                        names.add(line.substring(0, end));
                    }
                }
                return names;
            }
        } finally {
            try (var paths = Files.walk(state)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
