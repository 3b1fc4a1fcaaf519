package io.driftmonitor.state;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** The heap over the committed image: what a commit writes, and what a value handed over leaves behind. */
class HeapBufferedStoreTest {
    private KeyValueStore<String, StringBuilder> inner;
    private HeapBufferedStore<StringBuilder> store;
    /** Images read back from the inner store. */
    private int decoded;

    @BeforeEach
    void open() {
        inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("heap-test"), Serdes.String(),
                Serdes.serdeFrom((t, v) -> v == null ? null : v.toString().getBytes(), (t, b) -> {
                    if (b == null) {
                        return null;
                    }
                    decoded++;
                    return new StringBuilder(new String(b));
                }))
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

    @Test
    void aCommitDeletesTheImagesOfRemovedValuesWithoutReadingThemBack() {
        store.getForUpdate("a", StringBuilder::new).append("x");
        store.getForUpdate("b", StringBuilder::new).append("y");
        store.flushCache();
        store.drain();
        int before = decoded;
        store.flushCache();
        assertThat(decoded).isEqualTo(before);
        assertThat(inner.approximateNumEntries()).isZero();
    }

    /**
     * Any sequence of updates, removals, drains, commits and dirty closes (the heap dropped, the
     * inner store as of the last commit): after a commit the inner store holds exactly what the
     * heap's caller last left there, as a plain map would.
     */
    @Property(tries = 300)
    void theImageAfterACommitIsWhatTheCallerLeft(@ForAll("operations") List<Integer> operations) {
        open();
        try {
            Map<String, String> expected = new TreeMap<>();
            Map<String, String> committed = new TreeMap<>();
            for (int op : operations) {
                String key = "k" + (op % 5);
                switch (op / 5) {
                    case 0, 1 -> {
                        store.getForUpdate(key, StringBuilder::new).append(op % 3);
                        expected.merge(key, Integer.toString(op % 3), String::concat);
                    }
                    case 2 -> {
                        StringBuilder removed = store.remove(key);
                        String was = expected.remove(key);
                        assertThat(removed == null ? null : removed.toString()).isEqualTo(was);
                    }
                    case 3 -> {
                        Map<String, String> drained = new HashMap<>();
                        store.drain().forEach(kv -> drained.put(kv.key, kv.value.toString()));
                        assertThat(drained).isEqualTo(expected);
                        expected.clear();
                    }
                    case 4 -> {
                        store.flushCache();
                        committed = new TreeMap<>(expected);
                        assertThat(contents()).isEqualTo(committed);
                    }
                    default -> { // a dirty close: what was not committed is gone
                        store.clearCache();
                        expected = new TreeMap<>(committed);
                    }
                }
            }
            store.flushCache();
            assertThat(contents()).isEqualTo(expected);
        } finally {
            close();
        }
    }

    @Provide
    Arbitrary<List<Integer>> operations() {
        return Arbitraries.integers().between(0, 29).list().ofMaxSize(60);
    }

    private Map<String, String> contents() {
        Map<String, String> all = new TreeMap<>();
        try (var it = inner.all()) {
            it.forEachRemaining(kv -> all.put(kv.key, kv.value.toString()));
        }
        return all;
    }
}
