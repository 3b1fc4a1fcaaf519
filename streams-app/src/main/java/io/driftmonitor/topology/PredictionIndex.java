package io.driftmonitor.topology;

import java.util.ArrayList;
import java.util.List;

import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.promotion.Roles;
import io.driftmonitor.state.PredictionIndexEntry;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The label join's index of predictions: per prediction id (and role, for a prediction that is not
 * the champion's), what its label needs, stored at the prediction's event time in a segmented
 * window store. Retention is the longest {@code label_horizon} of any model: whole segments past it
 * are dropped by the store, so expiry costs no scan and the changelog (compact plus delete) needs
 * no tombstones. A model with a shorter horizon sees its entries as gone once that horizon ends.
 */
final class PredictionIndex {
    private final WindowStore<String, PredictionIndexEntry> store;
    private final MonitorConfig config;

    PredictionIndex(WindowStore<String, PredictionIndexEntry> store, MonitorConfig config) {
        this.store = store;
        this.config = config;
    }

    /** The index key of a prediction: its id for the champion, id and role for another role. */
    static String key(String id, String role) {
        return Roles.isChampion(role) ? id : id + StoreKeys.SEPARATOR + role;
    }

    /** The entry under this key that is still within its model's label horizon at {@code clock}, or null. */
    PredictionIndexEntry get(String key, long clock) {
        try (WindowStoreIterator<PredictionIndexEntry> it = store.fetch(key, 0, Long.MAX_VALUE)) {
            while (it.hasNext()) {
                KeyValue<Long, PredictionIndexEntry> kv = it.next();
                if (withinHorizon(kv.value, clock)) {
                    return kv.value;
                }
            }
        }
        return null;
    }

    /**
     * Whether this very prediction (key and prediction time) is indexed: a point lookup in one
     * segment, the check every prediction pays, so that a replayed one changes nothing.
     */
    boolean contains(String key, long predictionTime) {
        return store.fetch(key, predictionTime) != null;
    }

    void put(String key, PredictionIndexEntry entry) {
        store.put(key, entry, entry.predictionTime());
    }

    /** The index keys of every role's prediction with this id that is in the index. */
    List<String> keysOf(String id, long clock) {
        List<String> keys = new ArrayList<>(1);
        if (get(id, clock) != null) {
            keys.add(id);
        }
        for (String role : Roles.NON_CHAMPION) {
            String key = key(id, role);
            if (get(key, clock) != null) {
                keys.add(key);
            }
        }
        return keys;
    }

    private boolean withinHorizon(PredictionIndexEntry entry, long clock) {
        return clock == Long.MIN_VALUE
            || entry.predictionTime() + config.policyFor(entry.modelId()).labelHorizon.toMillis() >= clock;
    }
}
