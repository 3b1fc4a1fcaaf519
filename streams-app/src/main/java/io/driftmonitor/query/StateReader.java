package io.driftmonitor.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftmonitor.schema.Baseline;
import io.driftmonitor.serde.BaselineCodec;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.topology.ModelState;
import io.driftmonitor.topology.StoreKeys;
import io.driftmonitor.topology.TopologyNames;
import io.driftmonitor.topology.WindowReport;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads this instance's share of the monitor's state stores (interactive queries). Every read names
 * the partition it wants and whether a stale copy (a standby, or a store still restoring) will do;
 * a store that cannot be read right now is a 503 with Retry-After.
 */
public final class StateReader {
    private static final ObjectMapper JSON = JsonRecordCodec.mapper();
    private static final TypeReference<Map<String, Object>> PLAIN = new TypeReference<>() { };

    private final KafkaStreams streams;
    private final BaselineCodec baselineCodec;

    /** Which copy of which partition to read. */
    public record Scope(int partition, boolean stale) {
    }

    public StateReader(KafkaStreams streams, BaselineCodec baselineCodec) {
        this.streams = streams;
        this.baselineCodec = baselineCodec;
    }

    private <R> R withStore(String name, Scope scope, Function<ReadOnlyKeyValueStore<String, byte[]>, R> read) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && !(scope.stale() && state == KafkaStreams.State.REBALANCING)) {
            throw ApiException.unavailable("the monitor is " + state + "; its state stores are not queryable now");
        }
        StoreQueryParameters<ReadOnlyKeyValueStore<String, byte[]>> params =
            StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, byte[]>keyValueStore());
        if (scope.partition() >= 0) {
            params = params.withPartition(scope.partition());
        }
        if (scope.stale()) {
            params = params.enableStaleStores();
        }
        try {
            return read.apply(streams.store(params));
        } catch (InvalidStateStoreException e) {
            throw ApiException.unavailable("store " + name + " (partition " + scope.partition()
                + ") is not queryable here right now: it is migrating or restoring");
        }
    }

    /** Whether the model-state store of every locally active partition answers. */
    public boolean storesQueryable(Iterable<Integer> localPartitions) {
        try {
            for (int p : localPartitions) {
                withStore(TopologyNames.MODEL_STATE_STORE, new Scope(p, false), ReadOnlyKeyValueStore::approximateNumEntries);
            }
            return streams.state() == KafkaStreams.State.RUNNING;
        } catch (ApiException e) {
            return false;
        }
    }

    public List<ModelState> models(Scope scope) {
        return withStore(TopologyNames.MODEL_STATE_STORE, scope, store -> {
            List<ModelState> out = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = store.all()) {
                while (it.hasNext()) {
                    out.add(read(it.next().value, ModelState.class));
                }
            }
            return out;
        });
    }

    public ModelState model(String model, Scope scope) {
        return withStore(TopologyNames.MODEL_STATE_STORE, scope, store -> {
            byte[] bytes = store.get(model);
            return bytes == null ? null : read(bytes, ModelState.class);
        });
    }

    /** Closed windows of a model with from &lt;= window_start &lt; to, oldest first. */
    public List<WindowReport> windows(String model, long from, long to, Scope scope) {
        return withStore(TopologyNames.DRIFT_RESULTS_STORE, scope, store -> {
            List<WindowReport> out = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = store.prefixScan(StoreKeys.modelPrefix(model), new StringSerializer())) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    long start = windowStartOf(kv.key, model);
                    if (start >= from && start < to) {
                        out.add(read(kv.value, WindowReport.class));
                    }
                }
            }
            return out;
        });
    }

    public WindowReport window(String model, long windowStart, Scope scope) {
        return withStore(TopologyNames.DRIFT_RESULTS_STORE, scope, store -> {
            byte[] bytes = store.get(StoreKeys.window(model, windowStart));
            return bytes == null ? null : read(bytes, WindowReport.class);
        });
    }

    /** The model's retrain events (policy and manual), in window-end order. */
    public List<Map<String, Object>> retrainEvents(String model, Scope scope) {
        return history(TopologyNames.RETRAIN_HISTORY_STORE, "retrain", model, scope);
    }

    /** The model's promotion experiments, running or concluded, in the order of their first windows. */
    public List<Map<String, Object>> promotions(String model, Scope scope) {
        return history(TopologyNames.PROMOTION_HISTORY_STORE, "promotion", model, scope);
    }

    private List<Map<String, Object>> history(String storeName, String what, String model, Scope scope) {
        return withStore(storeName, scope, store -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = store.prefixScan(StoreKeys.modelPrefix(model), new StringSerializer())) {
                while (it.hasNext()) {
                    try {
                        out.add(JSON.readValue(it.next().value, PLAIN));
                    } catch (IOException e) {
                        throw new IllegalStateException("unreadable " + what + " history entry of model " + model, e);
                    }
                }
            }
            return out;
        });
    }

    /** The model's entry of the level-2 baselines store (the baselines it holds, as JSON), or null. */
    public byte[] modelBaselines(String model, Scope scope) {
        return withStore(TopologyNames.MODEL_BASELINES_STORE, scope, store -> store.get(model));
    }

    /** The published baseline of a model from the global store (the same on every instance), or null. */
    public Baseline baseline(String model) {
        return withStore(TopologyNames.BASELINES_STORE, new Scope(-1, false), store -> {
            byte[] bytes = store.get(model);
            return bytes == null ? null : baselineCodec.decode(bytes);
        });
    }

    private static long windowStartOf(String key, String model) {
        int from = model.length() + 1;
        int end = key.indexOf(StoreKeys.SEPARATOR, from);
        return Long.parseLong(end < 0 ? key.substring(from) : key.substring(from, end));
    }

    private static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName(), e);
        }
    }
}
