package io.driftmonitor.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads back the {@code training_data} of a retrain event as a retraining pipeline would: a plain
 * consumer without a group, {@code assign} + {@code seek} to every partition's {@code from_offset},
 * reading up to its {@code to_offset} (inclusive).
 */
final class TrainingDataReader {
    private TrainingDataReader() {
    }

    /** The records of every range of the event's training data, as JSON, in partition and offset order. */
    static List<JsonNode> read(String bootstrapServers, JsonNode trainingData) {
        String topic = trainingData.get("topic").asText();
        Map<TopicPartition, long[]> ranges = new HashMap<>();
        for (JsonNode p : trainingData.get("partitions")) {
            ranges.put(new TopicPartition(topic, p.get("partition").asInt()),
                new long[] {p.get("from_offset").asLong(), p.get("to_offset").asLong()});
        }
        List<JsonNode> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(ranges.keySet());
            ranges.forEach((tp, range) -> consumer.seek(tp, range[0]));
            Map<TopicPartition, Boolean> done = new HashMap<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() <= ranges.get(tp)[1]) {
                        records.add(parse(r.value()));
                    }
                }
                ranges.forEach((tp, range) -> {
                    if (consumer.position(tp) > range[1]) {
                        done.put(tp, true);
                        consumer.pause(List.of(tp));
                    }
                });
                return done.size() == ranges.size();
            });
        }
        return records;
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JsonRecordCodec.mapper().readTree(value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
