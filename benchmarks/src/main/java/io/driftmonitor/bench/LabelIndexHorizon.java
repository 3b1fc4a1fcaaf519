package io.driftmonitor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import io.driftmonitor.app.StreamsProperties;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.state.PredictionIndexBatch;
import io.driftmonitor.state.PredictionIndexEntry;
import io.driftmonitor.topology.MonitorTopology;
import io.driftmonitor.topology.TopologyNames;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The label join's prediction index over its whole horizon, in simulated time: the monitor's own
 * topology (default policy: label horizon 7 days) under {@link TopologyTestDriver}, fed index
 * batches as level 1 writes them at {@code rate} predictions per simulated second for {@code days}
 * days, with a label for one prediction in a hundred a day after it. Every six simulated hours it
 * records the disk used by the state directory and the heap in use after a collection: both must
 * level off once the horizon is reached, not grow with the days. The store drops a segment (half
 * the retention) when all of it is past the horizon, so disk peaks at 1.5 horizons of entries.
 */
final class LabelIndexHorizon {
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;
    private static final int BATCH = 64;

    record Sample(double day, long predictions, long stateBytes, long heapBytes) {
    }

    private final double rate;
    private final int days;

    LabelIndexHorizon(double rate, int days) {
        this.rate = rate;
        this.days = days;
    }

    Map<String, Object> run() {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("drift-monitor-label-index-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MonitorConfig config = MonitorConfig.builder()
            .kafka(k -> k.applicationId("bench-label-index"))
            .stateDir(stateDir.toString())
            .build()
            .validate("bench");
        Properties props = StreamsProperties.of(config, "simulated:9092");
        List<Sample> samples = new ArrayList<>();
        long labels = 0;
        long started = System.nanoTime();
        long n = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(MonitorTopology.build(config), props, Instant.ofEpochMilli(T0))) {
            TestInputTopic<String, PredictionIndexBatch> index = driver.createInputTopic(
                TopologyNames.predictionIndexTopic(config.kafka.applicationId), new StringSerializer(),
                PredictionIndexBatch.serde().serializer());
            TestInputTopic<String, byte[]> labelTopic = driver.createInputTopic(config.topics.labels, new StringSerializer(),
                new ByteArraySerializer());
            long windowMs = config.defaults.window.toMillis();
            double perHour = rate * 3600;
            for (long hour = 0; hour < days * 24L; hour++) {
                long hourStart = T0 + hour * HOUR;
                long target = Math.round(perHour * (hour + 1));
                PredictionIndexBatch batch = new PredictionIndexBatch(0);
                for (; n < target; n++) {
                    long time = hourStart + (long) ((n - perHour * hour) * (HOUR / perHour));
                    long start = Math.floorDiv(time, windowMs) * windowMs;
                    batch.add("p-" + n, new PredictionIndexEntry("m", "1", time, start, start + windowMs, 0.9, "fraud",
                        List.of(), false));
                    if (batch.size() == BATCH) {
                        index.pipeInput("0/" + n, batch, time);
                        batch = new PredictionIndexBatch(0);
                    }
                }
                if (batch.size() > 0) {
                    index.pipeInput("0/" + n, batch, hourStart + HOUR - 1);
                }
                // A label a day later for one prediction in a hundred of the hour a day ago.
                if (hour >= 24) {
                    long from = Math.round(perHour * (hour - 24));
                    long to = Math.round(perHour * (hour - 23));
                    for (long p = from; p < to; p += 100) {
                        LabelEvent label = LabelEvent.newBuilder().setPredictionId("p-" + p).setModelId("m")
                            .setTimestamp(hourStart + HOUR - 1).setLabel("fraud").build();
                        labelTopic.pipeInput("p-" + p, JsonRecordCodec.toJsonBytes(label), hourStart + HOUR - 1);
                        labels++;
                    }
                }
                driver.advanceWallClockTime(Duration.ofHours(1));
                // The driver keeps every record the topology produced (changelogs too) until read:
                // a broker would hold them, not the monitor's heap.
                for (String topic : driver.producedTopicNames()) {
                    driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
                }
                if ((hour + 1) % 6 == 0) {
                    samples.add(new Sample((hour + 1) / 24.0, n, directorySize(stateDir), MemoryFootprint.usedHeapAfterGc()));
                }
            }
        } finally {
            try {
                Utils.delete(stateDir.toFile());
            } catch (IOException e) {
                System.err.println("could not delete " + stateDir + ": " + e.getMessage());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rate_per_second", rate);
        out.put("days", days);
        out.put("label_horizon_days", config.defaults.labelHorizon.toDays());
        out.put("predictions", n);
        out.put("labels", labels);
        out.put("seconds", (System.nanoTime() - started) / 1e9);
        out.put("samples", samples);
        Sample atHorizon = samples.stream().filter(s -> s.day() >= config.defaults.labelHorizon.toDays()).findFirst().orElse(null);
        long maxState = samples.stream().mapToLong(Sample::stateBytes).max().orElse(0);
        out.put("max_state_bytes", maxState);
        out.put("max_heap_bytes", samples.stream().mapToLong(Sample::heapBytes).max().orElse(0));
        if (atHorizon != null) {
            double entriesInHorizon = rate * config.defaults.labelHorizon.toSeconds();
            out.put("state_bytes_per_entry_in_horizon", maxState / entriesInHorizon);
        }
        return out;
    }

    static String toTable(Map<String, Object> result) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("label index: %s predictions/s over %s days (label horizon %s days), %,d predictions, %,d labels, %.0f s%n",
            result.get("rate_per_second"), result.get("days"), result.get("label_horizon_days"), result.get("predictions"),
            result.get("labels"), result.get("seconds")));
        sb.append(String.format("%6s %14s %12s %10s%n", "day", "predictions", "state MB", "heap MB"));
        @SuppressWarnings("unchecked")
        List<Sample> samples = (List<Sample>) result.get("samples");
        for (Sample s : samples) {
            if (s.day() == Math.floor(s.day())) {
                sb.append(String.format("%6.0f %,14d %12.1f %10.1f%n", s.day(), s.predictions(), s.stateBytes() / 1e6,
                    s.heapBytes() / 1e6));
            }
        }
        Object perEntry = result.get("state_bytes_per_entry_in_horizon");
        if (perEntry != null) {
            sb.append(String.format("disk per entry within the horizon (at most): %.1f bytes%n", (Double) perEntry));
        }
        return sb.toString();
    }

    private static long directorySize(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // a file RocksDB removed meanwhile
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }
}
