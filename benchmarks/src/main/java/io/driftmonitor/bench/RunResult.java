package io.driftmonitor.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The measurement of one run: how many records in how long, with how much CPU and heap. */
record RunResult(String name, String description, long records, long bytes, double seconds, double cpuSeconds,
                 double heapAfterGcMb, double outputRecordsPerInput, double loadAverage, Map<String, Double> cpuByThread,
                 long streamThreadAllocatedBytes) {

    /** Heap bytes the stream threads allocated per input record (monitor runs), else NaN. */
    double allocatedBytesPerRecord() {
        return streamThreadAllocatedBytes < 0 || records == 0 ? Double.NaN : (double) streamThreadAllocatedBytes / records;
    }

    double recordsPerSecond() {
        return records / seconds;
    }

    double mbPerSecond() {
        return bytes / 1e6 / seconds;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("description", description);
        m.put("records", records);
        m.put("bytes", bytes);
        m.put("seconds", round(seconds, 3));
        m.put("records_per_sec", Math.round(recordsPerSecond()));
        m.put("mb_per_sec", round(mbPerSecond(), 2));
        m.put("cpu_seconds", round(cpuSeconds, 2));
        m.put("cpu_cores", round(cpuSeconds / seconds, 2));
        m.put("heap_after_gc_mb", round(heapAfterGcMb, 1));
        m.put("load_average_1m", round(loadAverage, 2));
        Map<String, Double> byThread = new LinkedHashMap<>();
        cpuByThread.forEach((group, cpu) -> byThread.put(group, round(cpu, 4)));
        m.put("cpu_seconds_by_thread", byThread);
        if (!Double.isNaN(allocatedBytesPerRecord())) {
            m.put("stream_thread_allocated_bytes_per_record", round(allocatedBytesPerRecord(), 1));
        }
        if (!Double.isNaN(outputRecordsPerInput)) {
            m.put("output_records_per_input", round(outputRecordsPerInput, 3));
        }
        return m;
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
