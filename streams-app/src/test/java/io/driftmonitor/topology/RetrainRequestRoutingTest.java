package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Manual retrain requests reach their model by the {@code model_id} they carry, however they are
 * keyed: the router moves each to the requests-by-model topic, keyed and placed as the model's
 * window partials, and level 2 emits one retrain event per request. A request that cannot be read
 * goes to the dead-letter topic with its reason, and the next one is processed.
 */
class RetrainRequestRoutingTest {
    private static final long W = TopologyFixture.WINDOW_MS;
    private final TopologyFixture fixture = new TopologyFixture();
    private final TestInputTopic<byte[], byte[]> requests = fixture.driver.createInputTopic(
        fixture.config.topics.retrainRequests, new ByteArraySerializer(), new ByteArraySerializer());
    private final TestOutputTopic<String, byte[]> byModel = fixture.driver.createOutputTopic(
        TopologyNames.retrainRequestsByModelTopic(fixture.config.kafka.applicationId), new StringDeserializer(),
        new ByteArrayDeserializer());
    private final Random random = new Random(11);
    private int ids;

    @AfterEach
    void close() {
        fixture.close();
    }

    private void window(String model, long start, int n) {
        for (int i = 0; i < n; i++) {
            Map<String, Object> features = new HashMap<>();
            features.put("x", random.nextGaussian());
            fixture.send(TopologyFixture.prediction(model, "p" + ids++, start + (i * (W - 1)) / n, features,
                random.nextDouble(), Map.of()));
        }
        fixture.flush();
    }

    /** Windows 0..2 of both models closed, window 3 open. */
    private void closeThreeWindows() {
        for (int w = 0; w < 3; w++) {
            window("m", w * W, 100);
            window("n", w * W, 100);
        }
        window("m", 3 * W, 5);
        window("n", 3 * W, 5);
        assertThat(fixture.retrainEvents.isEmpty()).isTrue();
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String request(String model, String requestId) {
        return "{\"model_id\": \"" + model + "\", \"request_id\": \"" + requestId + "\", \"reason\": \"fresh data\","
            + " \"requested_by\": \"ops\", \"requested_at\": 1000}";
    }

    @Test
    void shouldApplyARequestToTheModelItNamesWhateverItsKey() {
        closeThreeWindows();

        requests.pipeInput(null, bytes(request("m", "no-key")));
        requests.pipeInput(bytes("some-other-key"), bytes(request("m", "other-key")));
        requests.pipeInput(bytes("n"), bytes(request("m", "another-models-key")));
        // Written before requests carried their model: the record key names it.
        requests.pipeInput(bytes("m"), bytes("{\"request_id\": \"by-key\", \"reason\": \"fresh data\", \"requested_at\": 1000}"));
        // The same request again, keyed otherwise: still one event.
        requests.pipeInput(bytes("x"), bytes(request("m", "no-key")));

        List<String> moved = byModel.readRecordsToList().stream().map(TestRecord::key).toList();
        assertThat(moved).containsExactly("m", "m", "m", "m", "m");
        List<JsonNode> retrains = TopologyFixture.json(fixture.retrainEvents);
        assertThat(retrains).hasSize(4).allSatisfy(r -> {
            assertThat(r.get("model_id").asText()).isEqualTo("m");
            assertThat(r.get("trigger").asText()).isEqualTo("manual");
            assertThat(r.get("window_end").asLong()).isEqualTo(3 * W);
        });
        assertThat(retrains).extracting(r -> r.get("event_id").asText()).containsExactly(
            RetrainRequest.eventId("m", "no-key"), RetrainRequest.eventId("m", "other-key"),
            RetrainRequest.eventId("m", "another-models-key"), RetrainRequest.eventId("m", "by-key"));
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldSendAMalformedRequestToTheDeadLetterTopicWithItsReasonAndGoOn() {
        closeThreeWindows();
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", bytes("t-1"));
        List<String> malformed = List.of(
            "not json",
            "[1, 2]",
            "{\"model_id\": \"m\", \"reason\": \"no request id\"}",
            "{\"model_id\": \"m\", \"request_id\": \"r\"}",
            "{\"model_id\": 7, \"request_id\": \"r\", \"reason\": \"a number is no model\"}",
            "{\"request_id\": \"r\", \"reason\": \"no model, no key\"}");
        for (String value : malformed) {
            requests.pipeInput(new TestRecord<>(null, bytes(value), headers));
        }
        requests.pipeInput(bytes("k"), (byte[]) null);
        requests.pipeInput(null, bytes(request("n", "after-the-bad-ones")));

        List<TestRecord<byte[], byte[]>> dead = fixture.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(malformed.size() + 1);
        assertThat(dead.subList(0, malformed.size())).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
            .containsExactlyElementsOf(malformed);
        assertThat(dead.get(malformed.size()).key()).isEqualTo(bytes("k"));
        assertThat(dead).allSatisfy(r -> {
            assertThat(header(r, DeadLetters.HEADER_REASON)).isEqualTo("invalid_record");
            assertThat(header(r, DeadLetters.HEADER_TOPIC)).isEqualTo(fixture.config.topics.retrainRequests);
            assertThat(header(r, DeadLetters.HEADER_MESSAGE)).startsWith("not a retrain request");
        });
        assertThat(header(dead.get(0), "trace")).isEqualTo("t-1");
        assertThat(header(dead.get(2), DeadLetters.HEADER_MESSAGE)).contains("request_id is required");
        assertThat(header(dead.get(5), DeadLetters.HEADER_MESSAGE)).contains("model_id is required");

        assertThat(byModel.readKeyValuesToList()).singleElement().satisfies(kv -> assertThat(kv.key).isEqualTo("n"));
        assertThat(TopologyFixture.json(fixture.retrainEvents)).singleElement().satisfies(r ->
            assertThat(r.get("event_id").asText()).isEqualTo(RetrainRequest.eventId("n", "after-the-bad-ones")));
    }

    @Test
    void shouldPlaceAModelWhereJavasProducerPlacesItsStringKey() {
        // The partials were placed by the producer's default until the monitor placed them itself.
        for (int partitions = 1; partitions <= 12; partitions++) {
            for (int i = 0; i < 200; i++) {
                String model = "model-" + i + "-é";
                byte[] key = new StringSerializer().serialize("t", model);
                assertThat(ModelPartitioner.partitionOf(model, partitions))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions));
            }
        }
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
