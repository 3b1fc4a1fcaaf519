package io.driftmonitor.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Labels waiting for their prediction's index entry, in one key-value store under two kinds of key:
 * {@code 'i' id} holds the label time and the raw label (found by the prediction id), and
 * {@code 't' time id} orders them by label time, so that giving up on the oldest is a range scan
 * over those alone, never over the whole store.
 */
final class PendingLabels {
    private static final byte BY_ID = 'i';
    private static final byte BY_TIME = 't';

    private final KeyValueStore<Bytes, byte[]> store;
    /**
     * Labels waiting, counted when the store is opened (after its restore) and kept up to date: while
     * none wait, which is the usual case, a prediction's check costs no store read.
     */
    private long waiting;

    PendingLabels(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
        try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(new byte[] {BY_ID}, PREFIX)) {
            while (it.hasNext()) {
                it.next();
                waiting++;
            }
        }
    }

    /** How many labels wait. */
    long size() {
        return waiting;
    }

    /** The raw label waiting for this prediction id, or null. */
    byte[] get(String id) {
        if (waiting == 0) {
            return null;
        }
        byte[] value = store.get(byId(id));
        return value == null ? null : java.util.Arrays.copyOfRange(value, Long.BYTES, value.length);
    }

    void put(String id, long labelTime, byte[] raw) {
        Bytes key = byId(id);
        byte[] previous = store.get(key);
        if (previous != null) {
            store.delete(byTime(ByteBuffer.wrap(previous).getLong(), id));
        } else {
            waiting++;
        }
        store.put(key, ByteBuffer.allocate(Long.BYTES + raw.length).putLong(labelTime).put(raw).array());
        store.put(byTime(labelTime, id), new byte[0]);
    }

    void delete(String id) {
        Bytes key = byId(id);
        byte[] value = store.get(key);
        if (value != null) {
            store.delete(byTime(ByteBuffer.wrap(value).getLong(), id));
            store.delete(key);
            waiting--;
        }
    }

    /** Removes and returns (prediction id, raw label) of every label with a label time before {@code cutoff}. */
    List<KeyValue<String, byte[]>> removeOlderThan(long cutoff) {
        List<String> ids = new ArrayList<>();
        Bytes from = Bytes.wrap(new byte[] {BY_TIME});
        Bytes to = Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES).put(BY_TIME).putLong(cutoff).array());
        try (KeyValueIterator<Bytes, byte[]> it = store.range(from, to)) {
            while (it.hasNext()) {
                byte[] key = it.next().key.get();
                if (key.length > 1 + Long.BYTES) {
                    ids.add(new String(key, 1 + Long.BYTES, key.length - 1 - Long.BYTES, StandardCharsets.UTF_8));
                }
            }
        }
        List<KeyValue<String, byte[]>> removed = new ArrayList<>(ids.size());
        for (String id : ids) {
            removed.add(KeyValue.pair(id, get(id)));
            delete(id);
        }
        return removed;
    }

    /** Serialises the prefix of {@code prefixScan} as the store's keys are: the raw bytes. */
    private static final Serializer<byte[]> PREFIX = (topic, prefix) -> prefix;

    private static Bytes byId(String id) {
        byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(1 + utf8.length).put(BY_ID).put(utf8).array());
    }

    private static Bytes byTime(long time, String id) {
        byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES + utf8.length).put(BY_TIME).putLong(time).put(utf8).array());
    }
}
