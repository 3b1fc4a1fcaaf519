package io.driftmonitor.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the monitor's JSON output topics as a downstream consumer would (read_committed), or, for
 * crash tests, everything written so far (read_uncommitted).
 */
final class OutputTopics implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<JsonNode> events = new ArrayList<>();

    OutputTopics(String bootstrapServers, String... topics) {
        this(bootstrapServers, "read_committed", topics);
    }

    private OutputTopics(String bootstrapServers, String isolationLevel, String... topics) {
        consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics));
    }

    /** Also sees records of open and aborted transactions: what a producer has written so far. */
    static OutputTopics uncommitted(String bootstrapServers, String... topics) {
        return new OutputTopics(bootstrapServers, "read_uncommitted", topics);
    }

    /** Polls until the events read so far satisfy the condition. */
    List<JsonNode> awaitUntil(Duration timeout, Predicate<List<JsonNode>> done) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(10)).until(() -> {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                events.add(parse(r.value()));
            }
            return done.test(events);
        });
        return events;
    }

    /** Reads whatever else arrives within the period (to prove nothing more does). */
    List<JsonNode> drain(Duration period) {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                events.add(parse(r.value()));
            }
        }
        return events;
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JsonRecordCodec.mapper().readTree(value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
