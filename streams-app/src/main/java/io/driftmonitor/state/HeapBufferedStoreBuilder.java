package io.driftmonitor.state;

import java.util.Map;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Builds a {@link HeapBufferedStore} over a changelogged in-memory store (no record cache: the heap is the cache). */
public final class HeapBufferedStoreBuilder<V> implements StoreBuilder<HeapBufferedStore<V>> {
    private final StoreBuilder<KeyValueStore<String, V>> inner;

    public HeapBufferedStoreBuilder(String name, Serde<V> valueSerde) {
        this.inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), valueSerde)
            .withCachingDisabled();
    }

    @Override
    public StoreBuilder<HeapBufferedStore<V>> withCachingEnabled() {
        return this;
    }

    @Override
    public StoreBuilder<HeapBufferedStore<V>> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<HeapBufferedStore<V>> withLoggingEnabled(Map<String, String> config) {
        inner.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<HeapBufferedStore<V>> withLoggingDisabled() {
        inner.withLoggingDisabled();
        return this;
    }

    @Override
    public HeapBufferedStore<V> build() {
        return new HeapBufferedStore<>(inner.build());
    }

    @Override
    public Map<String, String> logConfig() {
        return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return inner.loggingEnabled();
    }

    @Override
    public String name() {
        return inner.name();
    }
}
