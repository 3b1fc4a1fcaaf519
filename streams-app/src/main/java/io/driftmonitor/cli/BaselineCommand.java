package io.driftmonitor.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.query.SampleBaselines;
import io.driftmonitor.schema.Baseline;
import io.driftmonitor.serde.BaselineCodec;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Baselines from training data: build one from a sample, publish it to the compacted topic, show the current one. */
@Command(name = "baseline", mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:error (the message says what failed: input, configuration, Kafka, ...)", "2:usage error"},
    
    description = "Build a baseline from a training sample, publish it, or show a model's current baseline.",
    subcommands = {BaselineCommand.Build.class, BaselineCommand.Publish.class, BaselineCommand.Show.class})
final class BaselineCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static class Sample {
        @Option(names = "--csv", paramLabel = "FILE", description = "CSV with a header row: score, predicted_label, label, scores:<class>, every other column a feature")
        Path csv;
        @Option(names = "--jsonl", paramLabel = "FILE", description = "JSON lines: one prediction (or flat record) per line")
        Path jsonLines;
    }

    @Command(name = "build", mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:error (the message says what failed: input, configuration, Kafka, ...)", "2:usage error"},
    
        description = "Build a baseline (quantile edges and exact counts, as the monitor computes them) from a sample.")
    static final class Build implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Sample sample;
        @Option(names = "--model", required = true, description = "Model id")
        String model;
        @Option(names = "--bins", description = "Quantile bins of numeric signals (default: the model's policy, 10)")
        Integer bins;
        @Option(names = "--config", paramLabel = "FILE", description = "monitor.yaml, for the model's policy")
        Path config;
        @Option(names = "--out", paramLabel = "FILE", description = "Write the baseline JSON here instead of standard output")
        Path out;

        @Override
        public Integer call() throws Exception {
            MonitorConfig cfg = io.driftmonitor.config.ConfigLoader.fromSystemEnvironment().load(config).config();
            ModelPolicy policy = cfg.policyFor(model);
            if (bins != null) {
                policy = copyWithBins(policy, bins);
            }
            Path file = sample.csv != null ? sample.csv : sample.jsonLines;
            Baseline b;
            Progress progress = Progress.start(spec.commandLine().getErr(), "baseline build: reading " + file.getFileName(),
                Files.size(file), "bytes");
            try (InputStream in = Progress.counting(Files.newInputStream(file), progress)) {
                b = SampleBaselines.fromSample(model, in, sample.csv != null ? SampleBaselines.Format.CSV
                    : SampleBaselines.Format.JSON_LINES, policy, 0, System.currentTimeMillis(), 0);
            }
            b.setSource("file:" + file.getFileName() + ":" + b.getSource());
            String json = JsonRecordCodec.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(JsonRecordCodec.toPlain(b));
            if (out == null) {
                spec.commandLine().getOut().println(json);
            } else {
                Files.writeString(out, json + "\n");
                spec.commandLine().getErr().printf("baseline of %s: %d signals from %s, written to %s%n", model,
                    b.getSignals().size(), file, out);
            }
            return 0;
        }

        private static ModelPolicy copyWithBins(ModelPolicy policy, int bins) {
            if (bins < 2 || bins > 1000) {
                throw new IllegalArgumentException("--bins must be between 2 and 1000");
            }
            return policy.toBuilder().bins(bins).build();
        }
    }

    /** The baselines topic: the flag, else topics.baselines of the configuration. */
    static String topic(String flag, KafkaOptions kafka) {
        return flag != null ? flag : kafka.config().topics.baselines;
    }

    @Command(name = "publish", mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:error (the message says what failed: input, configuration, Kafka, ...)", "2:usage error"},
    
        description = "Publish a baseline file as the model's next version; windows starting after --effective-from use it.")
    static final class Publish implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--file", required = true, paramLabel = "FILE", description = "Baseline JSON (from baseline build)")
        Path file;
        @Option(names = "--effective-from", paramLabel = "EPOCH_MS", description = "Event time from which it applies (default: now)")
        Long effectiveFrom;
        @Option(names = "--training-data-version", paramLabel = "VERSION",
            description = "The version of the data the model was trained on (a DVC tag, an MLflow run id); retrain events name it")
        String trainingDataVersion;
        @Mixin
        KafkaOptions kafka = new KafkaOptions();
        @Option(names = "--topic", paramLabel = "TOPIC", description = "Baselines topic (default: topics.baselines of the configuration, baselines)")
        String topic;

        @Override
        public Integer call() throws Exception {
            Baseline b = JsonRecordCodec.fromJson(Files.readAllBytes(file), Baseline.class);
            String topic = topic(this.topic, kafka);
            List<Baseline> existing = readAll(kafka.clientProperties(), topic, b.getModelId());
            long version = existing.stream().mapToLong(Baseline::getVersion).max().orElse(0) + 1;
            long now = System.currentTimeMillis();
            b.setVersion(version);
            b.setCreatedAt(now);
            b.setEffectiveFrom(effectiveFrom == null ? now : effectiveFrom);
            if (trainingDataVersion != null) {
                b.setTrainingDataVersion(trainingDataVersion);
            }
            Properties props = kafka.clientProperties();
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topic, b.getModelId(), JsonRecordCodec.toJsonBytes(b))).get();
            }
            spec.commandLine().getOut().printf("published baseline %s version %d (%d signals) to %s%n", b.getModelId(), version,
                b.getSignals().size(), topic);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:error (the message says what failed: input, configuration, Kafka, ...)", "2:usage error"},
     description = "Print a model's newest baseline as JSON.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--model", required = true, description = "Model id")
        String model;
        @Mixin
        KafkaOptions kafka = new KafkaOptions();
        @Option(names = "--topic", paramLabel = "TOPIC", description = "Baselines topic (default: topics.baselines of the configuration, baselines)")
        String topic;

        @Override
        public Integer call() throws Exception {
            String topic = topic(this.topic, kafka);
            List<Baseline> all = readAll(kafka.clientProperties(), topic, model);
            if (all.isEmpty()) {
                spec.commandLine().getErr().println("no baseline of model '" + model + "' on " + topic);
                return 1;
            }
            Baseline newest = all.stream().max(java.util.Comparator.comparingLong(Baseline::getVersion)).orElseThrow();
            PrintWriter out = spec.commandLine().getOut();
            out.println(JsonRecordCodec.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(JsonRecordCodec.toPlain(newest)));
            return 0;
        }
    }

    /** Every baseline of the model on the topic, read from the beginning to the current end. */
    static List<Baseline> readAll(Properties clientProperties, String topic, String model) {
        BaselineCodec codec = new BaselineCodec(null);
        List<Baseline> found = new ArrayList<>();
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            List<TopicPartition> partitions = infos == null ? List.of()
                : infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            if (partitions.isEmpty()) {
                return found;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (model.equals(r.key()) && r.value() != null) {
                        try {
                            found.add(codec.decode(r.value()));
                        } catch (RuntimeException e) {
                            // an unreadable record is not a baseline
                        }
                    }
                }
            }
        }
        return found;
    }

}
