package io.driftmonitor.topology;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PendingLabelsTest {
    private KeyValueStore<Bytes, byte[]> store;

    @BeforeEach
    void open() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("pending-test"), Serdes.Bytes(), Serdes.ByteArray())
            .withLoggingDisabled().withCachingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] raw(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void countsWhatWaitsAndFindsItById() {
        PendingLabels pending = new PendingLabels(store);
        assertThat(pending.get("a")).isNull();

        pending.put("a", 10, raw("label-a"));
        pending.put("b", 20, raw("label-b"));
        pending.put("a", 30, raw("label-a2")); // the same id again replaces its label
        assertThat(pending.size()).isEqualTo(2);
        assertThat(pending.get("a")).isEqualTo(raw("label-a2"));

        pending.delete("a");
        pending.delete("a");
        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.get("a")).isNull();
        assertThat(pending.get("b")).isEqualTo(raw("label-b"));
    }

    @Test
    void countsWhatTheStoreHeldWhenOpened() {
        PendingLabels before = new PendingLabels(store);
        before.put("a", 10, raw("x"));
        before.put("b", 20, raw("y"));

        PendingLabels reopened = new PendingLabels(store);
        assertThat(reopened.size()).isEqualTo(2);
        assertThat(reopened.get("b")).isEqualTo(raw("y"));
    }

    @Test
    void removesTheOldestByLabelTime() {
        PendingLabels pending = new PendingLabels(store);
        pending.put("old", 10, raw("o"));
        pending.put("new", 100, raw("n"));

        assertThat(pending.removeOlderThan(50)).extracting(kv -> kv.key).containsExactly("old");
        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.get("old")).isNull();
        assertThat(pending.removeOlderThan(50)).isEmpty();
        assertThat(pending.removeOlderThan(101)).extracting((KeyValue<String, byte[]> kv) -> new String(kv.value,
            StandardCharsets.UTF_8)).containsExactly("n");
        assertThat(pending.size()).isZero();
    }
}
