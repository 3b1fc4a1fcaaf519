package io.driftmonitor.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.driftmonitor.state.WindowPartial;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The merged partials of level 2, per model, window and segment, and when those of a closed window go.
 *
 * <p>Under exactly-once a window's close (in the model state) and the deletion of its partials are one
 * transaction. Under at-least-once a crash restores each store from its changelog to its last commit
 * plus any of the writes sent after it, store by store: the deletion of a window's partials may
 * survive while the model state's record of the close does not. The window would then be closed
 * again without its counts, its verdicts lost and a breach run cut short, so that a later window
 * triggers inside the cooldown of the first trigger. So under at-least-once the partials of a closed
 * window are kept, and the close recorded in {@link ModelState#keptPartials}, until two commit
 * intervals have passed on the wall clock: the stream thread commits every interval, so by then the
 * close has been committed (only a thread stalled for longer between the close and its next commit
 * would defeat this). A window closed again after a crash finds its partials and decides as
 * before, with the same event ids.
 */
final class OpenWindowPartials {
    /** Merged partials kept decoded: about two open windows of 100 models with a few segments each. */
    static final int DECODED_PARTIALS = 256;

    private final KeyValueStore<String, WindowPartial> store;
    private final long keepAfterCloseMs;
    /**
     * The merged partials last written, by key, so that the next merge does not decode the image it
     * just encoded (a partial of 60 signals takes longer to decode than to merge). Only this class
     * writes the store, and a task that is set up again builds a new instance, so these are always
     * what the store holds. Least recently merged first out.
     */
    private final Map<String, WindowPartial> decoded = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, WindowPartial> eldest) {
            return size() > DECODED_PARTIALS;
        }
    };

    OpenWindowPartials(KeyValueStore<String, WindowPartial> store, long keepAfterCloseMs) {
        this.store = store;
        this.keepAfterCloseMs = keepAfterCloseMs;
    }

    /** How long a closed window's partials stay under the application's processing guarantee. */
    static long keepAfterCloseMs(Map<String, Object> appConfigs) {
        Object guarantee = appConfigs.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        if (!StreamsConfig.AT_LEAST_ONCE.equals(String.valueOf(guarantee))) {
            return 0;
        }
        Object interval = appConfigs.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        long commitIntervalMs = interval == null ? 30_000 : Long.parseLong(String.valueOf(interval));
        return 2 * commitIntervalMs;
    }

    /** Adds a partial to its window and segment. */
    void merge(WindowPartial partial) {
        String key = StoreKeys.windowSegment(partial.modelId(), partial.windowStart(), partial.segment());
        WindowPartial merged = decoded.get(key);
        if (merged == null) {
            merged = store.get(key);
        }
        if (merged == null) {
            merged = partial;
        } else {
            merged.merge(partial);
        }
        store.put(key, merged);
        decoded.put(key, merged);
    }

    /** The partials of a window that closes now, by segment; deleted now, or kept a while (see the class comment). */
    List<WindowPartial> close(ModelState state, long windowStart, long nowMs) {
        List<KeyValue<String, WindowPartial>> entries = scan(StoreKeys.windowPrefix(state.modelId, windowStart));
        if (keepAfterCloseMs == 0) {
            entries.forEach(kv -> delete(kv.key));
        } else if (!entries.isEmpty()) {
            state.keptPartials.put(windowStart, nowMs);
        }
        List<WindowPartial> partials = new ArrayList<>();
        entries.forEach(kv -> partials.add(kv.value));
        partials.sort(Comparator.comparing(WindowPartial::segment));
        return partials;
    }

    /** Deletes the kept partials whose time is up; true if the model state changed. */
    boolean expireKept(ModelState state, long nowMs) {
        boolean changed = false;
        for (Iterator<Map.Entry<Long, Long>> it = state.keptPartials.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Long> kept = it.next();
            if (nowMs - kept.getValue() < keepAfterCloseMs) {
                continue;
            }
            scan(StoreKeys.windowPrefix(state.modelId, kept.getKey())).forEach(kv -> delete(kv.key));
            it.remove();
            changed = true;
        }
        return changed;
    }

    /**
     * Deletes partials of closed windows that are not kept: left over when a crash under at-least-once
     * lost their deletion but not the model state that no longer keeps them.
     */
    void deleteOrphans(ModelState state) {
        for (KeyValue<String, WindowPartial> kv : scan(StoreKeys.modelPrefix(state.modelId))) {
            long start = kv.value.windowStart();
            if (start < state.closedThrough && !state.openWindows.contains(start) && !state.keptPartials.containsKey(start)) {
                delete(kv.key);
            }
        }
    }

    /** A delete that does not decode the old value, as {@code KeyValueStore.delete} would to return it. */
    private void delete(String key) {
        store.put(key, null);
        decoded.remove(key);
    }

    private List<KeyValue<String, WindowPartial>> scan(String prefix) {
        List<KeyValue<String, WindowPartial>> entries = new ArrayList<>();
        try (KeyValueIterator<String, WindowPartial> it = store.prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(entries::add);
        }
        return entries;
    }
}
