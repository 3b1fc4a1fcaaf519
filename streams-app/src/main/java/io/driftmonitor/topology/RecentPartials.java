package io.driftmonitor.topology;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.driftmonitor.state.HeapBufferedStore;
import io.driftmonitor.state.WindowPartial;

/**
 * Level 1's per-record lookups without building strings: the partial of a (model, window, segment)
 * and the segment name of a tag value, found in nested maps keyed by the record's own strings. The
 * partials come from the {@link HeapBufferedStore}, which must hear of every update
 * ({@link HeapBufferedStore#getForUpdate} marks it dirty): they are asked for again whenever the
 * store's generation moved (a commit wrote them, or a flush drained them). The segment names are
 * bounded per (model, window, key) as {@link SegmentVocabulary} prescribes for level 1 and forgotten
 * at every flush. Not thread-safe (one per task).
 */
final class RecentPartials {
    private final HeapBufferedStore<WindowPartial> store;
    private final Map<String, Map<Long, ModelWindow>> byModel = new HashMap<>();
    private long generation = -1;
    private String lastModel;
    private long lastWindowStart;
    private ModelWindow lastWindow;

    /** What one (model, window) has of both. */
    private static final class ModelWindow {
        final Map<String, WindowPartial> partials = new HashMap<>();
        /** Tag key to (value to segment name), for the values admitted in this flush interval. */
        final Map<String, Map<String, String>> segments = new HashMap<>();
    }

    RecentPartials(HeapBufferedStore<WindowPartial> store) {
        this.store = store;
    }

    /** The partial to count a record in, marked for update in the store. */
    WindowPartial partial(String model, long windowStart, String segment, Supplier<WindowPartial> create) {
        ModelWindow window = window(model, windowStart);
        if (generation != store.generation()) {
            // A commit or a flush since: the store must hear of the updates again.
            byModel.values().forEach(windows -> windows.values().forEach(w -> w.partials.clear()));
            generation = store.generation();
        }
        WindowPartial p = window.partials.get(segment);
        if (p == null) {
            p = store.getForUpdate(StoreKeys.windowSegment(model, windowStart, segment), create);
            window.partials.put(segment, p);
        }
        return p;
    }

    /**
     * The segment a tag value is counted in: its own name while the (model, window, key) has fewer
     * than {@code maxValues} distinct values in this flush interval, else {@code key=__other__}.
     */
    String segment(String model, long windowStart, String key, String value, int maxValues) {
        Map<String, String> values = window(model, windowStart).segments.computeIfAbsent(key, k -> new HashMap<>());
        String name = values.get(value);
        if (name != null) {
            return name;
        }
        if (values.size() < maxValues) {
            name = SegmentVocabulary.segmentName(key, value);
            values.put(value, name);
            return name;
        }
        return SegmentVocabulary.tagKey(key) + "=" + SegmentVocabulary.OTHER;
    }

    /** Forgets everything: at each flush, when the partials have been drained. */
    void clear() {
        byModel.clear();
        lastWindow = null;
        lastModel = null;
    }

    private ModelWindow window(String model, long windowStart) {
        // Consecutive records mostly share model and window.
        if (lastWindow != null && windowStart == lastWindowStart && model.equals(lastModel)) {
            return lastWindow;
        }
        lastWindow = byModel.computeIfAbsent(model, m -> new HashMap<>()).computeIfAbsent(windowStart, w -> new ModelWindow());
        lastModel = model;
        lastWindowStart = windowStart;
        return lastWindow;
    }
}
