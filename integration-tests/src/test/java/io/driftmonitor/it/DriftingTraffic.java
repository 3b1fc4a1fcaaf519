package io.driftmonitor.it;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Predictions of several models in past event-time windows: window 0 is the baseline, windows 1 and
 * 2 drift (income shifts, a new region appears), and a small window 3 moves the event clock past
 * window 2 so that it closes.
 */
final class DriftingTraffic {
    static final long W = 10_000;
    static final int PER_WINDOW = 300;

    private DriftingTraffic() {
    }

    /** The start of window 0, far enough in the past that no window waits for the wall clock. */
    static long firstWindow() {
        return (System.currentTimeMillis() / W - 20) * W;
    }

    static void produce(String bootstrapServers, String topic, List<String> models, long t0) {
        Random random = new Random(11);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(), new ByteArraySerializer())) {
            int id = 0;
            for (int w = 0; w < 4; w++) {
                int n = w == 3 ? 20 : PER_WINDOW;
                for (String model : models) {
                    double shift = w == 0 ? 0 : 2;
                    for (int i = 0; i < n; i++) {
                        Map<String, Object> features = new HashMap<>();
                        features.put("income", 50_000 + 10_000 * (random.nextGaussian() + shift));
                        features.put("age", 40 + 10 * random.nextGaussian());
                        features.put("region", w > 0 && i % 3 == 0 ? "east" : random.nextBoolean() ? "north" : "south");
                        PredictionEvent event = PredictionEvent.newBuilder()
                            .setPredictionId(model + "-" + id).setModelId(model).setModelVersion("1")
                            .setTimestamp(t0 + w * W + (long) i * (W / n))
                            .setFeatures(features).setScore(Math.min(1, Math.max(0, 0.3 + 0.1 * random.nextGaussian() + 0.1 * shift)))
                            .setPredictedLabel(random.nextDouble() < 0.2 ? "fraud" : "ok")
                            .setTags(Map.of("country", i % 2 == 0 ? "DE" : "FR"))
                            .build();
                        producer.send(new ProducerRecord<>(topic, model + "-" + id++, JsonRecordCodec.toJsonBytes(event)));
                    }
                }
                producer.flush();
            }
        }
    }

    /**
     * Late ground truth for the first {@code n} predictions of window 1 of every model (ids as
     * {@link #produce} assigns them): the label equals the predicted label for two thirds of them.
     */
    static void produceLabels(String bootstrapServers, String topic, List<String> models, long t0, int n) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(), new ByteArraySerializer())) {
            for (int m = 0; m < models.size(); m++) {
                String model = models.get(m);
                for (int i = 0; i < n; i++) {
                    String id = model + "-" + ((models.size() + m) * PER_WINDOW + i);
                    LabelEvent label = LabelEvent.newBuilder().setPredictionId(id).setModelId(model)
                        .setTimestamp(t0 + 5 * W).setLabel(i % 3 == 0 ? "fraud" : "ok").build();
                    producer.send(new ProducerRecord<>(topic, id, JsonRecordCodec.toJsonBytes(label)));
                }
            }
            producer.flush();
        }
    }
}
