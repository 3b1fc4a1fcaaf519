package io.driftmonitor.demo;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.driftmonitor.schema.Deployment;
import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synthetic traffic of two models whose data drifts after a while: a fraud classifier (mean shift
 * on three features and a new merchant category) and a price regressor (score shift in one country).
 * JSON predictions with event time = now, and labels for the classifier.
 */
public final class TrafficGenerator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrafficGenerator.class);
    public static final String FRAUD_MODEL = "fraud-classifier";
    public static final String PRICE_MODEL = "price-regressor";
    private static final int NUMERIC_FEATURES = 20;
    private static final List<String> COUNTRIES = List.of("DE", "FR", "US", "GB");
    private static final List<String> TIERS = List.of("gold", "silver", "bronze");
    private static final List<String> MERCHANTS = List.of("grocery", "travel", "electronics", "fashion", "fuel");
    private static final List<String> CHANNELS = List.of("web", "app", "pos");
    private static final List<String> DEVICES = List.of("ios", "android", "desktop");
    private static final long TICK_MS = 100;

    private final KafkaProducer<String, byte[]> producer;
    private final String predictionsTopic;
    private final String labelsTopic;
    private final int ratePerModel;
    private final long driftAt;
    private final Random random = new Random(7);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-traffic");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sent = new AtomicLong();
    private long sequence;
    /** Version of the shadow fraud model, when one scores the same requests (see {@link #withShadow}). */
    private String shadowVersion;
    public static final String SHADOW_VERSION = "2026.11.2-shadow";

    /**
     * @param ratePerModel predictions per second and model
     * @param driftAt      wall-clock time (epoch ms) from which the data drifts
     */
    public TrafficGenerator(String bootstrapServers, String predictionsTopic, String labelsTopic, int ratePerModel,
                            long driftAt) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), predictionsTopic, labelsTopic, ratePerModel,
            driftAt);
    }

    /**
     * @param clientProperties Kafka producer properties (bootstrap.servers, security.protocol, sasl.*, ...)
     * @param ratePerModel     predictions per second and model
     * @param driftAt          wall-clock time (epoch ms) from which the data drifts
     */
    public TrafficGenerator(Map<?, ?> clientProperties, String predictionsTopic, String labelsTopic, int ratePerModel,
                            long driftAt) {
        Map<String, Object> props = new java.util.HashMap<>();
        clientProperties.forEach((k, v) -> props.put(k.toString(), v));
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.predictionsTopic = predictionsTopic;
        this.labelsTopic = labelsTopic;
        this.ratePerModel = ratePerModel;
        this.driftAt = driftAt;
    }

    /**
     * Also publishes a shadow fraud model's prediction for every fraud request (same prediction id,
     * deployment shadow): a candidate that sees more of the truth, so a promotion policy promotes it.
     */
    public TrafficGenerator withShadow() {
        this.shadowVersion = SHADOW_VERSION;
        return this;
    }

    public void start() {
        scheduler.scheduleAtFixedRate(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
    }

    public long sent() {
        return sent.get();
    }

    private void tick() {
        try {
            long now = System.currentTimeMillis();
            boolean drifting = now >= driftAt;
            int perTick = Math.max(1, (int) (ratePerModel * TICK_MS / 1000));
            for (int i = 0; i < perTick; i++) {
                sendFraud(now, drifting);
                sendPrice(now, drifting);
            }
        } catch (RuntimeException e) {
            log.warn("Demo traffic failed: {}", e.toString());
        }
    }

    private void sendFraud(long now, boolean drifting) {
        Map<String, Object> features = numericFeatures(drifting ? 1.5 : 0.0);
        String merchant = drifting && random.nextDouble() < 0.2 ? "crypto" : pick(MERCHANTS);
        features.put("merchant_type", merchant);
        features.put("channel", pick(CHANNELS));
        features.put("device", pick(DEVICES));
        features.put("is_new_customer", random.nextDouble() < 0.1);
        features.put("currency", random.nextDouble() < 0.7 ? "EUR" : "USD");
        double logit = -2.0 + 0.8 * (double) features.get("num_0") + 0.5 * (double) features.get("num_1")
            + ("crypto".equals(merchant) ? 1.5 : 0.0);
        double score = 1 / (1 + Math.exp(-logit));
        boolean fraud = random.nextDouble() < score;
        String id = "f-" + sequence++;
        PredictionEvent event = PredictionEvent.newBuilder()
            .setPredictionId(id)
            .setModelId(FRAUD_MODEL)
            .setModelVersion("2026.11.1")
            .setTimestamp(now)
            .setFeatures(features)
            .setScore(score)
            .setPredictedLabel(score >= 0.5 ? "fraud" : "legit")
            .setTags(Map.of("country", pick(COUNTRIES), "tier", pick(TIERS)))
            .build();
        send(predictionsTopic, id, JsonRecordCodec.toJsonBytes(event));
        if (shadowVersion != null) {
            double shadowScore = 1 / (1 + Math.exp(-(logit + (fraud ? 1.5 : -1.5))));
            PredictionEvent shadow = PredictionEvent.newBuilder(event)
                .setModelVersion(shadowVersion)
                .setDeployment(Deployment.shadow)
                .setScore(shadowScore)
                .setPredictedLabel(shadowScore >= 0.5 ? "fraud" : "legit")
                .build();
            send(predictionsTopic, id, JsonRecordCodec.toJsonBytes(shadow));
        }
        LabelEvent label = LabelEvent.newBuilder()
            .setPredictionId(id)
            .setModelId(FRAUD_MODEL)
            .setTimestamp(now)
            .setLabel(fraud ? "fraud" : "legit")
            .setPredictionTimestamp(now)
            .build();
        send(labelsTopic, id, JsonRecordCodec.toJsonBytes(label));
    }

    private void sendPrice(long now, boolean drifting) {
        Map<String, Object> features = numericFeatures(0.0);
        features.put("property_type", pick(List.of("flat", "house", "studio")));
        features.put("heating", pick(List.of("gas", "heat_pump", "oil")));
        features.put("condition", pick(List.of("new", "good", "needs_work")));
        features.put("has_garden", random.nextBoolean());
        features.put("energy_class", pick(List.of("A", "B", "C", "D")));
        String country = pick(COUNTRIES);
        double price = 250_000 + 40_000 * (double) features.get("num_0") + 20_000 * random.nextGaussian();
        if (drifting && country.equals("DE")) {
            price *= 1.35;
        }
        String id = "p-" + sequence++;
        PredictionEvent event = PredictionEvent.newBuilder()
            .setPredictionId(id)
            .setModelId(PRICE_MODEL)
            .setModelVersion("2026.10.3")
            .setTimestamp(now)
            .setFeatures(features)
            .setScore(price)
            .setTags(Map.of("country", country))
            .build();
        send(predictionsTopic, id, JsonRecordCodec.toJsonBytes(event));
    }

    private Map<String, Object> numericFeatures(double shift) {
        Map<String, Object> features = new HashMap<>();
        for (int i = 0; i < NUMERIC_FEATURES; i++) {
            double value = switch (i % 4) {
                case 0 -> random.nextGaussian();
                case 1 -> Math.exp(random.nextGaussian() * 0.5);
                case 2 -> random.nextDouble() * 100;
                default -> -Math.log(1 - random.nextDouble());
            };
            features.put("num_" + i, i < 3 ? value + shift * (i == 0 ? 1 : 0.8) : value);
        }
        return features;
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), (md, e) -> {
            if (e != null) {
                log.warn("Demo record not sent to {}: {}", topic, e.toString());
            }
        });
        sent.incrementAndGet();
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
