package io.driftmonitor.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The result of one harness run: set-up, runs, ratios, latency and the performance targets (docs/performance.md, Targets). */
public record BenchReport(Map<String, Object> setup, List<RunResult> runs, Map<String, Double> ratios, Latency latency) {

    /** Window-close-to-drift-event latency at a fixed rate: one sample per (model, window). */
    public record Latency(double rate, long windowMs, long graceMs, long commitIntervalMs, long flushIntervalMs,
                          long[] samplesMs) {
        long percentile(double p) {
            if (samplesMs.length == 0) {
                return -1;
            }
            int i = (int) Math.ceil(p / 100.0 * samplesMs.length) - 1;
            return samplesMs[Math.max(0, Math.min(samplesMs.length - 1, i))];
        }

        /** The latency target: the grace plus one second for the flush, the commits and the fetches. */
        long targetMs() {
            return graceMs + 1_000;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rate_records_per_sec", Math.round(rate));
            m.put("window_ms", windowMs);
            m.put("grace_ms", graceMs);
            m.put("commit_interval_ms", commitIntervalMs);
            m.put("flush_interval_ms", flushIntervalMs);
            m.put("windows", samplesMs.length);
            m.put("p50_ms", percentile(50));
            m.put("p99_ms", percentile(99));
            m.put("max_ms", samplesMs.length == 0 ? -1 : samplesMs[samplesMs.length - 1]);
            m.put("target_p99_ms", targetMs());
            return m;
        }
    }

    /** The performance targets (docs/performance.md, Targets): ratio name, minimum. */
    static final Map<String, Double> TARGETS = Map.of(
        "monitor_vs_raw_consumer", 0.30,
        "plain_loop_vs_raw_consumer", 0.45,
        "monitor_vs_plain_loop", 0.9,
        "models10_vs_1", 0.8,
        "labelled_vs_unlabelled", 0.7,
        "eos_vs_alos", 0.85,
        "uncached_vs_cached", 0.8,
        "features100_vs_50", 0.45);
    /** Heap bytes the stream thread may allocate per input record in the default monitor run. */
    static final double MAX_ALLOCATED_BYTES_PER_RECORD = 64;
    /** The run the allocation target applies to: exactly-once with the defaults. */
    static final String DEFAULT_MONITOR_RUN = "monitor_eos_cached";

    /** Bytes allocated per record by the stream thread of the default monitor run, or NaN when not measured. */
    double allocatedBytesPerRecord() {
        return runs.stream().filter(r -> r.name().equals(DEFAULT_MONITOR_RUN)).findFirst()
            .map(RunResult::allocatedBytesPerRecord).orElse(Double.NaN);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("setup", setup);
        List<Map<String, Object>> r = new ArrayList<>();
        runs.forEach(run -> r.add(run.toMap()));
        m.put("runs", r);
        m.put("ratios", ratios);
        if (latency != null) {
            m.put("latency", latency.toMap());
        }
        Map<String, Object> targets = new LinkedHashMap<>();
        ratios.forEach((name, value) -> {
            if (!TARGETS.containsKey(name)) {
                return; // a reference ratio
            }
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("value", value);
            t.put("minimum", TARGETS.get(name));
            t.put("met", value >= TARGETS.get(name));
            targets.put(name, t);
        });
        if (!Double.isNaN(allocatedBytesPerRecord())) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("value", RunResult.round(allocatedBytesPerRecord(), 1));
            t.put("maximum", MAX_ALLOCATED_BYTES_PER_RECORD);
            t.put("met", allocatedBytesPerRecord() <= MAX_ALLOCATED_BYTES_PER_RECORD);
            targets.put("stream_thread_allocated_bytes_per_record", t);
        }
        if (latency != null && latency.samplesMs.length > 0) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("value", latency.percentile(99));
            t.put("maximum", latency.targetMs());
            t.put("met", latency.percentile(99) <= latency.targetMs());
            targets.put("latency_p99_ms", t);
        }
        m.put("targets", targets);
        return m;
    }

    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toTable() {
        StringBuilder b = new StringBuilder();
        b.append("set-up: ").append(setup).append('\n').append('\n');
        b.append(String.format("%-26s %10s %9s %8s %8s %9s %9s %6s  %s%n", "run", "records/s", "MB/s", "seconds",
            "CPU s", "CPU cores", "heap MB", "load", "description"));
        for (RunResult r : runs) {
            b.append(String.format("%-26s %10.0f %9.2f %8.2f %8.2f %9.2f %9.1f %6.1f  %s%s%n", r.name(), r.recordsPerSecond(),
                r.mbPerSecond(), r.seconds(), r.cpuSeconds(), r.cpuSeconds() / r.seconds(), r.heapAfterGcMb(), r.loadAverage(),
                r.description(), Double.isNaN(r.outputRecordsPerInput()) ? ""
                    : String.format(" [%.2f output records per input]", r.outputRecordsPerInput())));
        }
        b.append('\n').append(String.format("%-26s %s, then JIT, GC and RocksDB threads where /proc tells, and the rest "
            + "of the process CPU%n", "CPU s by thread", String.join(" ", Measure.GROUPS)));
        for (RunResult r : runs) {
            double javaThreads = r.cpuByThread().values().stream().mapToDouble(Double::doubleValue).sum();
            b.append(String.format("%-26s %s rest=%.2f%n", r.name(), r.cpuByThread().entrySet().stream()
                .map(e -> e.getKey() + "=" + String.format("%.2f", e.getValue())).collect(java.util.stream.Collectors.joining(" ")),
                r.cpuSeconds() - javaThreads));
        }
        b.append('\n').append(String.format("%-26s %8s %8s  %s%n", "ratio", "value", "target", "met"));
        ratios.forEach((name, value) -> b.append(TARGETS.containsKey(name)
            ? String.format("%-26s %8.3f %8s  %s%n", name, value, ">= " + TARGETS.get(name), value >= TARGETS.get(name) ? "yes" : "NO")
            : String.format("%-26s %8.3f %8s  %s%n", name, value, "-", "(reference, no target)")));
        if (!Double.isNaN(allocatedBytesPerRecord())) {
            b.append(String.format("%-26s %8.1f %8s  %s   (heap bytes per record, stream thread, %s)%n", "allocated_bytes_per_rec",
                allocatedBytesPerRecord(), "<= " + (long) MAX_ALLOCATED_BYTES_PER_RECORD,
                allocatedBytesPerRecord() <= MAX_ALLOCATED_BYTES_PER_RECORD ? "yes" : "NO", DEFAULT_MONITOR_RUN));
        }
        if (latency != null) {
            b.append('\n').append(String.format(
                "latency window close -> drift event at %.0f records/s (window %d ms, grace %d ms, commit %d ms, "
                    + "L1 flush %d ms): p50 %d ms, p99 %d ms over %d windows; target p99 <= grace + 1 s = %d ms: %s%n",
                latency.rate, latency.windowMs, latency.graceMs, latency.commitIntervalMs, latency.flushIntervalMs,
                latency.percentile(50), latency.percentile(99), latency.samplesMs.length, latency.targetMs(),
                latency.samplesMs.length == 0 ? "no sample" : latency.percentile(99) <= latency.targetMs() ? "yes" : "NO"));
        }
        return b.toString();
    }
}
