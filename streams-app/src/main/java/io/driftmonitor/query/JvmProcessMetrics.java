package io.driftmonitor.query;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * JVM and process metrics on {@code /metrics}: heap and non-heap memory by pool ({@code jvm_memory_*}),
 * garbage collection pauses ({@code jvm_gc_*}), threads ({@code jvm_threads_*}), loaded classes,
 * CPU ({@code process_cpu_usage}, {@code system_cpu_*}), uptime and start time
 * ({@code process_uptime_seconds}, {@code process_start_time_seconds}) and open file descriptors
 * ({@code process_files_open_files}, {@code process_files_max_files}).
 */
public final class JvmProcessMetrics implements AutoCloseable {
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public JvmProcessMetrics(MeterRegistry registry) {
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
            binder.bindTo(registry);
        }
    }

    @Override
    public void close() {
        gc.close();
    }
}
