package io.driftmonitor.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.drift.BaselineView;
import io.driftmonitor.drift.PredictionSignals;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.state.WindowPartial;
import io.driftmonitor.state.WindowPartialCodec;

/**
 * Memory of one (model x window x signal): the heap a window partial holds per signal (histogram
 * against the baseline's edges, categories, counters) and the bytes it takes encoded, in the
 * changelog and on the partials topic. Measured on {@link #WINDOWS} partials of one model, each fed
 * {@link #RECORDS_PER_WINDOW} predictions, as heap used after a full GC with them minus without.
 */
record MemoryFootprint(int windows, int signalsPerWindow, double heapBytesPerSignal, double encodedBytesPerSignal) {
    static final int WINDOWS = 200;
    static final int RECORDS_PER_WINDOW = 500;

    static MemoryFootprint measure(Workload workload, ModelPolicy policy) {
        BaselineView baseline = new BaselineView(workload.baselines(policy).get(0));
        PredictionSignals signals = new PredictionSignals();
        Random random = new Random(7);
        long window = policy.window.toMillis();
        long before = usedHeapAfterGc();
        List<WindowPartial> partials = new ArrayList<>(WINDOWS);
        for (int w = 0; w < WINDOWS; w++) {
            Map<String, WindowPartial> one = new HashMap<>();
            for (int i = 0; i < RECORDS_PER_WINDOW; i++) {
                PredictionEvent e = workload.event(random, i, Workload.START_MS + w * window);
                Harness.countInto(e, Workload.START_MS + w * window, window, WindowPartial.ALL, baseline, one, signals);
            }
            partials.addAll(one.values());
        }
        long after = usedHeapAfterGc();
        int signalsPerWindow = partials.get(0).signals().size();
        long encoded = partials.stream().mapToLong(p -> WindowPartialCodec.encode(p).length).sum();
        double perSignal = (double) WINDOWS * signalsPerWindow;
        // The partials are still in use here, so they were reachable at the second measurement.
        return new MemoryFootprint(WINDOWS, signalsPerWindow, (after - before) / perSignal, encoded / perSignal);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windows", windows);
        m.put("signals_per_window", signalsPerWindow);
        m.put("heap_bytes_per_model_window_signal", Math.round(heapBytesPerSignal));
        m.put("encoded_bytes_per_model_window_signal", Math.round(encodedBytesPerSignal));
        return m;
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
