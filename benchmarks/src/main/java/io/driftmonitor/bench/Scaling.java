package io.driftmonitor.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.schema.Baseline;

/**
 * How the monitor's throughput grows with its resources and its load, on one broker and one
 * machine: 1, 2 and 4 stream threads and two instances; 25, 50 and 100 numeric features; 1 and 10
 * models; 1 and 3 segments per record; 5, 30 and 60 windows over the same data. Every run is the
 * exactly-once monitor with the record cache on, over {@code records} predictions, as in the main
 * harness. Also measures the memory of one (model x window x signal) and draws the results.
 */
final class Scaling {
    /** A group of runs that vary one thing, for the table and one panel of the chart. */
    record Series(String title, List<String> labels, List<RunResult> runs) {
    }

    private final Harness harness;
    private final Harness.Options options;

    Scaling(Harness harness, Harness.Options options) {
        this.harness = harness;
        this.options = options;
    }

    /** Runs every series and returns them with the memory footprint; draws the chart to {@code plot} if not null. */
    ScalingReport run(Path plot) {
        ModelPolicy policy = MonitorConfig.defaults().defaults;
        Map<Integer, String> featureTopics = new LinkedHashMap<>();
        Map<Integer, Long> featureBytes = new LinkedHashMap<>();
        List<Baseline> baselines = new ArrayList<>();
        harness.createBaselinesTopic();
        for (int numeric : new int[] {25, 50, 100}) {
            Workload w = harness.workload(numeric, options.categorical, 1, "f" + numeric + "-model-");
            String topic = harness.topic("predictions-f" + numeric);
            harness.createTopics(List.of(topic));
            baselines.addAll(w.baselines(policy));
            harness.progress("producing " + options.records + " predictions with " + numeric + " numeric features");
            featureTopics.put(numeric, topic);
            featureBytes.put(numeric, harness.produce(w, topic, options.records));
        }
        Workload tenModels = harness.workload(options.numeric, options.categorical, 10, "m10-model-");
        String modelsTopic = harness.topic("predictions-m10");
        harness.createTopics(List.of(modelsTopic, harness.topic("labels")));
        baselines.addAll(tenModels.baselines(policy));
        harness.produceBaselines(baselines);
        harness.progress("producing " + options.records + " predictions over 10 models");
        long modelsBytes = harness.produce(tenModels, modelsTopic, options.records);

        String topic = featureTopics.get(50);
        long bytes = featureBytes.get(50);
        harness.monitor("warmup_monitor", "warm-up, not reported", topic, bytes, 1, c -> { });

        List<Series> series = new ArrayList<>();
        RunResult oneThread = harness.monitor("threads_1", "1 stream thread", topic, bytes, 1, threads(1));
        series.add(new Series("stream threads / instances", List.of("1 thread", "2 threads", "4 threads", "2 inst. x 1"),
            List.of(oneThread,
                harness.monitor("threads_2", "2 stream threads", topic, bytes, 1, threads(2)),
                harness.monitor("threads_4", "4 stream threads", topic, bytes, 1, threads(4)),
                harness.monitor("instances_2", "2 instances x 1 stream thread", topic, bytes, 2, threads(1)))));
        series.add(new Series("numeric features", List.of("25", "50", "100"), List.of(
            harness.monitor("features_25", "25 numeric features", featureTopics.get(25), featureBytes.get(25), 1, threads(1)),
            oneThread,
            harness.monitor("features_100", "100 numeric features", featureTopics.get(100), featureBytes.get(100), 1, threads(1)))));
        series.add(new Series("models", List.of("1", "10"), List.of(oneThread,
            harness.monitor("models_10", "10 models", modelsTopic, modelsBytes, 1, threads(1)))));
        series.add(new Series("segments per record", List.of("1", "3"), List.of(oneThread,
            harness.monitor("segments_3", "3 segments per record (country, c0, c1)", topic, bytes, 1,
                threads(1).andThen(c -> c.defaults(d -> d.segmentKeys(List.of("country", "c0", "c1"))))))));
        series.add(new Series("windows over the data", List.of("5 (1 min)", "30 (10 s)", "60 (5 s)"), List.of(oneThread,
            harness.monitor("windows_30", "10-second windows (30 over the data)", topic, bytes, 1,
                threads(1).andThen(c -> c.defaults(d -> d.window(Duration.ofSeconds(10))))),
            harness.monitor("windows_60", "5-second windows (60 over the data)", topic, bytes, 1,
                threads(1).andThen(c -> c.defaults(d -> d.window(Duration.ofSeconds(5))))))));

        MemoryFootprint memory = MemoryFootprint.measure(harness.workload(options.numeric, options.categorical, 1,
            "memory-model-"), policy);
        ScalingReport report = new ScalingReport(series, memory);
        if (plot != null) {
            ScalingChart.write(report, plot);
            harness.progress("chart written to " + plot);
        }
        return report;
    }

    private static Consumer<MonitorConfig.Builder> threads(int n) {
        return c -> c.kafka(k -> k.numStreamThreads(n));
    }
}
