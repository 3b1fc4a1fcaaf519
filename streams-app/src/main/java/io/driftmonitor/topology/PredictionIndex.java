package io.driftmonitor.topology;

import java.util.ArrayList;
import java.util.List;

import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.promotion.Roles;
import io.driftmonitor.state.PredictionIndexEntry;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The label join's index of predictions: per prediction id (and role, for a prediction that is not
 * the champion's), what its label needs, stored at the prediction's event time in segmented window
 * stores. Retention is the longest {@code label_horizon} of any model: whole segments past it are
 * dropped by the stores, so expiry costs no scan and needs no tombstones. A model with a shorter
 * horizon sees its entries as gone once that horizon ends.
 *
 * <p>The entries are what the prediction-index topic holds ({@link PredictionIndexStore}, whose
 * changelog that topic is); which of them got their label is in a second, changelogged store,
 * written only for a label, so that a prediction costs one local write and no Kafka record here.
 */
final class PredictionIndex {
    private static final byte[] LABELLED = new byte[0];

    private final PredictionIndexStore entries;
    private final WindowStore<String, byte[]> labelled;
    private final MonitorConfig config;

    PredictionIndex(PredictionIndexStore entries, WindowStore<String, byte[]> labelled, MonitorConfig config) {
        this.entries = entries;
        this.labelled = labelled;
        this.config = config;
    }

    /** The index key of a prediction: its id for the champion, id and role for another role. */
    static String key(String id, String role) {
        return Roles.isChampion(role) ? id : id + StoreKeys.SEPARATOR + role;
    }

    /**
     * The entry under this key that is still within its model's label horizon at {@code clock}, or
     * null; marked labelled if its label was counted.
     */
    PredictionIndexEntry get(String key, long clock) {
        PredictionIndexEntry entry = withinHorizon(key, clock);
        return entry != null && isLabelled(key, entry) ? entry.markLabeled() : entry;
    }

    /** Adds a prediction's entry as the index topic has it; a replayed one is written again, unchanged. */
    void put(String key, PredictionIndexEntry entry) {
        entries.put(key, entry);
    }

    /** Whether this prediction's label was counted: at level 1 (carried on the prediction) or here. */
    boolean isLabelled(String key, PredictionIndexEntry entry) {
        return entry.labeled() || labelled.fetch(key, entry.predictionTime()) != null;
    }

    /** Records that this prediction's label was counted, so that a duplicate is not. */
    void markLabelled(String key, PredictionIndexEntry entry) {
        labelled.put(key, LABELLED, entry.predictionTime());
    }

    /** The index keys of every role's prediction with this id that is in the index. */
    List<String> keysOf(String id, long clock) {
        List<String> keys = new ArrayList<>(1);
        if (withinHorizon(id, clock) != null) {
            keys.add(id);
        }
        for (String role : Roles.NON_CHAMPION) {
            String key = key(id, role);
            if (withinHorizon(key, clock) != null) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** The entry under this key still within its model's label horizon at {@code clock}, as the topic has it. */
    private PredictionIndexEntry withinHorizon(String key, long clock) {
        for (PredictionIndexEntry entry : entries.fetchAll(key)) {
            if (withinHorizon(entry, clock)) {
                return entry;
            }
        }
        return null;
    }

    private boolean withinHorizon(PredictionIndexEntry entry, long clock) {
        return clock == Long.MIN_VALUE
            || entry.predictionTime() + config.policyFor(entry.modelId()).labelHorizon.toMillis() >= clock;
    }
}
