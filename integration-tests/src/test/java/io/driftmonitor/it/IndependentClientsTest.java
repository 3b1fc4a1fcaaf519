package io.driftmonitor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.app.MonitorApp;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract for non-Java users: Python's confluent_kafka publishes Avro predictions through the
 * registry's REST API, kcat reads the retrain event. Skipped when the tools are missing, unless
 * {@code CI=true}, where a missing tool fails the test.
 */
class IndependentClientsTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final long W = 10_000;

    @TempDir
    Path tmp;

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }

    @Test
    void shouldAcceptAvroFromConfluentKafkaInPythonAndDeliverRetrainEventsToKcat() throws Exception {
        boolean tools = ExternalClients.works(PYTHON.toString(), "-c", "import confluent_kafka, avro") && ExternalClients.works("kcat", "-V");
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(tools, "Debian python3-confluent-kafka, python3-avro and kcat are not installed");
            Assumptions.assumeTrue(RegistryServer.available(), "registry server not built");
        }
        assertThat(tools).as("CI needs /usr/bin/python3 with confluent_kafka and avro, and kcat").isTrue();

        try (KafkaCluster kafka = KafkaCluster.start(); RegistryServer registry = RegistryServer.start()) {
            String topic = "py-predictions-" + UUID.randomUUID();
            String model = "py-model";
            MonitorConfig config = MonitorConfig.builder()
                .schemaRegistry(r -> r.url(registry.url()))
                .kafka(k -> k.bootstrapServers(kafka.bootstrapServers()).applicationId("py-it-" + UUID.randomUUID()))
                .http(h -> h.port(0))
                .stateDir(tmp.resolve("state").toString())
                .topics(t -> t.predictions(topic).retrainEvents(topic + "-retrain").partitions(2))
                .aggregation(a -> a.flushInterval(Duration.ofMillis(200)))
                .defaults(d -> d.window(Duration.ofMillis(W)).grace(Duration.ZERO))
                .build()
                .validate("test");
            Path schema = tmp.resolve("PredictionEvent.avsc");
            Files.writeString(schema, PredictionEvent.getClassSchema().toString());
            Path script = tmp.resolve("produce_avro.py");
            try (var in = getClass().getResourceAsStream("/clients/produce_avro.py")) {
                Files.write(script, in.readAllBytes());
            }

            try (MonitorApp app = new MonitorApp(config).start()) {
                long t0 = (System.currentTimeMillis() / W - 20) * W;
                String produced = run(List.of(PYTHON.toString(), script.toString(), kafka.bootstrapServers(), registry.url(),
                    topic, schema.toString(), model, Long.toString(t0), Long.toString(W)));
                assertThat(produced.trim()).endsWith("1520");

                List<JsonNode> retrains = new ArrayList<>();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                    retrains.clear();
                    String out = run(List.of("kcat", "-C", "-b", kafka.bootstrapServers(), "-t", config.topics.retrainEvents,
                        "-o", "beginning", "-e", "-q", "-X", "isolation.level=read_committed", "-f", "%s\\n"));
                    for (String line : out.split("\n")) {
                        if (line.startsWith("{")) {
                            retrains.add(JsonRecordCodec.mapper().readTree(line));
                        }
                    }
                    return !retrains.isEmpty();
                });
                assertThat(retrains.get(0).get("model_id").asText()).isEqualTo(model);
                assertThat(retrains.get(0).get("trigger").asText()).isEqualTo("drift");
            }
        }
    }
}
