package io.driftmonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole harness with tiny sizes against the embedded broker and checks the shape of its
 * report. Timings on a shared CI machine mean nothing, so no rate or ratio threshold is asserted.
 */
class HarnessTest {
    private static BenchReport report;

    @BeforeAll
    static void runTinyBenchmark() {
        Harness.Options options = new Harness.Options();
        options.records = 3_000;
        options.numeric = 5;
        options.categorical = 2;
        options.wideNumeric = 10;
        options.partitions = 1;
        options.latency = false;
        options.warmup = false;
        options.progress = null;
        report = new Harness(options).run();
    }

    @Test
    void shouldReportEveryRunOnTheSameRecords() {
        assertThat(report.runs()).extracting(RunResult::name).containsExactly(
            "raw_consumer", "decode", "plain_loop", "streams_read_through", "monitor_alos_cached", "monitor_eos_cached",
            "monitor_eos_uncached", "monitor_eos_100_features", "monitor_eos_10_models", "monitor_eos_labelled");
        for (RunResult run : report.runs()) {
            assertThat(run.records()).as(run.name()).isEqualTo(3_000);
            assertThat(run.bytes()).as(run.name()).isPositive();
            assertThat(run.recordsPerSecond()).as(run.name()).isFinite().isPositive();
            assertThat(run.cpuSeconds()).as(run.name()).isFinite().isNotNegative();
            assertThat(run.heapAfterGcMb()).as(run.name()).isFinite().isPositive();
            assertThat(run.cpuByThread()).as(run.name()).containsKeys(Measure.GROUPS);
            if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task"))) {
                // where /proc tells, the JIT's and the garbage collector's threads are measured, not guessed
                assertThat(run.cpuByThread()).as(run.name()).containsKeys(Measure.NATIVE_GROUPS);
                assertThat(run.cpuByThread().get("jit") + run.cpuByThread().get("gc")).as(run.name()).isNotNegative();
            }
            // The thread that did the run's work was seen: the stream threads for a monitor run, else the consumer.
            String worker = run.name().startsWith("monitor") || run.name().startsWith("streams") ? "stream_threads"
                : "consumer_and_harness";
            assertThat(run.cpuByThread().get(worker)).as(run.name()).isPositive();
        }
    }

    @Test
    void shouldWriteJsonWithRunsRatiosAndTargets() throws Exception {
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.has("runs")).isTrue();
        assertThat(json.get("runs")).hasSize(10);
        assertThat(json.get("runs").get(0).has("records_per_sec")).isTrue();
        assertThat(json.get("runs").get(0).has("mb_per_sec")).isTrue();
        assertThat(json.get("runs").get(0).has("cpu_seconds")).isTrue();
        assertThat(json.get("runs").get(0).get("cpu_seconds_by_thread").has("stream_threads")).isTrue();
        assertThat(json.get("runs").get(0).has("heap_after_gc_mb")).isTrue();
        List<String> names = new ArrayList<>();
        json.get("ratios").fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("monitor_vs_raw_consumer", "plain_loop_vs_raw_consumer", "monitor_vs_plain_loop",
            "models10_vs_1", "labelled_vs_unlabelled", "eos_vs_alos", "uncached_vs_cached", "features100_vs_50",
            "streams_read_through_vs_raw_consumer", "monitor_vs_streams_read_through");
        for (String name : names) {
            double value = json.get("ratios").get(name).asDouble();
            assertThat(value).as(name).isFinite().isPositive();
        }
        assertThat(json.has("latency")).isFalse();
        // Every monitor run reports what its stream thread allocated; the target names the default run's.
        for (JsonNode run : json.get("runs")) {
            assertThat(run.has("stream_thread_allocated_bytes_per_record")).as(run.get("name").asText())
                .isEqualTo(run.get("name").asText().startsWith("monitor") || run.get("name").asText().startsWith("streams"));
        }
        assertThat(json.get("targets").get("stream_thread_allocated_bytes_per_record").get("value").asDouble()).isPositive();
        // the reference ratios have no target
        assertThat(json.get("targets").has("monitor_vs_streams_read_through")).isFalse();
        assertThat(json.get("targets").has("monitor_vs_raw_consumer")).isTrue();
    }

    @Test
    void shouldPrintATableWithEveryRunAndRatio() {
        String table = report.toTable();
        for (RunResult run : report.runs()) {
            assertThat(table).contains(run.name());
        }
        report.ratios().keySet().forEach(name -> assertThat(table).contains(name));
    }
}
