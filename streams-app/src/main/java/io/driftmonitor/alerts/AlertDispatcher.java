package io.driftmonitor.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.serde.SchemaRegistry;
import io.driftmonitor.serde.SchemaRegistryUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the monitor's window reports, retrain and promotion events to the configured webhooks,
 * beside the Kafka Streams client and never on its threads: a consumer of its own (group
 * {@code <application.id>-alerts}, read_committed, so aborted transactions are never announced)
 * reads the output topics, and deliveries run asynchronously, at most {@code alerts.max_in_flight}
 * records at a time (beyond, the consumer pauses its partitions and keeps polling).
 *
 * <p>At least once: an offset is committed only when every record before it has finished — delivered
 * to each webhook that wants it, or dead-lettered. A crash or a restart delivers again what was in
 * flight; the {@code X-Drift-Monitor-Event-Id} header (the event's deterministic id) lets receivers
 * drop repeats. A failed delivery — after the last attempt, or a 4xx other than 408 and 429 — is
 * written to the dead-letter topic with its original key, value and headers, the reason in
 * {@value #HEADER_REASON} and the source in the headers Kafka Streams' dead letters use.
 */
public final class AlertDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);

    public static final String HEADER_REASON = "drift-monitor.reason";
    public static final String HEADER_DETAIL = "drift-monitor.detail";
    public static final String HEADER_WEBHOOK = "drift-monitor.webhook";
    public static final String HEADER_ATTEMPTS = "drift-monitor.attempts";
    public static final String HEADER_EVENT_ID = "drift-monitor.event_id";
    /** The headers of Kafka Streams' own dead letters (and of the monitor's stream), so one tool reads both. */
    static final String HEADER_EXCEPTION = "__streams.errors.exception";
    static final String HEADER_MESSAGE = "__streams.errors.message";
    static final String HEADER_TOPIC = "__streams.errors.topic";
    static final String HEADER_PARTITION = "__streams.errors.partition";
    static final String HEADER_OFFSET = "__streams.errors.offset";

    /** Longest time a closing dispatcher waits for the answers of requests already sent. */
    static final Duration MAX_CLOSE_WAIT = Duration.ofSeconds(15);
    private static final Duration DEAD_LETTER_RETRY = Duration.ofSeconds(5);
    private static final Duration DECODE_RETRY_MAX = Duration.ofSeconds(30);

    private final List<WebhookTarget> targets;
    private final Map<String, AlertKind> kindByTopic;
    private final String dlqTopic;
    private final int maxInFlight;
    private final Duration closeWait;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final WebhookTransport transport;
    private final ScheduledExecutorService worker;
    private final AlertDecoder decoder;
    private final AlertMetrics metrics;
    private final OffsetTracker<TopicPartition> tracker = new OffsetTracker<>();
    /** Records whose deliveries finished, handed from the delivery threads to the poll thread. */
    private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Requests sent and not answered, and dead letters sent and not acknowledged. */
    private final AtomicInteger outstanding = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread pollThread;

    private record Finished(TopicPartition partition, long offset) {
    }

    /** A record being delivered: how many of its deliveries are not finished. */
    private final class InFlight {
        final ConsumerRecord<byte[], byte[]> record;
        final AlertKind kind;
        final List<WebhookTarget> subscribers;
        final AtomicInteger remaining = new AtomicInteger();
        int decodeAttempts;

        InFlight(ConsumerRecord<byte[], byte[]> record, AlertKind kind, List<WebhookTarget> subscribers) {
            this.record = record;
            this.kind = kind;
            this.subscribers = subscribers;
        }

        void oneFinished() {
            if (remaining.decrementAndGet() == 0) {
                finished.add(new Finished(new TopicPartition(record.topic(), record.partition()), record.offset()));
            }
        }
    }

    private AlertDispatcher(MonitorConfig config, String bootstrapServers, MeterRegistry registry) {
        this.targets = WebhookTarget.of(config.alerts);
        this.kindByTopic = new LinkedHashMap<>();
        kindByTopic.put(config.topics.windowReports, AlertKind.WINDOW_REPORTS);
        kindByTopic.put(config.topics.retrainEvents, AlertKind.RETRAIN);
        kindByTopic.put(config.topics.promotionEvents, AlertKind.PROMOTION);
        kindByTopic.values().removeIf(kind -> targets.stream().noneMatch(t -> t.subscribes(kind)));
        this.dlqTopic = config.topics.dlq;
        this.maxInFlight = config.alerts.maxInFlight;
        Duration longest = targets.stream().map(WebhookTarget::timeout).max(Duration::compareTo).orElse(Duration.ofSeconds(10));
        this.closeWait = longest.plusSeconds(1).compareTo(MAX_CLOSE_WAIT) > 0 ? MAX_CLOSE_WAIT : longest.plusSeconds(1);
        String group = config.kafka.applicationId + "-alerts";

        Properties consumerProps = new Properties();
        consumerProps.putAll(config.kafka.properties);
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, group);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.alerts.startFrom);
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxInFlight);
        Properties producerProps = new Properties();
        producerProps.putAll(config.kafka.properties);
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, group + "-dlq");
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);

        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemon("drift-monitor-alerts-worker"));
        // At close, retries waiting for their backoff are dropped (unfinished: delivered after the next start).
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler.setRemoveOnCancelPolicy(true);
        this.worker = scheduler;
        this.transport = new HttpWebhookTransport(Executors.newFixedThreadPool(2, daemon("drift-monitor-alerts-http")),
            longest, "drift-monitor/" + version());
        this.decoder = new AlertDecoder(config.schemaRegistry.url == null ? null : SchemaRegistry.forConfig(config.schemaRegistry));
        this.metrics = new AlertMetrics(registry, targets);
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
        this.pollThread = new Thread(this::run, "drift-monitor-alerts");
        this.pollThread.setDaemon(true);
    }

    /** Starts delivering to {@code config.alerts.webhooks} (which must not be empty). */
    public static AlertDispatcher start(MonitorConfig config, String bootstrapServers, MeterRegistry registry) {
        if (config.alerts.webhooks.isEmpty()) {
            throw new IllegalArgumentException("no webhooks configured");
        }
        AlertDispatcher dispatcher = new AlertDispatcher(config, bootstrapServers, registry);
        dispatcher.consumer.subscribe(List.copyOf(dispatcher.kindByTopic.keySet()), dispatcher.new Rebalance());
        dispatcher.pollThread.start();
        for (WebhookTarget t : dispatcher.targets) {
            log.info("Alerts: webhook {} ({}) for {}", t.name(), t.safeUrl(),
                dispatcher.kindByTopic.entrySet().stream().filter(e -> t.subscribes(e.getValue())).map(Map.Entry::getKey).toList());
        }
        return dispatcher;
    }

    private void run() {
        try {
            while (!closing.get()) {
                try {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        take(r);
                    }
                    drainFinished();
                    commit(tracker.toCommit(), false);
                    pauseOrResume();
                } catch (WakeupException e) {
                    // closing
                } catch (RuntimeException e) {
                    if (closing.get()) {
                        break;
                    }
                    log.error("Alert consumer failed; retrying in 1 s", e);
                    stopped.await(1, TimeUnit.SECONDS);
                }
            }
            finishInFlight();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.warn("Closing the alert consumer failed", e);
            }
            stopped.countDown();
        }
    }

    /** Takes a record up: finished at once when no webhook subscribes to its topic, else handed to the worker. */
    private void take(ConsumerRecord<byte[], byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        AlertKind kind = kindByTopic.get(r.topic());
        List<WebhookTarget> subscribers = kind == null ? List.of() : targets.stream().filter(t -> t.subscribes(kind)).toList();
        if (subscribers.isEmpty() || r.value() == null) {
            tracker.skip(tp, r.offset());
            return;
        }
        tracker.start(tp, r.offset());
        InFlight record = new InFlight(r, kind, subscribers);
        try {
            worker.execute(() -> decodeAndDeliver(record));
        } catch (RejectedExecutionException e) {
            // closing: left pending, delivered again after the next start
        }
    }

    private void decodeAndDeliver(InFlight record) {
        if (closing.get()) {
            return;
        }
        ConsumerRecord<byte[], byte[]> r = record.record;
        AlertEvent event;
        try {
            event = decoder.decode(record.kind, r.topic(), r.partition(), r.offset(), r.value());
        } catch (SchemaRegistryUnavailableException e) {
            // As schema_registry.on_unavailable: wait — nothing is committed past the record meanwhile.
            record.decodeAttempts++;
            long delay = Math.min(DECODE_RETRY_MAX.toMillis(), 1000L << Math.min(5, record.decodeAttempts - 1));
            log.warn("Alerts: schema registry unavailable for {}-{}@{}; retrying in {} ms", r.topic(), r.partition(), r.offset(), delay);
            schedule(() -> decodeAndDeliver(record), Duration.ofMillis(delay));
            return;
        } catch (RuntimeException e) {
            record.remaining.set(record.subscribers.size());
            for (WebhookTarget t : record.subscribers) {
                metrics.failed(t, record.kind, Delivery.UNDECODABLE);
                deadLetter(record, t, Delivery.UNDECODABLE, e.getClass().getName(), String.valueOf(e.getMessage()), 0, null);
            }
            return;
        }
        List<WebhookTarget> wanted = record.subscribers.stream().filter(t -> t.wants(event)).toList();
        if (wanted.isEmpty()) {
            record.remaining.set(1);
            record.oneFinished();
            return;
        }
        record.remaining.set(wanted.size());
        for (WebhookTarget t : wanted) {
            Delivery.Listener listener = new Outcome(record);
            Delivery delivery;
            try {
                delivery = new Delivery(event, t, this::countedPost, this::schedule, System::currentTimeMillis,
                    () -> ThreadLocalRandom.current().nextDouble(), closing::get, listener);
            } catch (RuntimeException e) {
                metrics.failed(t, record.kind, Delivery.UNDECODABLE);
                deadLetter(record, t, Delivery.UNDECODABLE, e.getClass().getName(), String.valueOf(e.getMessage()), 0, event.eventId());
                continue;
            }
            delivery.start();
        }
    }

    /** A request through the transport, counted until its answer (a closing dispatcher waits for it). */
    private java.util.concurrent.CompletableFuture<WebhookTransport.Response> countedPost(java.net.URI uri, Map<String, String> headers,
                                                                                         byte[] body, Duration timeout) {
        outstanding.incrementAndGet();
        try {
            return transport.post(uri, headers, body, timeout).whenComplete((r, e) -> outstanding.decrementAndGet());
        } catch (RuntimeException e) {
            outstanding.decrementAndGet();
            throw e;
        }
    }

    private void schedule(Runnable task, Duration delay) {
        worker.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The outcome of one delivery of a record. */
    private final class Outcome implements Delivery.Listener {
        private final InFlight record;

        Outcome(InFlight record) {
            this.record = record;
        }

        @Override
        public void delivered(Delivery delivery, int attempts) {
            metrics.delivered(delivery.target(), record.kind);
            log.atDebug().addKeyValue("webhook", delivery.target().name()).addKeyValue("event_id", delivery.event().eventId())
                .log("Alert {} of {} delivered to {} after {} attempt(s)", record.kind.configName(), delivery.event().modelId(),
                    delivery.target().name(), attempts);
            record.oneFinished();
        }

        @Override
        public void failed(Delivery delivery, String reason, String detail, int attempts) {
            metrics.failed(delivery.target(), record.kind, reason);
            execute(() -> deadLetter(record, delivery.target(), reason, null, detail, attempts, delivery.event().eventId()));
        }

        @Override
        public void abandoned(Delivery delivery) {
            // closing: not finished, so not committed; the next start delivers it again
        }

        @Override
        public void retrying(Delivery delivery, int nextAttempt, Duration delay, String cause) {
            metrics.retried(delivery.target(), record.kind);
            log.atInfo().addKeyValue("webhook", delivery.target().name()).addKeyValue("event_id", delivery.event().eventId())
                .log("Alert {} of {} to webhook {}: {}; attempt {} in {} ms", record.kind.configName(), delivery.event().modelId(),
                    delivery.target().name(), cause, nextAttempt, delay.toMillis());
        }
    }

    private void execute(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // closing: the delivery stays unfinished and is made again after the next start
        }
    }

    /** Writes a failed delivery to the dead-letter topic; the delivery is finished once the broker has it. */
    private void deadLetter(InFlight record, WebhookTarget target, String reason, String exception, String detail, int attempts,
                            String eventId) {
        ConsumerRecord<byte[], byte[]> r = record.record;
        Headers headers = new RecordHeaders(r.headers().toArray());
        put(headers, HEADER_REASON, reason);
        put(headers, HEADER_DETAIL, detail);
        put(headers, HEADER_WEBHOOK, target.name());
        put(headers, HEADER_ATTEMPTS, Integer.toString(attempts));
        if (eventId != null) {
            put(headers, HEADER_EVENT_ID, eventId);
        }
        if (exception != null) {
            put(headers, HEADER_EXCEPTION, exception);
        }
        put(headers, HEADER_MESSAGE, detail);
        put(headers, HEADER_TOPIC, r.topic());
        put(headers, HEADER_PARTITION, Integer.toString(r.partition()));
        put(headers, HEADER_OFFSET, Long.toString(r.offset()));
        log.atWarn().addKeyValue("webhook", target.name()).addKeyValue("topic", r.topic()).addKeyValue("partition", r.partition())
            .addKeyValue("offset", r.offset()).addKeyValue("reason", reason)
            .log("Alert from {}-{}@{} not delivered to webhook {} ({}): {}: {}; written to {}", r.topic(), r.partition(), r.offset(),
                target.name(), target.safeUrl(), reason, detail, dlqTopic);
        outstanding.incrementAndGet();
        try {
            producer.send(new ProducerRecord<>(dlqTopic, null, r.key(), r.value(), headers), (metadata, error) -> {
                outstanding.decrementAndGet();
                if (error == null) {
                    record.oneFinished();
                } else if (!closing.get()) {
                    log.error("Alerts: writing a dead letter to {} failed; retrying in {} s", dlqTopic, DEAD_LETTER_RETRY.toSeconds(), error);
                    retryDeadLetter(record, target, reason, exception, detail, attempts, eventId);
                }
            });
        } catch (RuntimeException e) {
            outstanding.decrementAndGet();
            if (!closing.get()) {
                log.error("Alerts: writing a dead letter to {} failed; retrying in {} s", dlqTopic, DEAD_LETTER_RETRY.toSeconds(), e);
                retryDeadLetter(record, target, reason, exception, detail, attempts, eventId);
            }
        }
    }

    private void retryDeadLetter(InFlight record, WebhookTarget target, String reason, String exception, String detail, int attempts,
                                 String eventId) {
        try {
            schedule(() -> deadLetter(record, target, reason, exception, detail, attempts, eventId), DEAD_LETTER_RETRY);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }

    private void drainFinished() {
        for (Finished f; (f = finished.poll()) != null; ) {
            tracker.finish(f.partition(), f.offset());
        }
        metrics.inFlight(tracker.inFlight());
    }

    private void commit(Map<TopicPartition, Long> positions, boolean sync) {
        if (positions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        positions.forEach((tp, position) -> offsets.put(tp, new OffsetAndMetadata(position)));
        if (sync) {
            consumer.commitSync(offsets, Duration.ofSeconds(10));
        } else {
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error != null) {
                    log.warn("Alerts: committing offsets failed (they are committed again with the next ones): {}", error.toString());
                }
            });
        }
    }

    private void pauseOrResume() {
        if (tracker.inFlight() >= maxInFlight) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    /**
     * After the loop: requests already sent get their answer (or time out) and the dead letters of
     * failed ones are acknowledged, up to the close wait; then every finished record is committed.
     * Deliveries waiting for a retry are left unfinished: the next start delivers them.
     */
    private void finishInFlight() throws InterruptedException {
        long deadline = System.nanoTime() + closeWait.toNanos();
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            stopped.await(20, TimeUnit.MILLISECONDS);
        }
        worker.shutdown();
        worker.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        producer.flush();
        drainFinished();
        Map<TopicPartition, Long> positions = tracker.toCommit();
        try {
            try {
                commit(positions, true);
            } catch (WakeupException e) {
                // the wake-up of close() that no poll consumed: it is spent now
                commit(positions, true);
            }
        } catch (RuntimeException e) {
            log.warn("Alerts: committing offsets at close failed; the next start delivers those records again: {}", e.toString());
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            drainFinished();
            Map<TopicPartition, Long> positions = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long position = tracker.toCommit(tp);
                if (position >= 0) {
                    positions.put(tp, position);
                }
                tracker.remove(tp);
            }
            try {
                commit(positions, true);
            } catch (RuntimeException e) {
                log.warn("Alerts: committing revoked partitions failed; their new owner delivers those records again: {}", e.toString());
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(tracker::remove);
        }
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        consumer.wakeup();
        try {
            pollThread.join(closeWait.plusSeconds(20).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.shutdownNow();
        transport.close();
        producer.close(Duration.ofSeconds(5));
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static String version() {
        String v = AlertDispatcher.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

}
