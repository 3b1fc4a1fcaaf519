package io.driftmonitor.evaluation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.core.type.TypeReference;
import io.driftmonitor.app.StreamsProperties;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.query.SampleBaselines;
import io.driftmonitor.schema.Baseline;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.state.SignalAccumulator;
import io.driftmonitor.topology.MonitorTopology;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Replays a {@link Scenario} through the monitor's own topology ({@link MonitorTopology}, built from
 * a configuration as {@code run} builds it) under Kafka Streams' {@link TopologyTestDriver}: no
 * broker, simulated time, deterministic for a seed. The model's baseline is built from a reference
 * sample without drift ({@code referenceWindows} times the rate, at most 4,096) the way {@code baseline build}
 * builds one from a training sample, and published on the baselines topic before the first window.
 * Then each window's predictions are fed in event-time order and the wall clock is moved on by one
 * window, which flushes level 1 and lets level 2 close the window before. One prediction in the
 * window after the last closes it.
 */
public final class EvaluationRunner {
    /** Event time of the first window: fixed, so a run does not depend on the day it runs. */
    public static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final MonitorConfig config;
    private final int rate;
    private final int referenceWindows;

    /**
     * @param config           the monitor's configuration (validated); its default policy applies to the evaluated model
     * @param rate             predictions per window
     * @param referenceWindows size of the reference window, in windows' worth of predictions
     */
    public EvaluationRunner(MonitorConfig config, int rate, int referenceWindows) {
        if (rate < 1) {
            throw new IllegalArgumentException("--rate: at least 1 prediction per window, got " + rate);
        }
        if (referenceWindows < 1) {
            throw new IllegalArgumentException("reference windows: at least 1, got " + referenceWindows);
        }
        this.config = config;
        this.rate = rate;
        this.referenceWindows = referenceWindows;
    }

    /** The configuration the evaluation uses: the defaults, hourly windows, segments by country. */
    public static MonitorConfig defaultConfig() {
        return MonitorConfig.builder()
            .kafka(k -> k.applicationId("drift-monitor-evaluation"))
            .defaults(d -> d.window(Duration.ofHours(1)).segmentKeys(List.of("country")))
            .build()
            .validate("evaluation");
    }

    /** Predictions in the reference sample. */
    public int referenceSize() {
        return (int) Math.min((long) rate * referenceWindows, SignalAccumulator.MAX_RAW_VALUES);
    }

    public ScenarioRun run(Scenario scenario, long seed) {
        SyntheticPredictions data = new SyntheticPredictions(scenario, SyntheticPredictions.seedFor(seed, scenario.name()));
        long size = config.defaults.window.toMillis();
        long firstWindowStart = T0;
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("drift-monitor-evaluation-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MonitorConfig runConfig = config.toBuilder().stateDir(stateDir.toString()).build();
        Properties props = StreamsProperties.of(runConfig, "simulated:9092");
        List<Map<String, Object>> drift = new ArrayList<>();
        List<Map<String, Object>> reports = new ArrayList<>();
        List<Map<String, Object>> retrains = new ArrayList<>();
        long fed = 0;
        long started = System.nanoTime();
        // The wall clock runs one window ahead of event time: every window's records are in its past.
        try (TopologyTestDriver driver = new TopologyTestDriver(MonitorTopology.build(runConfig), props,
                Instant.ofEpochMilli(T0 + size))) {
            TestInputTopic<byte[], byte[]> predictions = driver.createInputTopic(config.topics.predictions,
                new ByteArraySerializer(), new ByteArraySerializer());
            driver.createInputTopic(config.topics.baselines, new StringSerializer(), new ByteArraySerializer())
                .pipeInput(SyntheticPredictions.MODEL, JsonRecordCodec.toJsonBytes(baseline(data, firstWindowStart, size)),
                    firstWindowStart - size);
            Outputs outputs = new Outputs(driver);
            for (int w = 0; w <= scenario.windows(); w++) {
                long start = firstWindowStart + (long) w * size;
                int count = w == scenario.windows() ? 1 : rate;
                // After the last window, one prediction half a window in closes it.
                List<PredictionEvent> window = w == scenario.windows()
                    ? data.window(w, start + size / 2, size / 2, count) : data.window(w, start, size, count);
                for (PredictionEvent p : window) {
                    predictions.pipeInput(p.getPredictionId().getBytes(StandardCharsets.UTF_8), JsonRecordCodec.toJsonBytes(p),
                        p.getTimestamp());
                }
                fed += window.size();
                driver.advanceWallClockTime(Duration.ofMillis(size));
                outputs.drain(drift, reports, retrains);
            }
        } finally {
            try {
                Utils.delete(stateDir.toFile());
            } catch (IOException e) {
                // a temporary directory left behind is no reason to fail the evaluation
            }
        }
        return new ScenarioRun(scenario, firstWindowStart, size, fed, drift, reports, retrains,
            (System.nanoTime() - started) / 1e9);
    }

    /**
     * The baseline of the reference sample (no drift), in force from the first window, as {@code
     * baseline build} makes it. The sample is capped at the values a baseline is built from exactly:
     * beyond them the builder's quantile sketch makes the edges differ from run to run.
     */
    private Baseline baseline(SyntheticPredictions data, long firstWindowStart, long size) {
        StringBuilder lines = new StringBuilder();
        for (PredictionEvent p : data.window(-1, firstWindowStart - size, size, referenceSize())) {
            lines.append(new String(JsonRecordCodec.toJsonBytes(p), StandardCharsets.UTF_8)).append('\n');
        }
        try {
            Baseline b = SampleBaselines.fromSample(SyntheticPredictions.MODEL,
                new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)), SampleBaselines.Format.JSON_LINES,
                config.policyFor(SyntheticPredictions.MODEL), 1, firstWindowStart - size, firstWindowStart);
            b.setSource("evaluation:reference:" + referenceSize());
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The output topics read, and every other topic the driver holds drained (it keeps them in memory until read). */
    private final class Outputs {
        private final TopologyTestDriver driver;
        private final TestOutputTopic<String, byte[]> drift;
        private final TestOutputTopic<String, byte[]> reports;
        private final TestOutputTopic<String, byte[]> retrains;

        Outputs(TopologyTestDriver driver) {
            this.driver = driver;
            this.drift = driver.createOutputTopic(config.topics.driftEvents, new StringDeserializer(), new ByteArrayDeserializer());
            this.reports = driver.createOutputTopic(config.topics.windowReports, new StringDeserializer(), new ByteArrayDeserializer());
            this.retrains = driver.createOutputTopic(config.topics.retrainEvents, new StringDeserializer(), new ByteArrayDeserializer());
        }

        void drain(List<Map<String, Object>> driftOut, List<Map<String, Object>> reportsOut, List<Map<String, Object>> retrainsOut) {
            read(drift, driftOut);
            read(reports, reportsOut);
            read(retrains, retrainsOut);
            for (String topic : driver.producedTopicNames()) {
                if (!topic.equals(config.topics.driftEvents) && !topic.equals(config.topics.windowReports)
                        && !topic.equals(config.topics.retrainEvents)) {
                    driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
                }
            }
        }

        private void read(TestOutputTopic<String, byte[]> topic, List<Map<String, Object>> out) {
            for (byte[] value : topic.readValuesToList()) {
                try {
                    out.add(JsonRecordCodec.mapper().readValue(value, MAP));
                } catch (IOException e) {
                    throw new UncheckedIOException("the topology wrote a value that is not JSON", e);
                }
            }
        }
    }
}
