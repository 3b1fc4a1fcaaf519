package io.driftmonitor.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftmonitor.app.MonitorApp;
import io.driftmonitor.broker.EmbeddedKafkaBroker;
import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.drift.BaselineView;
import io.driftmonitor.drift.PredictionSignals;
import io.driftmonitor.schema.Baseline;
import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.InMemorySchemaRegistry;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.serde.PredictionDecoder;
import io.driftmonitor.state.WindowPartial;
import io.driftmonitor.topology.TopologyNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The end-to-end benchmark: pre-produces the predictions once, then reads the same data with a raw
 * consumer, a decoding consumer, a decode + histogram loop and the full monitor (several
 * configurations), all in this JVM against one broker, and reports rates, CPU, heap and ratios.
 */
public final class Harness {
    static final String SUBJECT_SUFFIX = "-value";
    /** Offsets are committed this often in every monitor run (the exactly-once default, also for at-least-once). */
    static final long COMMIT_INTERVAL_MS = 100;
    /** A run that has not read all the records by then has failed. */
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    /** How often a monitor run checks the committed offsets: the resolution of its end time. */
    static final long POLL_COMMITTED_MS = 25;
    /** Windows ending this soon after live traffic starts are not measured in the latency run. */
    static final Duration LATENCY_WARMUP = Duration.ofSeconds(5);
    /** Models of the many-models run, which carries the same total traffic as the one-model runs. */
    static final int TEN_MODELS = 10;

    /** What to run. */
    public static final class Options {
        public long records = 200_000;
        public int numeric = 50;
        public int categorical = 10;
        public int wideNumeric = 100;
        public int models = 1;
        public int partitions = 6;
        public int threads = 1;
        public String bootstrapServers;
        public Duration latencyDuration = Duration.ofSeconds(30);
        public boolean latency = true;
        /** Records/s of the latency run; NaN for half the measured exactly-once rate. */
        public double latencyRate = Double.NaN;
        /** Before measuring: one unmeasured plain loop (JIT of decode and histograms), or if {@code warmupMonitor} one unmeasured pass of every run. */
        public boolean warmup = true;
        public boolean warmupMonitor = true;
        public PrintStream progress = System.err;
    }

    private final Options options;
    private final String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final InMemorySchemaRegistry registry;
    private final String registryUrl;
    private String bootstrap;

    public Harness(Options options) {
        this.options = options;
        String registryName = prefix + "registry";
        this.registry = InMemorySchemaRegistry.named(registryName);
        this.registryUrl = "mock://" + registryName;
    }

    public BenchReport run() {
        return withBroker(this::runAll);
    }

    /** The scaling runs and the memory footprint (see {@link Scaling}); the chart goes to {@code plot} if not null. */
    ScalingReport runScaling(Path plot) {
        return withBroker(() -> new Scaling(this, options).run(plot));
    }

    private <T> T withBroker(java.util.function.Supplier<T> body) {
        EmbeddedKafkaBroker broker = null;
        try {
            if (options.bootstrapServers == null) {
                progress("starting an embedded Kafka broker");
                broker = EmbeddedKafkaBroker.startTemporary();
                bootstrap = broker.bootstrapServers();
            } else {
                bootstrap = options.bootstrapServers;
            }
            return body.get();
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private BenchReport runAll() {
        double loadAtStart = RunResult.round(Measure.loadAverage(), 2);
        ModelPolicy policy = MonitorConfig.defaults().defaults;
        Workload base = new Workload(options.numeric, options.categorical, options.models, "model-", registry,
            prefix + "predictions" + SUBJECT_SUFFIX);
        Workload wide = new Workload(options.wideNumeric, options.categorical, options.models, "wide-model-", registry,
            prefix + "predictions-wide" + SUBJECT_SUFFIX);
        Workload tenModels = new Workload(options.numeric, options.categorical, TEN_MODELS * options.models, "ten-model-",
            registry, prefix + "predictions-ten-models" + SUBJECT_SUFFIX);
        String topic = prefix + "predictions";
        String wideTopic = prefix + "predictions-wide";
        String tenModelsTopic = prefix + "predictions-ten-models";
        String allLabelsTopic = prefix + "labels-of-every-prediction";
        createTopics(List.of(topic, wideTopic, tenModelsTopic, prefix + "labels", allLabelsTopic));
        createBaselinesTopic();
        // The monitor creates its other topics (drift events, partials, ...) when it starts.
        List<Baseline> baselines = new ArrayList<>(base.baselines(policy));
        baselines.addAll(wide.baselines(policy));
        baselines.addAll(tenModels.baselines(policy));
        produceBaselines(baselines);
        progress("producing " + options.records + " predictions (" + options.numeric + " numeric + "
            + options.categorical + " categorical features) to " + topic);
        long bytes = produce(base, topic, options.records);
        progress("producing " + options.records + " predictions (" + options.wideNumeric + " numeric + "
            + options.categorical + " categorical features) to " + wideTopic);
        long wideBytes = produce(wide, wideTopic, options.records);
        progress("producing " + options.records + " predictions over " + tenModels.models + " models to " + tenModelsTopic);
        long tenModelsBytes = produce(tenModels, tenModelsTopic, options.records);
        progress("producing a label for each of the " + options.records + " predictions of " + topic + " to " + allLabelsTopic);
        produceLabels(base, allLabelsTopic, options.records);

        Map<String, BaselineView> views = new HashMap<>();
        for (Baseline b : baselines) {
            views.put(b.getModelId(), new BaselineView(b));
        }
        if (options.warmup) {
            if (options.warmupMonitor) {
                // One unmeasured pass of every run: each run type (exactly-once, 10 models, labels) reaches code the
                // others do not, and one warm-up monitor run left the JIT compiling through most measured runs
                // (0.7 of a core during the exactly-once run). The measured pass below then sees compiled code.
                measuredRuns("warmup_", topic, bytes, wideTopic, wideBytes, tenModelsTopic, tenModelsBytes, tenModels.models,
                    allLabelsTopic, views);
            } else {
                consume("warmup_plain_loop", "warm-up, not reported", topic, bytes, Mode.HISTOGRAMS, views);
            }
        }
        List<RunResult> runs = measuredRuns("", topic, bytes, wideTopic, wideBytes, tenModelsTopic, tenModelsBytes,
            tenModels.models, allLabelsTopic, views);
        Map<String, RunResult> byName = runs.stream().collect(Collectors.toMap(RunResult::name, r -> r));
        RunResult raw = byName.get("raw_consumer");
        RunResult plainLoop = byName.get("plain_loop");
        RunResult readThrough = byName.get("streams_read_through");
        RunResult eos = byName.get("monitor_eos_cached");
        RunResult alos = byName.get("monitor_alos_cached");
        RunResult uncached = byName.get("monitor_eos_uncached");
        RunResult wideRun = byName.get("monitor_eos_100_features");
        RunResult tenModelsRun = byName.get("monitor_eos_10_models");
        RunResult labelled = byName.get("monitor_eos_labelled");

        Map<String, Double> ratios = new LinkedHashMap<>();
        ratios.put("monitor_vs_raw_consumer", ratio(eos, raw));
        ratios.put("plain_loop_vs_raw_consumer", ratio(plainLoop, raw));
        ratios.put("monitor_vs_plain_loop", ratio(eos, plainLoop));
        ratios.put("models10_vs_1", ratio(tenModelsRun, eos));
        ratios.put("labelled_vs_unlabelled", ratio(labelled, eos));
        ratios.put("eos_vs_alos", ratio(eos, alos));
        ratios.put("uncached_vs_cached", ratio(uncached, eos));
        ratios.put("features100_vs_50", ratio(wideRun, eos));
        // No targets: what Kafka Streams itself reaches here, the ceiling of any stream-thread application.
        ratios.put("streams_read_through_vs_raw_consumer", ratio(readThrough, raw));
        ratios.put("monitor_vs_streams_read_through", ratio(eos, readThrough));

        BenchReport.Latency latency = null;
        if (options.latency) {
            latency = latency(Double.isNaN(options.latencyRate) ? eos.recordsPerSecond() / 2 : options.latencyRate, policy);
        }
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("records", options.records);
        setup.put("numeric_features", options.numeric);
        setup.put("categorical_features", options.categorical);
        setup.put("wide_numeric_features", options.wideNumeric);
        setup.put("models", options.models);
        setup.put("partitions", options.partitions);
        setup.put("stream_threads", options.threads);
        setup.put("mean_record_bytes", RunResult.round((double) bytes / options.records, 1));
        setup.put("mean_record_bytes_100_features", RunResult.round((double) wideBytes / options.records, 1));
        setup.put("format", "Avro, Confluent wire format, schema id from a mock:// registry");
        setup.put("broker", options.bootstrapServers == null ? "embedded (same JVM)" : options.bootstrapServers);
        setup.put("commit_interval_ms", COMMIT_INTERVAL_MS);
        setup.put("available_processors", Runtime.getRuntime().availableProcessors());
        setup.put("load_average_at_start", loadAtStart);
        setup.put("warmup", options.warmup ? (options.warmupMonitor ? "one unmeasured pass of every run" : "plain loop") : "none");
        setup.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return new BenchReport(setup, runs, ratios, latency);
    }

    private static double ratio(RunResult a, RunResult b) {
        return RunResult.round(a.recordsPerSecond() / b.recordsPerSecond(), 3);
    }

    /** A topic name of this run. */
    String topic(String name) {
        return prefix + name;
    }

    /** A workload whose schema is registered under its own subject. */
    Workload workload(int numeric, int categorical, int models, String modelPrefix) {
        return new Workload(numeric, categorical, models, modelPrefix, registry, prefix + modelPrefix + SUBJECT_SUFFIX);
    }

    void progress(String message) {
        if (options.progress != null) {
            options.progress.println("bench: " + message);
        }
    }

    // ---------------------------------------------------------------- topics and data

    private Properties adminProps() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    void createTopics(List<String> names) {
        try (Admin admin = Admin.create(adminProps())) {
            List<NewTopic> topics = names.stream().map(n -> new NewTopic(n, options.partitions, (short) 1)).toList();
            admin.createTopics(topics).all().get();
            awaitMetadata(admin, names);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics " + names + ": " + e.getCause().getMessage(), e);
        }
    }

    void createBaselinesTopic() {
        try (Admin admin = Admin.create(adminProps())) {
            admin.createTopics(List.of(new NewTopic(prefix + "baselines", 1, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
            awaitMetadata(admin, List.of(prefix + "baselines"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the baselines topic: " + e.getCause().getMessage(), e);
        }
    }

    /** Waits until the new topics are described (their metadata reached the broker). */
    private static void awaitMetadata(Admin admin, List<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                admin.describeTopics(names).allTopicNames().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + names + " not ready: " + e.getCause().getMessage(), e);
                }
                pause(20);
            }
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    void produceBaselines(List<Baseline> baselines) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (Baseline b : baselines) {
                producer.send(new ProducerRecord<>(prefix + "baselines", b.getModelId().getBytes(StandardCharsets.UTF_8),
                    JsonRecordCodec.toJsonBytes(b)));
            }
            producer.flush();
        }
    }

    /** Produces {@code n} predictions over 5 minutes of event time; returns the bytes of keys and values. */
    long produce(Workload workload, String topic, long n) {
        Random random = new Random(42);
        long span = 5 * 60_000L;
        long bytes = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (long i = 0; i < n && failure.get() == null; i++) {
                long ts = Workload.START_MS + i * span / n;
                PredictionEvent e = workload.event(random, i, ts);
                byte[] key = e.getPredictionId().getBytes(StandardCharsets.UTF_8);
                byte[] value = workload.encode(e);
                bytes += key.length + value.length;
                producer.send(new ProducerRecord<>(topic, null, ts, key, value), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("cannot produce the benchmark data to " + topic + ": " + failure.get(), failure.get());
        }
        return bytes;
    }

    /**
     * A label (JSON, as a Python client would send it) for each of the {@code n} predictions that
     * {@link #produce} wrote, one second after its prediction, keyed by prediction id.
     */
    void produceLabels(Workload workload, String topic, long n) {
        Random random = new Random(43);
        long span = 5 * 60_000L;
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (long i = 0; i < n && failure.get() == null; i++) {
                long ts = Workload.START_MS + i * span / n + 1_000;
                LabelEvent label = workload.label(random, i, ts);
                producer.send(new ProducerRecord<>(topic, null, ts, label.getPredictionId().getBytes(StandardCharsets.UTF_8),
                    JsonRecordCodec.toJsonBytes(label)), (metadata, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                    });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("cannot produce the benchmark labels to " + topic + ": " + failure.get(), failure.get());
        }
    }

    // ---------------------------------------------------------------- (a) (b) (c)

    /** The runs of one pass, in report order; {@code pass} prefixes the names of an unmeasured warm-up pass. */
    private List<RunResult> measuredRuns(String pass, String topic, long bytes, String wideTopic, long wideBytes,
                                         String tenModelsTopic, long tenModelsBytes, int tenModelCount,
                                         String allLabelsTopic, Map<String, BaselineView> views) {
        List<RunResult> runs = new ArrayList<>();
        runs.add(consume(pass + "raw_consumer", "(a) KafkaConsumer byte[] read-through", topic, bytes, Mode.RAW, views));
        runs.add(consume(pass + "decode", "(b) read + Avro decode", topic, bytes, Mode.DECODE, views));
        runs.add(consume(pass + "plain_loop", "(c) read + decode + histograms in a plain loop", topic, bytes, Mode.HISTOGRAMS, views));
        runs.add(streamsReadThrough(pass + "streams_read_through", "(h) Kafka Streams, exactly_once_v2, one processor "
            + "that counts (no state, no output)", topic, bytes));
        runs.add(monitor(pass + "monitor_alos_cached", "(d) monitor, at_least_once, record cache on",
            topic, bytes, "at_least_once", true));
        runs.add(monitor(pass + "monitor_eos_cached", "(d) monitor, exactly_once_v2, record cache on (default)",
            topic, bytes, "exactly_once_v2", true));
        runs.add(monitor(pass + "monitor_eos_uncached", "(d) monitor, exactly_once_v2, statestore.cache.max.bytes=0",
            topic, bytes, "exactly_once_v2", false));
        runs.add(monitor(pass + "monitor_eos_100_features", "(e) monitor, exactly_once_v2, "
            + options.wideNumeric + " numeric + " + options.categorical + " categorical features", wideTopic, wideBytes,
            "exactly_once_v2", true));
        runs.add(monitor(pass + "monitor_eos_10_models", "(f) monitor, exactly_once_v2, the same traffic over "
            + tenModelCount + " models", tenModelsTopic, tenModelsBytes, 1, c -> { }));
        runs.add(monitor(pass + "monitor_eos_labelled", "(g) monitor, exactly_once_v2, a label for every prediction "
            + "on the labels topic", topic, bytes, 1, c -> c.topics(t -> t.labels(allLabelsTopic)), List.of(allLabelsTopic)));
        return runs;
    }

    private enum Mode { RAW, DECODE, HISTOGRAMS }

    private RunResult consume(String name, String description, String topic, long bytes, Mode mode,
                              Map<String, BaselineView> baselines) {
        progress("run " + name);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        PredictionDecoder decoder = new PredictionDecoder(registry);
        PredictionSignals signals = new PredictionSignals();
        ModelPolicy policy = MonitorConfig.defaults().defaults;
        long window = policy.window.toMillis();
        Map<String, WindowPartial> partials = new HashMap<>();
        long checksum = 0;
        long records = 0;
        double cpu0 = Measure.processCpuSeconds();
        Measure.ThreadCpu threads0 = Measure.threadCpu();
        long t0 = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            while (records < options.records) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + ": read " + records + " of " + options.records
                        + " records in " + RUN_TIMEOUT.toMinutes() + " minutes");
                }
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    records++;
                    switch (mode) {
                        case RAW -> checksum += r.value().length;
                        case DECODE -> checksum += decoder.decode(r.key(), r.value(), r.timestamp()).getTimestamp();
                        case HISTOGRAMS -> {
                            PredictionEvent e = decoder.decode(r.key(), r.value(), r.timestamp());
                            count(e, window, baselines.get(e.getModelId()), partials, signals, policy);
                        }
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = Measure.processCpuSeconds() - cpu0;
            Map<String, Double> byThread = Measure.threadCpu().secondsSince(threads0);
            double heap = Measure.heapAfterGcMb();
            if (checksum == 42 && partials.isEmpty()) {
                progress("checksum " + checksum);
            }
            return new RunResult(name, description, records, bytes, seconds, cpu, heap, Double.NaN, Measure.loadAverage(),
                byThread, -1);
        }
    }

    /** What level 1 of the monitor does per record, without Kafka Streams: one partial for the model, one per segment. */
    private static void count(PredictionEvent e, long window, BaselineView baseline, Map<String, WindowPartial> partials,
                              PredictionSignals signals, ModelPolicy policy) {
        long start = Math.floorDiv(e.getTimestamp(), window) * window;
        countInto(e, start, window, WindowPartial.ALL, baseline, partials, signals);
        PredictionSignals.segmentsOf(e, policy.segmentKeys, (key, value) ->
            countInto(e, start, window, key + "=" + value, baseline, partials, signals));
    }

    static void countInto(PredictionEvent e, long start, long window, String segment, BaselineView baseline,
                                  Map<String, WindowPartial> partials, PredictionSignals signals) {
        String key = e.getModelId() + "\u0000" + start + "\u0000" + segment;
        WindowPartial partial = partials.computeIfAbsent(key, k -> new WindowPartial(e.getModelId(), start,
            start + window, segment, baseline.version()));
        partial.countRecord(e.getTimestamp(), e.getModelVersion(), 0, 0);
        signals.feed(partial, e, signal -> io.driftmonitor.drift.BaselineBuilder.accumulatorFor(
            baseline.find(segment, signal)));
    }

    // ---------------------------------------------------------------- (d) (e)

    MonitorConfig.Builder config(String appSuffix, String predictionsTopic, String guarantee, boolean cache) {
        return MonitorConfig.builder()
            .kafka(k -> {
                k.bootstrapServers(bootstrap)
                    .applicationId(prefix + appSuffix)
                    .processingGuarantee(guarantee)
                    .numStreamThreads(options.threads)
                    .property("commit.interval.ms", Long.toString(COMMIT_INTERVAL_MS));
                if (!cache) {
                    k.property("statestore.cache.max.bytes", "0");
                }
            })
            .http(h -> h.port(0))
            .schemaRegistry(r -> r.url(registryUrl))
            .topics(t -> t.predictions(predictionsTopic)
                .labels(prefix + "labels")
                .baselines(prefix + "baselines")
                .driftEvents(prefix + "drift-events")
                .retrainEvents(prefix + "retrain-events")
                .promotionEvents(prefix + "promotion-events")
                .dlq(prefix + "dlq")
                .retrainRequests(prefix + "retrain-requests")
                .partitions(options.partitions));
    }

    private RunResult monitor(String name, String description, String topic, long bytes, String guarantee, boolean cache) {
        return monitor(name, description, topic, bytes, 1, c -> c.kafka(k -> {
            k.processingGuarantee(guarantee);
            if (!cache) {
                k.property("statestore.cache.max.bytes", "0");
            }
        }));
    }

    /**
     * Runs {@code instances} monitors of one application (same id, each with its own state directory)
     * over {@code topic}, configured as {@link #config} then {@code customise}; measured from the first
     * record fetched until the committed input offsets reach the end of the topic.
     */
    RunResult monitor(String name, String description, String topic, long bytes, int instances,
                      java.util.function.Consumer<MonitorConfig.Builder> customise) {
        return monitor(name, description, topic, bytes, instances, customise, List.of());
    }

    /** As above; the run ends when the committed offsets of {@code alsoRead} (e.g. labels) reach their ends too. */
    RunResult monitor(String name, String description, String topic, long bytes, int instances,
                      java.util.function.Consumer<MonitorConfig.Builder> customise, List<String> alsoRead) {
        progress("run " + name);
        List<MonitorApp> apps = new ArrayList<>();
        List<Path> stateDirs = new ArrayList<>();
        String applicationId = null;
        try (Admin admin = Admin.create(adminProps())) {
            Map<TopicPartition, Long> end = new HashMap<>(endOffsets(admin, topic));
            alsoRead.forEach(t -> end.putAll(endOffsets(admin, t)));
            for (int i = 0; i < instances; i++) {
                MonitorConfig.Builder builder = config(name, topic, "exactly_once_v2", true);
                customise.accept(builder);
                Path stateDir = tempDir();
                stateDirs.add(stateDir);
                MonitorConfig config = builder.stateDir(stateDir.toString()).build().validate("bench");
                applicationId = config.kafka.applicationId;
                apps.add(new MonitorApp(config));
            }
            try {
                for (MonitorApp app : apps) {
                    app.start();
                }
                return measure(name, description, topic, bytes, admin, applicationId, end,
                    List.of(TopologyNames.predictionIndexTopic(applicationId), TopologyNames.partialsTopic(applicationId),
                        TopologyNames.labelsByPredictionTopic(applicationId)),
                    apps.stream().map(MonitorApp::streams).toList());
            } finally {
                apps.forEach(MonitorApp::close);
                stateDirs.forEach(Harness::deleteRecursively);
            }
        }
    }

    /**
     * Measures running Kafka Streams clients of one application from the first record they fetched until
     * their committed input offsets reach {@code end}, and then their committed offsets of the topics the
     * application writes and reads itself ({@code internal}) the ends those had at that moment: the label
     * join and level 2 lag behind level 1 on one stream thread, and their work on the input is part of the run.
     */
    private RunResult measure(String name, String description, String topic, long bytes, Admin admin,
                              String applicationId, Map<TopicPartition, Long> end, List<String> internal,
                              List<KafkaStreams> clients) {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        long t0 = -1;
        double cpu0 = Double.NaN;
        Measure.ThreadCpu threads0 = null;
        Map<TopicPartition, Long> internalEnd = null;
        while (true) {
            if (t0 < 0 && clients.stream().mapToDouble(c -> consumed(c, topic)).sum() > 0) {
                t0 = System.nanoTime();
                cpu0 = Measure.processCpuSeconds();
                threads0 = Measure.threadCpu();
            }
            if (t0 >= 0 && committedReach(admin, applicationId, end)) {
                if (internalEnd == null) {
                    internalEnd = new HashMap<>();
                    for (String t : existing(admin, internal)) {
                        internalEnd.putAll(endOffsets(admin, t));
                    }
                }
                if (committedReach(admin, applicationId, internalEnd)) {
                    break;
                }
            }
            for (KafkaStreams client : clients) {
                if (System.nanoTime() > deadline || client.state() == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException(name + ": did not process " + options.records
                        + " records in " + RUN_TIMEOUT.toMinutes() + " minutes (state " + client.state() + ")");
                }
            }
            pause(t0 < 0 ? 5 : POLL_COMMITTED_MS);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = Measure.processCpuSeconds() - cpu0;
        Measure.ThreadCpu threads1 = Measure.threadCpu();
        Map<String, Double> byThread = threads1.secondsSince(threads0);
        long allocated = threads1.allocatedSince(threads0, "stream_threads");
        double sent = clients.stream().mapToDouble(Harness::producedRecords).sum();
        Map<String, Double> bytesByTopic = new java.util.TreeMap<>();
        clients.forEach(c -> producedBytesByTopic(c, applicationId).forEach((t, b) -> bytesByTopic.merge(t, b, Double::sum)));
        progress(name + " wrote, per input record: " + bytesByTopic.entrySet().stream()
            .map(e -> String.format("%s %.1f B", e.getKey(), e.getValue() / options.records))
            .collect(Collectors.joining(", ")));
        double heap = Measure.heapAfterGcMb();
        return new RunResult(name, description, options.records, bytes, seconds, cpu, heap,
            sent / options.records, Measure.loadAverage(), byThread, allocated);
    }

    /**
     * Kafka Streams itself over {@code topic}: exactly-once with the monitor's commit interval, one stream
     * thread, one processor that adds up the value sizes (no state store, no output). What any Kafka
     * Streams application pays per record on this machine before doing any work of its own.
     */
    private RunResult streamsReadThrough(String name, String description, String topic, long bytes) {
        progress("run " + name);
        String applicationId = prefix + name;
        Path stateDir = tempDir();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, options.threads);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        long[] checksum = new long[1];
        Topology topology = new Topology();
        topology.addSource("predictions", new ByteArrayDeserializer(), new ByteArrayDeserializer(), topic);
        topology.addProcessor("count", () -> new org.apache.kafka.streams.processor.api.Processor<byte[], byte[], Void, Void>() {
            @Override
            public void process(org.apache.kafka.streams.processor.api.Record<byte[], byte[]> record) {
                checksum[0] += record.value().length;
            }
        }, "predictions");
        try (Admin admin = Admin.create(adminProps()); KafkaStreams streams = new KafkaStreams(topology, p)) {
            Map<TopicPartition, Long> end = endOffsets(admin, topic);
            streams.start();
            RunResult result = measure(name, description, topic, bytes, admin, applicationId, end, List.of(), List.of(streams));
            streams.close(Duration.ofSeconds(30));
            return result;
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private static List<String> existing(Admin admin, List<String> topics) {
        try {
            var names = admin.listTopics().names().get();
            return topics.stream().filter(names::contains).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) {
        try {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int i = 0; i < partitions; i++) {
                request.put(new TopicPartition(topic, i), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static boolean committedReach(Admin admin, String group, Map<TopicPartition, Long> end) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                OffsetAndMetadata o = committed.get(e.getKey());
                if (e.getValue() > 0 && (o == null || o.offset() < e.getValue())) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** Records of {@code topic} the stream threads' main consumers have fetched. */
    private static double consumed(KafkaStreams streams, String topic) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName m = e.getKey();
            String client = m.tags().getOrDefault("client-id", "");
            if (m.name().equals("records-consumed-total") && m.group().equals("consumer-fetch-manager-metrics")
                && topic.equals(m.tags().get("topic")) && client.contains("StreamThread-") && !client.contains("restore")) {
                total += ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return total;
    }

    /** Records the stream threads' producers sent (level-1 output: prediction index, partials, events). */
    private static double producedRecords(KafkaStreams streams) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName m = e.getKey();
            String client = m.tags().getOrDefault("client-id", "");
            if (m.name().equals("record-send-total") && m.group().equals("producer-metrics")
                && client.contains("StreamThread-")) {
                total += ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return total;
    }

    /** Bytes (compressed, as sent) the stream threads' producers wrote per topic, the application id prefix left out. */
    private static Map<String, Double> producedBytesByTopic(KafkaStreams streams, String applicationId) {
        Map<String, Double> out = new HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName m = e.getKey();
            String client = m.tags().getOrDefault("client-id", "");
            String topic = m.tags().get("topic");
            if (m.name().equals("byte-total") && m.group().equals("producer-topic-metrics") && topic != null
                && client.contains("StreamThread-")) {
                out.merge(topic.replace(applicationId + "-", ""), ((Number) e.getValue().metricValue()).doubleValue(), Double::sum);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- latency

    /**
     * Produces live predictions (event time = now) at {@code rate} records/s into 1-second windows
     * with 1 s grace, and measures, per (model, window), the time from the window's end to the
     * first drift event of that window read back (read_committed). Level 1 flushes its partials at
     * every commit interval, as a latency-sensitive deployment configures it: with the default
     * flush interval (1 s) a window could not close sooner than its end + grace + up to 1 s.
     */
    private BenchReport.Latency latency(double rate, ModelPolicy policy) {
        long graceMs = 1000;
        long windowMs = 1000;
        progress(String.format("latency at %.0f records/s for %d s", rate, options.latencyDuration.toSeconds()));
        String topic = prefix + "predictions-live";
        createTopics(List.of(topic));
        Workload live = new Workload(options.numeric, options.categorical, options.models, "live-model-", registry,
            topic + SUBJECT_SUFFIX);
        List<Baseline> baselines = live.baselines(policy).stream()
            .map(b -> Baseline.newBuilder(b).setEffectiveFrom(0).build()).toList();
        produceBaselines(baselines);
        Path stateDir = tempDir();
        MonitorConfig config = config("latency", topic, "exactly_once_v2", true)
            .defaults(d -> d.window(Duration.ofMillis(windowMs)).grace(Duration.ofMillis(graceMs)))
            .aggregation(a -> a.flushInterval(Duration.ofMillis(COMMIT_INTERVAL_MS)))
            .stateDir(stateDir.toString())
            .build()
            .validate("bench");
        Map<String, Long> firstEvent = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        AtomicBoolean producing = new AtomicBoolean(true);
        MonitorApp app = new MonitorApp(config);
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> events = new KafkaConsumer<>(cp, new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            List<TopicPartition> tps = events.partitionsFor(config.topics.driftEvents).stream()
                .map(i -> new TopicPartition(config.topics.driftEvents, i.partition())).toList();
            events.assign(tps);
            events.seekToEnd(tps);
            tps.forEach(events::position);
            app.start();
            awaitRunning(app.streams());
            Thread producer = new Thread(() -> produceLive(live, topic, rate, producing), "bench-live-producer");
            producer.start();
            long start = System.currentTimeMillis();
            long stopAt = start + options.latencyDuration.toMillis();
            // Windows that end in the first seconds measure the monitor's start (its first fetches,
            // transactions and compiled code of a new instance) and the backlog it leaves, not its latency.
            long firstWindowEnd = ((start + LATENCY_WARMUP.toMillis()) / windowMs + 1) * windowMs;
            while (System.currentTimeMillis() < stopAt + graceMs + 3000) {
                if (System.currentTimeMillis() >= stopAt) {
                    producing.set(false);
                }
                for (ConsumerRecord<byte[], byte[]> r : events.poll(Duration.ofMillis(20))) {
                    long now = System.currentTimeMillis();
                    JsonNode e = readJson(json, r.value());
                    if (e == null || !e.has("window_end")) {
                        continue;
                    }
                    String key = e.path("model_id").asText() + "@" + e.path("window_end").asLong();
                    firstEvent.putIfAbsent(key, now - e.path("window_end").asLong());
                    if (e.path("window_end").asLong() < firstWindowEnd) {
                        firstEvent.remove(key);
                    }
                }
            }
            producing.set(false);
            joinQuietly(producer);
        } finally {
            app.close();
            deleteRecursively(stateDir);
        }
        long[] latencies = firstEvent.values().stream().mapToLong(Long::longValue).sorted().toArray();
        return new BenchReport.Latency(rate, windowMs, graceMs, COMMIT_INTERVAL_MS,
            config.aggregation.flushInterval.toMillis(), latencies);
    }

    private static JsonNode readJson(ObjectMapper json, byte[] value) {
        try {
            return json.readTree(value);
        } catch (IOException e) {
            return null;
        }
    }

    private void produceLive(Workload workload, String topic, double rate, AtomicBoolean producing) {
        Random random = new Random(7);
        long sent = 0;
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            while (producing.get()) {
                long due = (long) ((System.nanoTime() - t0) / 1e9 * rate);
                long now = System.currentTimeMillis();
                for (; sent < due; sent++) {
                    PredictionEvent e = workload.event(random, sent, now);
                    producer.send(new ProducerRecord<>(topic, null, now,
                        e.getPredictionId().getBytes(StandardCharsets.UTF_8), workload.encode(e)));
                }
                pause(5);
            }
        }
    }

    private static void awaitRunning(KafkaStreams streams) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the monitor did not start in 2 minutes: " + streams.state());
            }
            pause(10);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("drift-monitor-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
