package io.driftmonitor.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** A prediction in the index: its index key and its entry, marked labelled if its label was counted. */
    record Indexed(String key, PredictionIndexEntry entry) {
    }

    /**
     * Every role's prediction with this id that is in the index and still within its model's label
     * horizon at {@code clock}: the champion's first, in one read of the store.
     */
    List<Indexed> find(String id, long clock) {
        Map<String, List<PredictionIndexEntry>> byKey = entries.fetchIdAndRoles(id);
        if (byKey.isEmpty()) {
            return List.of();
        }
        List<Indexed> found = new ArrayList<>(byKey.size());
        addWithinHorizon(found, id, byKey.get(id), clock);
        for (String role : Roles.NON_CHAMPION) {
            String key = key(id, role);
            addWithinHorizon(found, key, byKey.get(key), clock);
        }
        return found;
    }

    private void addWithinHorizon(List<Indexed> found, String key, List<PredictionIndexEntry> candidates, long clock) {
        if (candidates == null) {
            return;
        }
        for (PredictionIndexEntry entry : candidates) {
            if (withinHorizon(entry, clock)) {
                found.add(new Indexed(key, isLabelled(key, entry) ? entry.markLabeled() : entry));
                return;
            }
        }
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

    private boolean withinHorizon(PredictionIndexEntry entry, long clock) {
        return clock == Long.MIN_VALUE
            || entry.predictionTime() + config.policyFor(entry.modelId()).labelHorizon.toMillis() >= clock;
    }
}
