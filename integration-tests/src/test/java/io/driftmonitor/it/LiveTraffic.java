package io.driftmonitor.it;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Live traffic as a production model makes it: predictions stamped with the wall clock at the
 * moment they are sent, at a steady rate per model, and the ground truth of a share of them sent as
 * labels (keyed by prediction id, Java's default partitioner) a little later. It counts only what the
 * broker acknowledged, per (model, window, segment) and labels per (model, prediction window): the
 * numbers the monitor's events must equal. It keeps sending through broker restarts (the producer
 * retries, idempotently) and while the monitor is down.
 */
final class LiveTraffic implements AutoCloseable {
    private static final long TICK_MS = 50;
    private static final long LABEL_DELAY_MS = 1_500;

    private record PendingLabel(long dueAt, String id, String model, String label) {
    }

    private final KafkaProducer<String, byte[]> producer;
    private final String predictionsTopic;
    private final String labelsTopic;
    private final Map<String, Long> windowByModel;
    private final int perModelPerTick;
    private final int labelEvery;
    private final Random random = new Random(23);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-traffic");
        t.setDaemon(true);
        return t;
    });
    private final ArrayDeque<PendingLabel> labels = new ArrayDeque<>();
    private final Map<String, Long> produced = new TreeMap<>();
    private final Map<String, Long> labelled = new TreeMap<>();
    private final Map<String, Long> predictionWindow = new HashMap<>();
    /** Predictions per (model, second of event time, segment), and labels per (model, prediction window, second sent). */
    private final Map<String, Long> producedPerSecond = new HashMap<>();
    private final Map<String, Long> labelsPerSecond = new HashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private long sequence;
    private volatile long firstEventTime = Long.MAX_VALUE;
    private volatile long lastEventTime = Long.MIN_VALUE;
    private volatile boolean stopped;

    /**
     * @param windowByModel   the window size (ms) of each model, as its policy sets it
     * @param perModelPerSecond predictions per model and second
     * @param labelEvery      one prediction in this many gets a label
     */
    LiveTraffic(String bootstrapServers, Map<String, Long> windowByModel, int perModelPerSecond, int labelEvery) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
        this.predictionsTopic = "predictions";
        this.labelsTopic = "labels";
        this.windowByModel = new TreeMap<>(windowByModel);
        this.perModelPerTick = Math.max(1, (int) (perModelPerSecond * TICK_MS / 1000));
        this.labelEvery = labelEvery;
    }

    LiveTraffic start() {
        scheduler.scheduleAtFixedRate(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        if (stopped) {
            return;
        }
        try {
            for (String model : windowByModel.keySet()) {
                for (int i = 0; i < perModelPerTick; i++) {
                    sendPrediction(model);
                }
            }
            long now = System.currentTimeMillis();
            while (!labels.isEmpty() && labels.peekFirst().dueAt() <= now) {
                sendLabel(labels.pollFirst());
            }
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, e);
        }
    }

    private void sendPrediction(String model) {
        String id = model + "-" + sequence++;
        String tier = random.nextInt(3) == 0 ? "gold" : "silver";
        Map<String, Object> features = new HashMap<>();
        features.put("x", random.nextGaussian());
        features.put("kind", random.nextBoolean() ? "a" : "b");
        double score = random.nextDouble();
        String predicted = score >= 0.5 ? "yes" : "no";
        long now = System.currentTimeMillis();
        PredictionEvent event = PredictionEvent.newBuilder().setPredictionId(id).setModelId(model).setModelVersion("1")
            .setTimestamp(now).setFeatures(features).setScore(score).setPredictedLabel(predicted)
            .setTags(Map.of("tier", tier)).build();
        long window = windowOf(model, now);
        boolean label = sequence % labelEvery == 0;
        String truth = random.nextInt(4) == 0 ? (predicted.equals("yes") ? "no" : "yes") : predicted;
        producer.send(new ProducerRecord<>(predictionsTopic, id, JsonRecordCodec.toJsonBytes(event)), (metadata, e) -> {
            if (e != null) {
                failed(e);
                return;
            }
            synchronized (this) {
                produced.merge(Traffic.key(model, window, null), 1L, Long::sum);
                produced.merge(Traffic.key(model, window, "tier=" + tier), 1L, Long::sum);
                producedPerSecond.merge(Traffic.key(model, now / 1000, null), 1L, Long::sum);
                producedPerSecond.merge(Traffic.key(model, now / 1000, "tier=" + tier), 1L, Long::sum);
                firstEventTime = Math.min(firstEventTime, now);
                lastEventTime = Math.max(lastEventTime, now);
                if (label) {
                    predictionWindow.put(id, window);
                }
            }
        });
        if (label) {
            labels.addLast(new PendingLabel(now + LABEL_DELAY_MS, id, model, truth));
        }
    }

    private void sendLabel(PendingLabel pending) {
        Long window;
        synchronized (this) {
            window = predictionWindow.remove(pending.id());
        }
        if (window == null) {
            return; // its prediction was not acknowledged (yet): a label for it would prove nothing
        }
        long sentAt = System.currentTimeMillis();
        LabelEvent label = LabelEvent.newBuilder().setPredictionId(pending.id()).setModelId(pending.model())
            .setTimestamp(sentAt).setLabel(pending.label()).build();
        producer.send(new ProducerRecord<>(labelsTopic, pending.id(), JsonRecordCodec.toJsonBytes(label)), (metadata, e) -> {
            if (e != null) {
                failed(e);
                return;
            }
            synchronized (this) {
                labelled.merge(Traffic.key(pending.model(), window, null), 1L, Long::sum);
                labelsPerSecond.merge(Traffic.key(pending.model(), window, Long.toString(sentAt / 1000)), 1L, Long::sum);
            }
        });
    }

    private void failed(Exception e) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, e);
    }

    long windowOf(String model, long timestamp) {
        long size = windowByModel.get(model);
        return Math.floorDiv(timestamp, size) * size;
    }

    long windowSize(String model) {
        return windowByModel.get(model);
    }

    Set<String> models() {
        return windowByModel.keySet();
    }

    /** Stops sending predictions, sends the labels still due and waits until the broker acknowledged everything. */
    void stop() throws InterruptedException {
        stopped = true;
        scheduler.shutdown();
        scheduler.awaitTermination(30, TimeUnit.SECONDS);
        while (!labels.isEmpty()) {
            sendLabel(labels.pollFirst());
        }
        producer.flush();
    }

    synchronized long produced(String model, long windowStart, String segment) {
        return produced.getOrDefault(Traffic.key(model, windowStart, segment), 0L);
    }

    synchronized long labels(String model, long windowStart) {
        return labelled.getOrDefault(Traffic.key(model, windowStart, null), 0L);
    }

    /** Predictions of the window (and segment) stamped between the two times (whole seconds around them). */
    synchronized long producedBetween(String model, long windowStart, String segment, long from, long to) {
        long n = 0;
        for (long second = from / 1000; second <= to / 1000; second++) {
            if (second * 1000 >= windowStart && second * 1000 < windowStart + windowSize(model)) {
                n += producedPerSecond.getOrDefault(Traffic.key(model, second, segment), 0L);
            }
        }
        return n;
    }

    /** Labels of the window's predictions sent between the two times (whole seconds around them). */
    synchronized long labelsBetween(String model, long windowStart, long from, long to) {
        long n = 0;
        for (long second = from / 1000; second <= to / 1000; second++) {
            n += labelsPerSecond.getOrDefault(Traffic.key(model, windowStart, Long.toString(second)), 0L);
        }
        return n;
    }

    /** The windows of the model that received predictions, oldest first. */
    synchronized TreeSet<Long> windows(String model) {
        TreeSet<Long> windows = new TreeSet<>();
        for (long t = windowOf(model, firstEventTime); t <= lastEventTime; t += windowSize(model)) {
            if (produced(model, t, null) > 0) {
                windows.add(t);
            }
        }
        return windows;
    }

    synchronized long totalPredictions() {
        return produced.entrySet().stream().filter(e -> !e.getKey().contains("/")).mapToLong(Map.Entry::getValue).sum();
    }

    synchronized long totalLabels() {
        return labelled.values().stream().mapToLong(Long::longValue).sum();
    }

    long lastEventTime() {
        return lastEventTime;
    }

    long failures() {
        return failures.get();
    }

    Exception firstFailure() {
        return firstFailure.get();
    }

    @Override
    public void close() throws InterruptedException {
        if (!stopped) {
            stop();
        }
        producer.close();
    }
}
