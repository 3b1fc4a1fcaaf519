package io.driftmonitor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.driftmonitor.state.DelegatingStateStore;
import io.driftmonitor.state.HeapBufferedStore;
import io.driftmonitor.state.HeapBufferedStoreBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the order exactly-once rests on: Kafka Streams writes the heap partials of a
 * {@link HeapBufferedStore} to its changelog <em>before</em> it commits the input offsets, in the same
 * transaction (today through {@code CachedStateStore.flushCache()}, which
 * {@code StreamTask.prepareCommit} reaches through {@code ProcessorStateManager.flushCache()}; under
 * exactly_once_v2 the store's own {@code commit(Map)} is not even called at every commit, only at
 * checkpoints). If a Kafka Streams upgrade stopped calling that hook, or called it after the offsets
 * are committed, a crash would lose or double-count level-1 partials without any other test noticing.
 * <p>
 * The check, against a real broker with exactly_once_v2: a one-thread application counts the records
 * of each input partition in a {@link HeapBufferedStore} (in heap, as level 1 does), while a producer
 * keeps writing. Several times the test freezes the stream thread between two commits (a wall-clock
 * punctuator waits on the test; no commit can happen meanwhile) and compares what a crash at that
 * instant would restart from: the committed consumer-group offset of every input partition, and the
 * count in the store's changelog read with {@code isolation.level=read_committed}. They must be equal:
 * every committed offset is covered by the changelogged heap state, no more and no less.
 * <p>
 * The same check runs on two broken stores to show that it fails when the order breaks: one whose
 * pre-commit hook Kafka Streams does not see (the heap store behind a wrapper that is not a
 * {@code CachedStateStore}, flushed only by the store {@code commit} hook), and one whose image reaches
 * the changelog one commit late (as if the hook ran after the offsets were committed).
 */
class HeapStoreCommitOrderTest {
    private static final String STORE = "heap-counts";
    private static final int PARTITIONS = 3;
    private static final int PROBES = 4;

    @TempDir
    static Path stateRoot;

    private static KafkaCluster kafka;
    private static Admin admin;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaCluster.start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @AfterAll
    static void stopKafka() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldCoverEveryCommittedOffsetWithTheChangeloggedHeapState() throws Exception {
        try (Run run = new Run(Variant.HEAP_BUFFERED)) {
            for (int probe = 0; probe < PROBES; probe++) {
                run.probe();
            }
        }
    }

    @Test
    void shouldDetectAHeapStoreThatKafkaStreamsDoesNotFlushBeforeCommitting() throws Exception {
        try (Run run = new Run(Variant.NOT_FLUSHED_BEFORE_COMMIT)) {
            assertThatThrownBy(() -> {
                for (int probe = 0; probe < PROBES; probe++) {
                    run.probe();
                }
            }).hasMessageContaining("changelogged count");
        }
    }

    @Test
    void shouldDetectAHeapImageThatReachesTheChangelogAfterTheOffsetsAreCommitted() throws Exception {
        try (Run run = new Run(Variant.FLUSHED_AFTER_COMMIT)) {
            assertThatThrownBy(() -> {
                for (int probe = 0; probe < PROBES; probe++) {
                    run.probe();
                }
            }).hasMessageContaining("changelogged count");
        }
    }

    /** The store under test. */
    private enum Variant {
        /** The level-1 store as the monitor builds it. */
        HEAP_BUFFERED,
        /** The same store, but Kafka Streams cannot see its pre-commit hook: only the store commit hook flushes it. */
        NOT_FLUSHED_BEFORE_COMMIT,
        /** A heap store whose image is written one commit late, as a hook running after the offset commit would. */
        FLUSHED_AFTER_COMMIT
    }

    /** The application, its producer and the probe, for one variant. */
    private static final class Run implements AutoCloseable {
        private final String applicationId = "commit-order-" + UUID.randomUUID();
        private final String input = applicationId + "-input";
        private final String changelog = applicationId + "-" + STORE + "-changelog";
        private final Barrier barrier = new Barrier();
        private final KafkaStreams streams;
        private final KafkaProducer<String, String> producer;
        private final ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        private long committedAtLastProbe;

        Run(Variant variant) throws Exception {
            admin.createTopics(List.of(new NewTopic(input, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            Topology topology = new Topology();
            topology.addSource("read-input", new StringDeserializer(), new StringDeserializer(), input);
            topology.addProcessor("count", () -> new CountingProcessor(barrier), "read-input");
            topology.addStateStore(storeBuilder(variant).withLoggingEnabled(Map.of()), "count");
            Properties p = new Properties();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            // One thread: while its punctuator waits for the test, nothing of this application commits.
            p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
            p.put(StreamsConfig.STATE_DIR_CONFIG, stateRoot.resolve(applicationId).toString());
            streams = new KafkaStreams(topology, p);
            streams.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer());
            // A steady stream: every commit interval (100 ms under exactly-once) holds records of every partition.
            long[] sequence = {0};
            traffic.scheduleAtFixedRate(() -> {
                for (int i = 0; i < 3 * PARTITIONS; i++) {
                    long n = sequence[0]++;
                    producer.send(new ProducerRecord<>(input, (int) (n % PARTITIONS), "k" + n, "v" + n));
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
        }

        private static StoreBuilder<?> storeBuilder(Variant variant) {
            return switch (variant) {
                case HEAP_BUFFERED -> new HeapBufferedStoreBuilder<>(STORE, Counter.SERDE);
                case NOT_FLUSHED_BEFORE_COMMIT -> new WrappingBuilder<>(new HeapBufferedStoreBuilder<>(STORE, Counter.SERDE),
                    HiddenHookStore::new);
                case FLUSHED_AFTER_COMMIT -> new WrappingBuilder<>(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                    Serdes.String(), Counter.SERDE).withCachingDisabled(), OneCommitLateStore::new);
            };
        }

        /**
         * Waits until more input has been committed since the last probe, freezes the stream thread
         * between two commits and checks that the changelog covers the committed offsets exactly.
         */
        void probe() throws Exception {
            await("input committed since the last probe").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> total(committedOffsets()) > committedAtLastProbe);
            try (Barrier.Held held = barrier.hold()) {
                // The commit markers of the last transaction are written asynchronously: give them a moment.
                await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    Map<Integer, Long> committed = committedOffsets();
                    Map<Integer, Long> changelogged = changeloggedCounts();
                    for (int partition = 0; partition < PARTITIONS; partition++) {
                        assertThat(changelogged.getOrDefault(partition, 0L))
                            .as("changelogged count of partition %d (read_committed) vs its committed offset; all: %s vs %s",
                                partition, changelogged, committed)
                            .isEqualTo(committed.getOrDefault(partition, 0L));
                    }
                });
                committedAtLastProbe = total(committedOffsets());
            }
        }

        private Map<Integer, Long> committedOffsets() throws Exception {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(input) && e.getValue() != null)
                .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
        }

        /** The latest count of every changelog partition, as a restore after a crash would read it. */
        private Map<Integer, Long> changeloggedCounts() {
            Map<Integer, Long> counts = new HashMap<>();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(changelog, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(changelog, info.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                // read_committed: the end is the last stable offset, past which nothing is committed yet.
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.value() != null) {
                            counts.put(r.partition(), Counter.SERDE.deserializer().deserialize(changelog, r.value()).value);
                        }
                    }
                }
            }
            return counts;
        }

        private static long total(Map<Integer, Long> offsets) {
            return offsets.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public void close() throws Exception {
            traffic.shutdownNow();
            traffic.awaitTermination(10, TimeUnit.SECONDS);
            producer.close();
            barrier.close();
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
        }
    }

    /** Counts the records of its task's partition in heap; the task of partition 0 also waits at the barrier. */
    private static final class CountingProcessor implements Processor<String, String, Void, Void> {
        private final Barrier barrier;
        private Function<String, Counter> counters;

        CountingProcessor(Barrier barrier) {
            this.barrier = barrier;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void init(ProcessorContext<Void, Void> context) {
            StateStore store = context.getStateStore(STORE);
            if (store instanceof HeapBufferedStore<?> heap) {
                counters = key -> ((HeapBufferedStore<Counter>) heap).getForUpdate(key, Counter::new);
            } else if (store instanceof HiddenHookStore hidden) {
                counters = key -> hidden.heap.getForUpdate(key, Counter::new);
            } else {
                counters = ((OneCommitLateStore) store)::counter;
            }
            if (context.taskId().partition() == 0) {
                context.schedule(Duration.ofMillis(50), PunctuationType.WALL_CLOCK_TIME, now -> barrier.waitIfHeld());
            }
        }

        @Override
        public void process(Record<String, String> record) {
            counters.apply("count").value++;
        }
    }

    /** Lets the test freeze the stream thread inside a punctuator, that is between two commits. */
    private static final class Barrier implements AutoCloseable {
        private final Semaphore requested = new Semaphore(0);
        private final Semaphore holding = new Semaphore(0);
        private final Semaphore released = new Semaphore(0);
        private volatile boolean closed;

        /** On the stream thread. */
        void waitIfHeld() {
            if (!closed && requested.tryAcquire()) {
                holding.release();
                try {
                    released.tryAcquire(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** On the test thread: returns once the stream thread waits. */
        Held hold() throws InterruptedException {
            requested.release();
            assertThat(holding.tryAcquire(30, TimeUnit.SECONDS)).as("the stream thread reached the barrier").isTrue();
            return released::release;
        }

        @Override
        public void close() {
            closed = true;
            released.release(Integer.MAX_VALUE / 2);
        }

        interface Held extends AutoCloseable {
            @Override
            void close();
        }
    }

    /** A mutable count (heap state is updated in place, as level-1 partials are). */
    private static final class Counter {
        static final Serde<Counter> SERDE = Serdes.serdeFrom(
            (topic, c) -> c == null ? null : ByteBuffer.allocate(Long.BYTES).putLong(c.value).array(),
            (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                Counter c = new Counter();
                c.value = ByteBuffer.wrap(bytes).getLong();
                return c;
            });
        long value;
    }

    /** A store of the test built by wrapping what another builder builds. */
    private static final class WrappingBuilder<I extends StateStore, S extends StateStore> implements StoreBuilder<S> {
        private final StoreBuilder<I> inner;
        private final Function<I, S> wrap;

        WrappingBuilder(StoreBuilder<I> inner, Function<I, S> wrap) {
            this.inner = inner;
            this.wrap = wrap;
        }

        @Override
        public StoreBuilder<S> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<S> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<S> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<S> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public S build() {
            return wrap.apply(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }

    /**
     * The heap store behind a wrapper that is not a {@code CachedStateStore}: what the monitor would
     * get if Kafka Streams stopped calling that hook. It is flushed only where the store API still
     * reaches it, the store {@code commit} hook (KIP-1035), which runs after the offsets are committed.
     */
    private static final class HiddenHookStore extends DelegatingStateStore {
        final HeapBufferedStore<Counter> heap;

        HiddenHookStore(HeapBufferedStore<Counter> heap) {
            super(heap);
            this.heap = heap;
        }

        @Override
        public void commit(Map<TopicPartition, Long> changelogOffsets) {
            heap.flushCache();
            heap.commit(changelogOffsets);
        }
    }

    /**
     * Heap counters whose image reaches the changelog one commit late: each pre-commit flush writes
     * the counts as they were at the previous one, as a hook running after the offset commit would.
     */
    private static final class OneCommitLateStore extends DelegatingStateStore implements CachedStateStore<String, Counter> {
        private final KeyValueStore<String, Counter> inner;
        private final Map<String, Counter> heap = new HashMap<>();
        private Map<String, Long> previous = Map.of();

        OneCommitLateStore(KeyValueStore<String, Counter> inner) {
            super(inner);
            this.inner = inner;
        }

        Counter counter(String key) {
            return heap.computeIfAbsent(key, k -> {
                Counter restored = inner.get(k);
                return restored == null ? new Counter() : restored;
            });
        }

        @Override
        public void flushCache() {
            previous.forEach((key, value) -> {
                Counter c = new Counter();
                c.value = value;
                inner.put(key, c);
            });
            previous = heap.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().value));
        }

        @Override
        public void clearCache() {
            heap.clear();
            previous = Map.of();
        }

        @Override
        public boolean setFlushListener(CacheFlushListener<String, Counter> listener, boolean sendOldValues) {
            return false;
        }
    }
}
