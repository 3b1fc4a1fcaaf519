package io.driftmonitor.state;

import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The heap over the committed image: what a commit writes, and what a value handed over leaves behind. */
class HeapBufferedStoreTest {
    private KeyValueStore<String, StringBuilder> inner;
    private HeapBufferedStore<StringBuilder> store;

    @BeforeEach
    void open() {
        inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("heap-test"), Serdes.String(),
                Serdes.serdeFrom((t, v) -> v.toString().getBytes(), (t, b) -> new StringBuilder(new String(b))))
            .withLoggingDisabled().withCachingDisabled().build();
        store = new HeapBufferedStore<>(inner);
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aCommitWritesTheImagesOfWhatChanged() {
        store.getForUpdate("a", StringBuilder::new).append("x");
        assertThat(inner.get("a")).isNull();
        store.flushCache();
        assertThat(inner.get("a")).hasToString("x");
    }

    @Test
    void aValueRemovedAfterACommitHasItsImageDeletedAtTheNext() {
        store.getForUpdate("a", StringBuilder::new).append("x");
        store.flushCache();

        assertThat(store.remove("a")).hasToString("x");
        assertThat(inner.get("a")).hasToString("x"); // until the commit
        store.flushCache();
        assertThat(inner.get("a")).isNull();
    }

    @Test
    void aRemovedKeyStartsAfreshAndNeverSeesItsOldImage() {
        store.getForUpdate("a", StringBuilder::new).append("old");
        store.flushCache();
        store.remove("a");

        store.getForUpdate("a", StringBuilder::new).append("new");
        store.flushCache();
        assertThat(inner.get("a")).hasToString("new");
        assertThat(store.drain()).extracting(kv -> kv.key + "=" + kv.value).containsExactly("a=new");
    }

    @Test
    void aValueCreatedAndRemovedBetweenCommitsLeavesNothing() {
        store.getForUpdate("a", StringBuilder::new).append("x");
        store.remove("a");
        store.flushCache();
        assertThat(inner.get("a")).isNull();
        assertThat(store.drain()).isEmpty();
    }

    @Test
    void aRestoredImageIsRemovedOnceAndNotDrainedAgain() {
        inner.put("restored", new StringBuilder("r"));
        inner.put("other", new StringBuilder("o"));

        assertThat(store.remove("restored")).hasToString("r");
        List<KeyValue<String, StringBuilder>> drained = store.drain();
        assertThat(drained).extracting(kv -> kv.key).containsExactly("other");
        store.flushCache();
        assertThat(inner.get("restored")).isNull();
        assertThat(inner.get("other")).isNull();
    }
}
