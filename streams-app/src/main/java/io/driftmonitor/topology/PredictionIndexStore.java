package io.driftmonitor.topology;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.driftmonitor.promotion.Roles;
import io.driftmonitor.state.DelegatingStateStore;
import io.driftmonitor.state.PredictionIndexBatch;
import io.driftmonitor.state.PredictionIndexEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.internals.WindowKeySchema;

/**
 * The label join's index of predictions, by index key ({@link PredictionIndex#key}) at the
 * prediction's event time, in a segmented RocksDB window store that has <em>no changelog of its
 * own</em>: the prediction-index topic that level 1 writes, and the join reads, is its changelog
 * (as a KTable's source topic can be). Each entry is thus written to Kafka once. After a crash
 * the store is rebuilt from that topic up to the join's committed offset: the restore turns each
 * batch the topic holds into the entries the join would have put, in the window store's own
 * changelog format.
 *
 * <p>What the join learns later (that a prediction got its label) is not in the topic, so it is
 * not kept here but in a store with a changelog ({@code prediction-labelled-store}): the entries
 * here are exactly what the topic says.
 */
final class PredictionIndexStore extends DelegatingStateStore {
    private static final Deserializer<Object> INDEX_RECORDS = PredictionIndexBatch.indexRecordDeserializer();

    /**
     * The end time of a range read. Kafka's window store bounds a key range by the upper key followed
     * by the end time; when the time's first byte is not zero it keeps only the key's bytes up to the
     * first one below that byte (for {@code Long.MAX_VALUE}: one byte), and the read would go through
     * every id that shares the first character. Any time below 2^56 ms (two million years) keeps the key whole.
     */
    static final long LATEST_RANGE_TIME = (1L << 56) - 1;

    private final WindowStore<Bytes, byte[]> inner;

    private PredictionIndexStore(WindowStore<Bytes, byte[]> inner) {
        super(inner);
        this.inner = inner;
    }

    /** A builder for the topology: no changelog (the index topic is connected as it), no cache. */
    static StoreBuilder<PredictionIndexStore> builder(String name, Duration retention) {
        return new Builder(name, retention);
    }

    /**
     * Every entry of a prediction id: under its own key and under its roles' ({@link PredictionIndex#key}:
     * the id, the separator, the role), in one range read. By key, each key's entries oldest first.
     */
    Map<String, List<PredictionIndexEntry>> fetchIdAndRoles(String id) {
        Map<String, List<PredictionIndexEntry>> found = new LinkedHashMap<>(2);
        // Between the id and the id, the separator and the highest character lie only those keys.
        Bytes from = bytes(id);
        Bytes to = bytes(id + StoreKeys.SEPARATOR + Character.MAX_VALUE);
        try (KeyValueIterator<Windowed<Bytes>, byte[]> it = inner.fetch(from, to, 0, LATEST_RANGE_TIME)) {
            while (it.hasNext()) {
                KeyValue<Windowed<Bytes>, byte[]> kv = it.next();
                Bytes key = kv.key.key();
                String name = key.equals(from) ? id : new String(key.get(), StandardCharsets.UTF_8);
                found.computeIfAbsent(name, k -> new ArrayList<>(1)).add(PredictionIndexEntry.decode(kv.value));
            }
        }
        return found;
    }

    void put(String key, PredictionIndexEntry entry) {
        inner.put(bytes(key), PredictionIndexEntry.encode(entry), entry.predictionTime());
    }

    private static Bytes bytes(String key) {
        return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The window store's changelog records for what one record of the index topic holds: one per
     * entry, keyed as {@code WindowStore.put} logs it (key, prediction time, sequence 0).
     */
    static List<ConsumerRecord<byte[], byte[]>> asStoreRecords(ConsumerRecord<byte[], byte[]> record) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        if (record.value() == null) {
            return out;
        }
        Object value = INDEX_RECORDS.deserialize(record.topic(), record.value());
        if (value instanceof PredictionIndexBatch batch) {
            batch.forEach((id, entry) -> out.add(storeRecord(record, id, entry)));
        } else if (value instanceof PredictionIndexEntry entry && record.key() != null) {
            // a single entry, as versions before the batches wrote it, keyed by its prediction id
            out.add(storeRecord(record, new String(record.key(), StandardCharsets.UTF_8), entry));
        }
        return out;
    }

    private static ConsumerRecord<byte[], byte[]> storeRecord(ConsumerRecord<byte[], byte[]> from, String id,
                                                             PredictionIndexEntry entry) {
        String key = PredictionIndex.key(id, Roles.ofSegments(entry.segments()));
        byte[] storeKey = WindowKeySchema.toStoreKeyBinary(bytes(key), entry.predictionTime(), 0).get();
        return new ConsumerRecord<>(from.topic(), from.partition(), from.offset(), storeKey, PredictionIndexEntry.encode(entry));
    }

    /** Restores the inner store from index-topic records, by way of its own batch restore. */
    static RecordBatchingStateRestoreCallback fromIndexTopic(StateRestoreCallback innerCallback) {
        if (!(innerCallback instanceof RecordBatchingStateRestoreCallback batching)) {
            throw new IllegalStateException("the window store registered a restore callback of an unexpected kind ("
                + innerCallback.getClass().getName() + "); the prediction index cannot be restored from its topic");
        }
        return records -> {
            List<ConsumerRecord<byte[], byte[]>> converted = new ArrayList<>(records.size() * AccumulateProcessor.INDEX_BATCH_ENTRIES);
            for (ConsumerRecord<byte[], byte[]> record : records) {
                converted.addAll(asStoreRecords(record));
            }
            batching.restoreBatch(converted);
        };
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        super.init(restoringFromIndexTopic(context), root);
    }

    /**
     * The task's context, but the restore callback the window store registers is given the index
     * topic's records converted. A proxy over every interface of the context, since Kafka's stores
     * rely on the internal ones as well.
     */
    private static StateStoreContext restoringFromIndexTopic(StateStoreContext context) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = context.getClass(); c != null; c = c.getSuperclass()) {
            interfaces.addAll(List.of(c.getInterfaces()));
        }
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("register") && args != null && args.length >= 2
                && args[1] instanceof StateRestoreCallback callback) {
                args = args.clone();
                args[1] = fromIndexTopic(callback);
            }
            try {
                return method.invoke(context, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (StateStoreContext) Proxy.newProxyInstance(PredictionIndexStore.class.getClassLoader(),
            interfaces.toArray(Class<?>[]::new), handler);
    }

    private static final class Builder implements StoreBuilder<PredictionIndexStore> {
        private final String name;
        private final Duration retention;

        Builder(String name, Duration retention) {
            this.name = name;
            this.retention = retention;
        }

        @Override
        public StoreBuilder<PredictionIndexStore> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<PredictionIndexStore> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<PredictionIndexStore> withLoggingEnabled(Map<String, String> config) {
            throw new UnsupportedOperationException("the prediction index's changelog is the prediction-index topic");
        }

        @Override
        public StoreBuilder<PredictionIndexStore> withLoggingDisabled() {
            return this;
        }

        @Override
        public PredictionIndexStore build() {
            return new PredictionIndexStore(Stores.persistentWindowStore(name, retention, Duration.ofMillis(1), false).get());
        }

        @Override
        public Map<String, String> logConfig() {
            return Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return false;
        }

        @Override
        public String name() {
            return name;
        }
    }
}
