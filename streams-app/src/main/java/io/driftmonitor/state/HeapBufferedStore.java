package io.driftmonitor.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Level-1 state: mutable partials (window histograms, label performance counts) in heap, updated per record without serialisation,
 * over a changelogged key-value store that holds their last committed image.
 * <p>
 * Why it implements {@link CachedStateStore}: in Kafka Streams 4.3 the only store hook that runs
 * <em>before</em> a task's offsets are committed (inside the same transaction under
 * exactly_once_v2) is {@code flushCache()}; {@code commit()} runs after the offsets are committed.
 * Writing the dirty partials to the inner store in {@code flushCache()} therefore puts their
 * changelog records into the same transaction as the input offsets: a crash at any point replays
 * to the same counts.
 */
public final class HeapBufferedStore<V> extends DelegatingStateStore implements CachedStateStore<String, V> {
    private final KeyValueStore<String, V> inner;
    private final Map<String, V> heap = new HashMap<>();
    private final Set<String> dirty = new HashSet<>();
    private final Set<String> removed = new HashSet<>();
    /**
     * Keys known to have an image in the inner store: read from it, or written by a commit. A removed
     * key is deleted there only if it is one of them, and without reading the image back (a
     * partial's image is large to decode).
     */
    private final Set<String> stored = new HashSet<>();
    private boolean loaded;
    /** Moves whenever the dirty set is emptied: a caller that remembers values must ask for them again. */
    private long generation;

    public HeapBufferedStore(KeyValueStore<String, V> inner) {
        super(inner);
        this.inner = inner;
    }

    /** The partial for a key, loaded from the inner store or created; marked dirty since the caller updates it. */
    public V getForUpdate(String key, Supplier<V> create) {
        V p = heap.get(key);
        if (p == null) {
            // A removed key's image in the inner store is gone for the caller, though not yet deleted.
            p = loaded || removed.contains(key) ? null : inner.get(key);
            if (p == null) {
                p = create.get();
            } else {
                stored.add(key);
            }
            heap.put(key, p);
            removed.remove(key);
        }
        dirty.add(key);
        return p;
    }

    /**
     * Hands over every partial and forgets them: the caller forwards them downstream in the same
     * transaction, and the next commit deletes their stored images.
     */
    public List<KeyValue<String, V>> drain() {
        loadAll();
        List<KeyValue<String, V>> all = new ArrayList<>(heap.size());
        heap.forEach((k, v) -> all.add(KeyValue.pair(k, v)));
        removed.addAll(heap.keySet());
        heap.clear();
        dirty.clear();
        generation++;
        return all;
    }

    /**
     * Hands over one value and forgets it, as {@link #drain()} does for all: the caller forwards it
     * in the same transaction, and the next commit deletes its stored image if it has one.
     */
    public V remove(String key) {
        V value = heap.remove(key);
        if (value == null && !loaded && !removed.contains(key)) {
            value = inner.get(key);
            if (value != null) {
                stored.add(key);
            }
        }
        dirty.remove(key);
        removed.add(key);
        generation++;
        return value;
    }

    public int size() {
        loadAll();
        return heap.size();
    }

    /** After a restore the inner store may hold partials the heap has not seen yet. */
    private void loadAll() {
        if (loaded) {
            return;
        }
        try (KeyValueIterator<String, V> it = inner.all()) {
            while (it.hasNext()) {
                KeyValue<String, V> kv = it.next();
                stored.add(kv.key);
                if (!removed.contains(kv.key)) {
                    heap.putIfAbsent(kv.key, kv.value);
                }
            }
        }
        loaded = true;
    }

    @Override
    public void flushCache() {
        for (String key : removed) {
            if (stored.remove(key)) { // a value created and removed between two commits left no image
                inner.put(key, null); // a delete that does not decode the old image, as delete() would
            }
        }
        removed.clear();
        for (String key : dirty) {
            inner.put(key, heap.get(key));
            stored.add(key);
        }
        dirty.clear();
        generation++;
    }

    @Override
    public void clearCache() {
        heap.clear();
        dirty.clear();
        removed.clear();
        stored.clear();
        loaded = false;
        generation++;
    }

    /**
     * Changes whenever values handed out by {@link #getForUpdate} are no longer marked dirty (written
     * at a commit, drained, or dropped): until it changes, updating such a value needs no new call.
     */
    public long generation() {
        return generation;
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void close() {
        clearCache();
        super.close();
    }
}
