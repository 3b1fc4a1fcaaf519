package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManualRetrainTest {
    private static final long W = TopologyFixture.WINDOW_MS;
    private final TopologyFixture fixture = new TopologyFixture();
    private final TestInputTopic<String, byte[]> requests = fixture.driver.createInputTopic(
        fixture.config.topics.retrainRequests, new StringSerializer(), new ByteArraySerializer());
    private final Random random = new Random(7);
    private int ids;

    @AfterEach
    void close() {
        fixture.close();
    }

    private void window(long start, int n) {
        for (int i = 0; i < n; i++) {
            Map<String, Object> features = new HashMap<>();
            features.put("x", random.nextGaussian());
            fixture.send(TopologyFixture.prediction("m", "p" + ids++, start + (i * (W - 1)) / n, features,
                random.nextDouble(), Map.of()));
        }
        fixture.flush();
    }

    @Test
    void shouldEmitAManualRetrainEventWithADeterministicIdOncePerRequest() {
        window(0, 100);
        window(W, 100);
        window(2 * W, 100);
        window(3 * W, 5);
        assertThat(fixture.retrainEvents.isEmpty()).isTrue();

        RetrainRequest request = new RetrainRequest("m", "req-1", "new training data arrived", "alice", 123_456L);
        requests.pipeInput("m", request.toJsonBytes());
        requests.pipeInput("m", request.toJsonBytes());
        requests.pipeInput("m", "not json".getBytes());
        requests.pipeInput("unknown-model", new RetrainRequest("unknown-model", "req-2", "why not", null, 1L).toJsonBytes());

        List<JsonNode> retrains = TopologyFixture.json(fixture.retrainEvents);
        assertThat(retrains).singleElement().satisfies(r -> {
            assertThat(r.get("trigger").asText()).isEqualTo("manual");
            assertThat(r.get("event_id").asText()).isEqualTo(RetrainRequest.eventId("m", "req-1"));
            assertThat(r.get("policy").asText()).isEqualTo("manual");
            assertThat(r.get("triggered_at").asLong()).isEqualTo(123_456L);
            assertThat(r.get("window_end").asLong()).isEqualTo(3 * W);
            assertThat(r.get("training_data").get("from_time").asLong()).isEqualTo(W);
            assertThat(r.get("training_data").get("to_time").asLong()).isEqualTo(3 * W);
        });
        KeyValueStore<String, byte[]> history = fixture.driver.getKeyValueStore(TopologyNames.RETRAIN_HISTORY_STORE);
        byte[] entry = history.get(StoreKeys.manualRetrain("m", 3 * W, "req-1"));
        assertThat(entry).isNotNull();
        assertThat(new String(entry)).contains("\"reason\":\"new training data arrived\"").contains("\"requested_by\":\"alice\"");
    }
}
