package io.driftmonitor.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Predictions produced by one producer in the order the test plans them (so every partition holds
 * them in that order too), remembering each prediction's model and event time: the ground truth a
 * retrain event's training data is checked against. {@link #send} plans and sends in event-time order.
 */
final class OrderedTraffic implements AutoCloseable {
    /** A prediction to send: its model, event time and how far its income and score drift. */
    record Planned(String model, long time, double shift) {
    }

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final long windowMs;
    private final Random random = new Random(7);
    private final Map<String, Planned> sent = new LinkedHashMap<>();
    private long sequence;

    OrderedTraffic(String bootstrapServers, String topic, long windowMs) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.windowMs = windowMs;
    }

    /**
     * Sends n predictions of the model evenly spread over [windowStart, windowStart + window), in time
     * order; from {@code shift} 1 on the income feature and the score drift far beyond any threshold.
     */
    void send(String model, long windowStart, int n, double shift) {
        sendAll(plan(model, windowStart, n, shift));
    }

    /** The predictions {@link #send} would send, to be reordered or mixed with others. */
    List<Planned> plan(String model, long windowStart, int n, double shift) {
        List<Planned> planned = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            planned.add(new Planned(model, windowStart + (long) i * windowMs / n, shift));
        }
        return planned;
    }

    /** Sends the predictions in the given order and waits until the broker has them all. */
    void sendAll(List<Planned> predictions) {
        for (Planned p : predictions) {
            Map<String, Object> features = new HashMap<>();
            features.put("income", 50_000 + 10_000 * (random.nextGaussian() + p.shift()));
            features.put("region", random.nextBoolean() ? "north" : "south");
            String id = p.model() + "-" + sequence++;
            PredictionEvent event = PredictionEvent.newBuilder()
                .setPredictionId(id).setModelId(p.model()).setModelVersion("1")
                .setTimestamp(p.time()).setFeatures(features)
                .setScore(Math.min(1, Math.max(0, 0.3 + 0.1 * random.nextGaussian() + 0.2 * p.shift())))
                .setTags(Map.of("tier", sequence % 2 == 0 ? "gold" : "silver"))
                .build();
            producer.send(new ProducerRecord<>(topic, id, JsonRecordCodec.toJsonBytes(event)));
            sent.put(id, p);
        }
        producer.flush();
    }

    /** The ids of the model's predictions produced with an event time in [from, to). */
    Set<String> idsBetween(String model, long from, long to) {
        Set<String> ids = new TreeSet<>();
        sent.forEach((id, p) -> {
            if (p.model().equals(model) && p.time() >= from && p.time() < to) {
                ids.add(id);
            }
        });
        return ids;
    }

    @Override
    public void close() {
        producer.close();
    }
}
