package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.AvroWireFormat;
import io.driftmonitor.serde.InMemorySchemaRegistry;
import io.driftmonitor.serde.SchemaRegistryUnavailableException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** A record whose schema cannot be fetched while the registry is down: it waits, or goes to the DLQ, by policy. */
class RegistryOutageTopologyTest {
    private static MonitorConfig config(String registryName, String policy) {
        return TopologyFixture.defaultConfig().toBuilder()
            .schemaRegistry(r -> r.url("mock://" + registryName).onUnavailable(policy))
            .build()
            .validate("test");
    }

    private static byte[] avroPrediction(InMemorySchemaRegistry registry) {
        PredictionEvent event = TopologyFixture.prediction("m", "p-1", 1_000, Map.of("x", 1.0), 0.5, Map.of());
        return AvroWireFormat.encode(event, registry.register("predictions-value", PredictionEvent.getClassSchema()));
    }

    @Test
    void shouldFailTheTaskAtTheRecordInsteadOfDroppingItWhileTheRegistryIsDown() {
        String name = "outage-" + UUID.randomUUID();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.named(name);
        byte[] value = avroPrediction(registry);
        registry.setAvailable(false);
        try (TopologyFixture fixture = new TopologyFixture(config(name, "wait"))) {
            assertThatThrownBy(() -> fixture.sendRaw(value))
                .hasRootCauseInstanceOf(java.net.ConnectException.class)
                .satisfies(e -> assertThat(causes(e)).anyMatch(c -> c instanceof SchemaRegistryUnavailableException));
            assertThat(fixture.deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldSendTheRecordToTheDeadLetterTopicUnderTheDlqPolicy() {
        String name = "outage-" + UUID.randomUUID();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.named(name);
        byte[] value = avroPrediction(registry);
        registry.setAvailable(false);
        try (TopologyFixture fixture = new TopologyFixture(config(name, "dlq"))) {
            fixture.sendRaw(value);

            TestRecord<byte[], byte[]> dead = fixture.deadLetters.readRecord();
            assertThat(dead.value()).isEqualTo(value);
            assertThat(new String(dead.headers().lastHeader("__streams.errors.exception").value(), StandardCharsets.UTF_8))
                .isEqualTo(SchemaRegistryUnavailableException.class.getName());
        }
    }

    private static java.util.List<Throwable> causes(Throwable e) {
        java.util.List<Throwable> out = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !out.contains(t); t = t.getCause()) {
            out.add(t);
        }
        return out;
    }
}
