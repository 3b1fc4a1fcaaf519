package io.driftmonitor.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
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

/** Reads the monitor's state stores (interactive queries) into the query model. */
public final class StateReader {
    private static final ObjectMapper JSON = JsonRecordCodec.mapper();

    private final KafkaStreams streams;

    public StateReader(KafkaStreams streams) {
        this.streams = streams;
    }

    private ReadOnlyKeyValueStore<String, byte[]> store(String name) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw ApiException.unavailable("the monitor is " + streams.state() + "; state stores are not queryable yet");
        }
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw ApiException.unavailable("store " + name + " is migrating: " + e.getMessage());
        }
    }

    public boolean storesQueryable() {
        try {
            store(TopologyNames.MODEL_STATE_STORE).approximateNumEntries();
            return true;
        } catch (ApiException | InvalidStateStoreException e) {
            return false;
        }
    }

    public List<ModelState> models() {
        List<ModelState> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store(TopologyNames.MODEL_STATE_STORE).all()) {
            while (it.hasNext()) {
                out.add(read(it.next().value, ModelState.class));
            }
        } catch (InvalidStateStoreException e) {
            throw ApiException.unavailable(e.getMessage());
        }
        return out;
    }

    public ModelState model(String model) {
        try {
            byte[] bytes = store(TopologyNames.MODEL_STATE_STORE).get(model);
            return bytes == null ? null : read(bytes, ModelState.class);
        } catch (InvalidStateStoreException e) {
            throw ApiException.unavailable(e.getMessage());
        }
    }

    /** Closed windows of a model with from &lt;= window_start &lt; to, oldest first. */
    public List<WindowReport> windows(String model, long from, long to) {
        List<WindowReport> out = new ArrayList<>();
        ReadOnlyKeyValueStore<String, byte[]> store = store(TopologyNames.DRIFT_RESULTS_STORE);
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(StoreKeys.modelPrefix(model), new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                WindowReport r = read(kv.value, WindowReport.class);
                if (r.windowStart >= from && r.windowStart < to) {
                    out.add(r);
                }
            }
        } catch (InvalidStateStoreException e) {
            throw ApiException.unavailable(e.getMessage());
        }
        return out;
    }

    private static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName(), e);
        }
    }
}
