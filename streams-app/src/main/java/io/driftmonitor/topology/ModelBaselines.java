package io.driftmonitor.topology;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftmonitor.drift.BaselineView;
import io.driftmonitor.schema.Baseline;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The newest baselines of each model (at most {@link #KEPT}, oldest first), as JSON in a store of their
 * own. A baseline holds the bins of every signal of every segment and changes once per baseline; the
 * model state changes with every partial. Kept apart, the model state stays small to read and write.
 */
public final class ModelBaselines {
    static final int KEPT = 3;
    private static final ObjectMapper JSON = JsonRecordCodec.mapper();
    private static final TypeReference<List<JsonNode>> LIST = new TypeReference<>() { };

    private final KeyValueStore<String, byte[]> store;

    ModelBaselines(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** The newest baseline in effect at the window's start; failing that, the newest there is; null if none. */
    BaselineView forWindow(String model, long windowStart) {
        JsonNode node = select(of(model), windowStart);
        return node == null ? null : new BaselineView(JsonRecordCodec.fromJson(node, Baseline.class));
    }

    private static JsonNode select(List<JsonNode> baselines, long windowStart) {
        for (int i = baselines.size() - 1; i >= 0; i--) {
            JsonNode node = baselines.get(i);
            if (node.path("effective_from").asLong() <= windowStart) {
                return node;
            }
        }
        return baselines.isEmpty() ? null : baselines.get(baselines.size() - 1);
    }

    /**
     * Read-only, for queries: the baseline a window of the model starting at {@code windowStart} is
     * compared with when it closes, from the model's entry in {@value TopologyNames#MODEL_BASELINES_STORE}
     * ({@code stored}, may be null) and the published baseline of the global store ({@code published},
     * may be null), which level 2 adopts at that close if it is newer than any the model had. Null if
     * the model has no baseline yet.
     */
    public static Baseline inEffect(ModelState state, byte[] stored, Baseline published, long windowStart) {
        List<JsonNode> baselines = new ArrayList<>(stored != null ? parse(state.modelId, stored) : state.legacyBaselines);
        if (published != null && published.getVersion() >= nextVersion(state)) {
            baselines.add(JSON.valueToTree(JsonRecordCodec.toPlain(published)));
        }
        JsonNode node = select(baselines, windowStart);
        return node == null ? null : JsonRecordCodec.fromJson(node, Baseline.class);
    }

    /** The version the model's next baseline gets: above any it ever had. */
    static long nextVersion(ModelState state) {
        Long newest = state.newestBaselineVersion();
        return Math.max(state.baselineVersionCounter, newest == null ? 0 : newest) + 1;
    }

    void remember(ModelState state, Baseline baseline) {
        List<JsonNode> baselines = new ArrayList<>(of(state.modelId));
        baselines.add(JSON.valueToTree(JsonRecordCodec.toPlain(baseline)));
        while (baselines.size() > KEPT) {
            baselines.remove(0);
        }
        write(state.modelId, baselines);
        state.baselineVersion = baseline.getVersion();
    }

    /** Drops every baseline of the model: its next complete window becomes the first of a new one. */
    void forget(ModelState state) {
        state.baselineVersionCounter = nextVersion(state) - 1;
        store.delete(state.modelId);
        state.baselineVersion = null;
        state.legacyBaselines.clear();
    }

    /** Moves the baselines a model state of format 1 held into this store. */
    void migrate(ModelState state) {
        if (state.legacyBaselines.isEmpty()) {
            return;
        }
        write(state.modelId, state.legacyBaselines);
        state.baselineVersion = state.newestBaselineVersion();
        state.legacyBaselines.clear();
    }

    private List<JsonNode> of(String model) {
        byte[] bytes = store.get(model);
        return bytes == null ? List.of() : parse(model, bytes);
    }

    private static List<JsonNode> parse(String model, byte[] bytes) {
        try {
            return JSON.readValue(bytes, LIST);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt baselines of model " + model, e);
        }
    }

    private void write(String model, List<JsonNode> baselines) {
        try {
            store.put(model, JSON.writeValueAsBytes(baselines));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the baselines of model " + model, e);
        }
    }
}
