package io.driftmonitor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.driftmonitor.config.ConfigException;
import io.driftmonitor.config.Durations;
import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.policy.PolicyBacktest;
import io.driftmonitor.policy.RetrainPolicy;
import io.driftmonitor.policy.RoiReport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Retraining cost/benefit. With explicit inputs it compares two retraining rates; with {@code --model}
 * it replays the model's recorded drift history from Kafka through a fixed schedule and through its
 * policy (or a candidate) and shows the retrains each would have triggered.
 */
@Command(name = "roi", mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:error (the message says what failed: input, configuration, Kafka, ...)", "2:usage error"},
     sortOptions = false,
    description = {
        "Retraining cost and benefit.",
        "Explicit inputs: compare the current retraining rate with a proposed one, e.g.",
        "  roi --retrain-cost 200 --current-per-week 7 --current-accuracy 0.85 --proposed-per-week 2 --proposed-accuracy 0.85",
        "Backtest: replay a model's recorded windows (drift-events topic) through a fixed schedule and its policy, e.g.",
        "  roi --model fraud-classifier --bootstrap-servers localhost:9092 [--policy candidate.yaml]"})
final class RoiCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--retrain-cost", paramLabel = "COST",
        description = "Cost of one retrain (backtest: overrides the policy's retrain_cost)")
    Double retrainCost;

    @Option(names = "--current-per-week", paramLabel = "N", description = "Retrains per week today")
    Double currentPerWeek;

    @Option(names = "--current-accuracy", paramLabel = "FRACTION", description = "Accuracy today, e.g. 0.85")
    Double currentAccuracy;

    @Option(names = "--proposed-per-week", paramLabel = "N", description = "Retrains per week proposed")
    Double proposedPerWeek;

    @Option(names = "--proposed-accuracy", paramLabel = "FRACTION", description = "Accuracy expected with the proposal")
    Double proposedAccuracy;

    @Option(names = "--value-per-accuracy-point", paramLabel = "V",
        description = "Weekly value of one accuracy point (0.01); gives each side's value and the net benefit")
    Double valuePerAccuracyPoint;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "json or table (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--model", paramLabel = "MODEL", description = "Backtest this model's recorded history")
    String model;

    @CommandLine.Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--policy", paramLabel = "FILE",
        description = "Candidate policy: the keys of a model's entry in monitor.yaml (e.g. a retrain: section), on top of the model's policy")
    Path candidateFile;

    @Option(names = "--fixed-schedule", paramLabel = "DURATION",
        description = "Interval of the fixed schedule to compare with (default: the policy's schedule in fixed mode, else 1d)")
    String fixedSchedule;

    @Option(names = "--windows-after", paramLabel = "N", defaultValue = "3",
        description = "Windows after each retrain whose performance is reported (default: ${DEFAULT-VALUE})")
    int windowsAfter;

    @Option(names = "--performance-metric", paramLabel = "METRIC", defaultValue = PolicyBacktest.DEFAULT_PERFORMANCE_METRIC,
        description = "Whole-model metric measuring performance (default: ${DEFAULT-VALUE})")
    String performanceMetric;

    @Option(names = "--read-timeout", paramLabel = "DURATION", defaultValue = "30s",
        description = "Give up reading when the topic makes no progress for this long (default: ${DEFAULT-VALUE})")
    String readTimeout;

    @Override
    public Integer call() throws Exception {
        if (!"json".equals(format) && !"table".equals(format)) {
            throw fail("--format: must be json or table, got '" + format + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (model != null) {
            Object report = backtest();
            print(out, report);
        } else {
            print(out, explicit());
        }
        out.flush();
        return 0;
    }

    private void print(PrintWriter out, Object report) throws IOException {
        if ("json".equals(format)) {
            Map<String, Object> map = report instanceof RoiReport r ? r.toMap() : ((PolicyBacktest.Report) report).toMap();
            out.println(JSON.writeValueAsString(map));
        } else {
            out.print(report instanceof RoiReport r ? r.toTable() : ((PolicyBacktest.Report) report).toTable());
        }
    }

    private RoiReport explicit() {
        List<String> missing = new ArrayList<>();
        if (retrainCost == null) missing.add("--retrain-cost");
        if (currentPerWeek == null) missing.add("--current-per-week");
        if (currentAccuracy == null) missing.add("--current-accuracy");
        if (proposedPerWeek == null) missing.add("--proposed-per-week");
        if (proposedAccuracy == null) missing.add("--proposed-accuracy");
        if (!missing.isEmpty()) {
            throw fail("missing " + String.join(", ", missing)
                + " (or give --model and --bootstrap-servers for a backtest of a model's history)");
        }
        try {
            return RoiReport.compute(retrainCost, currentPerWeek, currentAccuracy, proposedPerWeek, proposedAccuracy,
                valuePerAccuracyPoint);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(':');
            throw fail("--" + message.substring(0, colon).replace('_', '-') + message.substring(colon));
        }
    }

    private PolicyBacktest.Report backtest() throws IOException {
        MonitorConfig config;
        ModelPolicy policy;
        try {
            config = kafka.config();
            policy = candidateFile == null ? config.policyFor(model)
                : config.policyWithOverrides(model, readFile(candidateFile), candidateFile.getFileName().toString());
        } catch (ConfigException e) {
            throw fail(e.getMessage());
        }
        String servers = kafka.bootstrapServers();
        RetrainPolicy retrainPolicy = policy.retrainPolicy();
        if (retrainCost != null) {
            if (!(retrainCost >= 0)) {
                throw fail("--retrain-cost: must be a finite number >= 0, got " + retrainCost);
            }
            retrainPolicy = retrainPolicy.withRetrainCost(retrainCost);
        }
        long interval;
        try {
            interval = fixedSchedule != null ? Durations.parse(fixedSchedule).toMillis()
                : retrainPolicy.mode() == RetrainPolicy.Mode.FIXED ? retrainPolicy.scheduleMillis() : Duration.ofDays(1).toMillis();
        } catch (IllegalArgumentException e) {
            throw fail("--fixed-schedule: " + e.getMessage());
        }
        if (interval <= 0) {
            throw fail("--fixed-schedule: must be a positive duration");
        }
        if (windowsAfter < 1) {
            throw fail("--windows-after: must be at least 1, got " + windowsAfter);
        }
        Duration timeout;
        try {
            timeout = Durations.parse(readTimeout);
        } catch (IllegalArgumentException e) {
            throw fail("--read-timeout: " + e.getMessage());
        }
        List<Map<String, Object>> events = readDriftEvents(servers, config, timeout);
        List<PolicyBacktest.Window> history = PolicyBacktest.fromDriftEvents(model, events);
        if (history.isEmpty()) {
            spec.commandLine().getErr().println("no drift events of model " + model + " on " + config.topics.driftEvents);
        }
        return PolicyBacktest.run(model, history, retrainPolicy, interval, performanceMetric, windowsAfter);
    }

    /** Reads the whole drift-events topic (every partition, from the beginning to the end offsets), keeping the model's events. */
    private List<Map<String, Object>> readDriftEvents(String servers, MonitorConfig config, Duration timeout) {
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "drift-monitor-roi");
        String topic = config.topics.driftEvents;
        TypeReference<Map<String, Object>> mapType = new TypeReference<>() {
        };
        List<Map<String, Object>> events = new ArrayList<>();
        long skipped = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw fail("topic " + topic + " not found on " + servers);
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
            long total = partitions.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
            Progress progress = Progress.start(spec.commandLine().getErr(), "roi backtest: reading " + topic, total, "records");
            long read = 0;
            long lastProgress = System.nanoTime();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                int n = 0;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    n++;
                    read++;
                    byte[] v = r.value();
                    if (v == null || v.length == 0 || v[0] != '{') {
                        skipped++;
                        continue;
                    }
                    try {
                        Map<String, Object> event = JSON.readValue(v, mapType);
                        if (model.equals(event.get("model_id"))) {
                            events.add(event);
                        }
                    } catch (IOException e) {
                        skipped++;
                    }
                }
                if (n > 0) {
                    progress.update(read);
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                    throw fail("reading " + topic + " made no progress for " + readTimeout);
                }
            }
            progress.finish(read);
        }
        if (skipped > 0) {
            spec.commandLine().getErr().println(skipped + " records of " + topic
                + " are not JSON drift events and were skipped (the backtest reads JSON output)");
        }
        return events;
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private CommandLine.ParameterException fail(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
