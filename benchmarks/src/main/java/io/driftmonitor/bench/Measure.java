package io.driftmonitor.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Process and per-thread CPU time and heap after a full GC, from the platform MXBeans. */
final class Measure {
    private Measure() {
    }

    static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** The 1-minute system load average (runnable processes), or NaN where it is not available. */
    static double loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? Double.NaN : load;
    }

    static double heapAfterGcMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
    }

    /** CPU nanoseconds of every live thread, by thread id, with the group each thread belongs to. */
    record ThreadCpu(Map<Long, Long> nanos, Map<Long, String> groups, Map<Long, Long> allocated, Map<String, Long> nativeNanos) {
        /**
         * CPU seconds per thread group since {@code before}, unrounded: a tiny run's stream threads may use
         * less than a millisecond after the first record is seen. A thread started since counts from zero.
         */
        Map<String, Double> secondsSince(ThreadCpu before) {
            Map<String, Double> out = new LinkedHashMap<>();
            for (String g : GROUPS) {
                out.put(g, 0.0);
            }
            nanos.forEach((id, n) -> out.merge(groups.get(id), (n - before.nanos.getOrDefault(id, 0L)) / 1e9, Double::sum));
            for (String g : NATIVE_GROUPS) {
                if (nativeNanos.containsKey(g)) {
                    out.put(g, (nativeNanos.get(g) - before.nativeNanos.getOrDefault(g, 0L)) / 1e9);
                }
            }
            return out;
        }

        /** Bytes the threads of {@code group} allocated on the heap since {@code before} (-1 where the JVM does not tell). */
        long allocatedSince(ThreadCpu before, String group) {
            if (allocated.isEmpty()) {
                return -1;
            }
            long total = 0;
            for (Map.Entry<Long, Long> e : allocated.entrySet()) {
                if (group.equals(groups.get(e.getKey()))) {
                    total += e.getValue() - before.allocated.getOrDefault(e.getKey(), 0L);
                }
            }
            return total;
        }
    }

    /** Thread groups, in report order. JIT and GC threads are not Java threads: process CPU minus these is theirs. */
    static final String[] GROUPS = {"stream_threads", "stream_producers", "consumer_and_harness", "broker", "other_java"};

    /**
     * Native thread groups, read from {@code /proc/self/task} where there is one (Linux): the JIT compilers, the
     * garbage collector's threads and RocksDB's background threads. Elsewhere they stay in the remainder.
     */
    static final String[] NATIVE_GROUPS = {"jit", "gc", "rocksdb"};

    private static final Path TASKS = Path.of("/proc/self/task");

    /** CPU nanoseconds per native group, summed over live threads; empty where /proc is not there. */
    static Map<String, Long> nativeThreadCpu() {
        Map<String, Long> out = new HashMap<>();
        if (!Files.isDirectory(TASKS)) {
            return out;
        }
        long nanosPerTick = 10_000_000L; // USER_HZ is 100 on every Linux the JDK runs on
        try (var tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                try {
                    String group = nativeGroup(Files.readString(task.resolve("comm")).strip());
                    if (group == null) {
                        return;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    // the fields after the parenthesised name: state is the 3rd field, utime the 14th, stime the 15th
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    out.merge(group, ticks * nanosPerTick, Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        for (String g : NATIVE_GROUPS) {
            out.putIfAbsent(g, 0L);
        }
        return out;
    }

    static String nativeGroup(String comm) {
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("GC ")) {
            return "gc";
        }
        if (comm.startsWith("rocksdb:")) {
            return "rocksdb";
        }
        return null;
    }

    static ThreadCpu threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> nanos = new HashMap<>();
        Map<Long, String> groups = new HashMap<>();
        Map<Long, Long> allocated = new HashMap<>();
        boolean allocation = mx instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemoryEnabled();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = mx.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                nanos.put(info.getThreadId(), cpu);
                groups.put(info.getThreadId(), group(info.getThreadName()));
                if (allocation) {
                    long bytes = ((com.sun.management.ThreadMXBean) mx).getThreadAllocatedBytes(info.getThreadId());
                    if (bytes >= 0) {
                        allocated.put(info.getThreadId(), bytes);
                    }
                }
            }
        }
        return new ThreadCpu(nanos, groups, allocated, nativeThreadCpu());
    }

    static String group(String thread) {
        if (thread.contains("StreamThread-") && thread.contains("producer")) {
            return "stream_producers";
        }
        if (thread.contains("StreamThread-")) {
            return "stream_threads";
        }
        if (thread.equals("main") || thread.startsWith("kafka-coordinator-heartbeat") || thread.startsWith("consumer_")) {
            return "consumer_and_harness";
        }
        if (thread.startsWith("data-plane") || thread.startsWith("kafka-") && !thread.contains("producer-network")
            || thread.startsWith("quorum") || thread.startsWith("group-coordinator") || thread.contains("Txn")
            || thread.startsWith("raft") || thread.startsWith("controller") || thread.startsWith("broker")
            || thread.startsWith("ExpirationReaper") || thread.startsWith("LogDirFailureHandler")
            || thread.startsWith("share-coordinator") || thread.startsWith("transaction")) {
            return "broker";
        }
        return "other_java";
    }
}
