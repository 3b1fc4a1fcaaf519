package io.driftmonitor.it;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces predictions with event times inside given windows and remembers how many it produced per
 * (model, window, segment), the ground truth that the monitor's counts must equal.
 */
final class Traffic implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final long windowMs;
    private final Random random = new Random(11);
    private final Map<String, Long> produced = new TreeMap<>();
    private long sequence;

    Traffic(String bootstrapServers, String topic, long windowMs) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.windowMs = windowMs;
    }

    /** Sends n predictions of the model spread over the window [windowStart, +windowMs), shifted by shift. */
    void send(String model, long windowStart, int n, double shift) {
        for (int i = 0; i < n; i++) {
            String segment = random.nextInt(3) == 0 ? "gold" : "silver";
            Map<String, Object> features = new HashMap<>();
            features.put("x", random.nextGaussian() + shift);
            features.put("kind", random.nextBoolean() ? "a" : "b");
            String id = model + "-" + sequence++;
            PredictionEvent e = PredictionEvent.newBuilder().setPredictionId(id).setModelId(model).setModelVersion("1")
                .setTimestamp(windowStart + random.nextInt((int) windowMs)).setFeatures(features)
                .setScore(random.nextDouble()).setTags(Map.of("tier", segment)).build();
            producer.send(new ProducerRecord<>(topic, id, JsonRecordCodec.toJsonBytes(e)));
            produced.merge(key(model, windowStart, null), 1L, Long::sum);
            produced.merge(key(model, windowStart, "tier=" + segment), 1L, Long::sum);
        }
        producer.flush();
    }

    static String key(String model, long windowStart, String segment) {
        return model + "@" + windowStart + (segment == null ? "" : "/" + segment);
    }

    long produced(String model, long windowStart, String segment) {
        return produced.getOrDefault(key(model, windowStart, segment), 0L);
    }

    @Override
    public void close() {
        producer.close();
    }
}
