package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.driftmonitor.state.PredictionIndexBatch;
import io.driftmonitor.state.PredictionIndexEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.state.internals.WindowKeySchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index store is restored from the prediction-index topic: each record of the topic must become
 * the window-store records that the join's own puts would have left, keyed as Kafka's window store
 * reads its changelog.
 */
class PredictionIndexStoreTest {
    private static PredictionIndexEntry entry(long time, List<String> segments) {
        return new PredictionIndexEntry("m", "v1", time, 0, 60_000, 0.7, "yes", segments, false);
    }

    private static ConsumerRecord<byte[], byte[]> topicRecord(String key, byte[] value) {
        return new ConsumerRecord<>("app-prediction-index", 2, 41, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static String keyOf(ConsumerRecord<byte[], byte[]> storeRecord) {
        Windowed<Bytes> windowed = WindowKeySchema.fromStoreBytesKey(storeRecord.key(), 1);
        return new String(windowed.key().get(), StandardCharsets.UTF_8) + "@" + windowed.window().start();
    }

    @Test
    void aBatchBecomesOneStoreRecordPerEntryUnderItsIndexKeyAtItsPredictionTime() {
        PredictionIndexBatch batch = new PredictionIndexBatch(2);
        batch.add("p-1", entry(1_000, List.of("country=DE")));
        batch.add("p-1", entry(1_200, List.of("deployment=challenger")));
        batch.add("p-2", entry(1_500, List.of()));

        List<ConsumerRecord<byte[], byte[]>> restored = PredictionIndexStore.asStoreRecords(
            topicRecord("2/0", PredictionIndexBatch.encode(batch)));

        assertThat(restored).extracting(PredictionIndexStoreTest::keyOf).containsExactly(
            "p-1@1000", PredictionIndex.key("p-1", "challenger") + "@1200", "p-2@1500");
        assertThat(restored).extracting(r -> PredictionIndexEntry.decode(r.value())).containsExactly(
            entry(1_000, List.of("country=DE")), entry(1_200, List.of("deployment=challenger")), entry(1_500, List.of()));
        assertThat(restored).allSatisfy(r -> {
            assertThat(WindowKeySchema.fromStoreBytesKey(r.key(), 1).window().start()).isPositive();
            assertThat(r.partition()).isEqualTo(2);
            assertThat(r.offset()).isEqualTo(41);
        });
    }

    @Test
    void aSingleEntryOfAnEarlierVersionIsKeyedByItsRecordKey() {
        List<ConsumerRecord<byte[], byte[]>> restored = PredictionIndexStore.asStoreRecords(
            topicRecord("p-9", PredictionIndexEntry.encode(entry(5_000, List.of()))));
        assertThat(restored).extracting(PredictionIndexStoreTest::keyOf).containsExactly("p-9@5000");
    }

    @Test
    void aTombstoneRestoresNothing() {
        assertThat(PredictionIndexStore.asStoreRecords(topicRecord("x", null))).isEmpty();
    }

    @Test
    void theWindowStoresBatchRestoreGetsTheConvertedRecords() {
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        RecordBatchingStateRestoreCallback inner = seen::addAll;
        PredictionIndexBatch batch = new PredictionIndexBatch(0);
        batch.add("a", entry(10, List.of()));
        batch.add("b", entry(20, List.of()));

        PredictionIndexStore.fromIndexTopic(inner).restoreBatch(List.of(
            topicRecord("0/0", PredictionIndexBatch.encode(batch)), topicRecord("0/1", null)));

        assertThat(seen).extracting(PredictionIndexStoreTest::keyOf).containsExactly("a@10", "b@20");
    }

    @Test
    void anUnexpectedKindOfRestoreCallbackFailsLoudly() {
        assertThatThrownBy(() -> PredictionIndexStore.fromIndexTopic((key, value) -> { }))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be restored from its topic");
    }

    @Test
    void readsAnIdWithItsRolesInOneGoAndNoIdItIsAPrefixOf(@TempDir Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "index-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        PredictionIndexStore store = PredictionIndexStore.builder("index", Duration.ofDays(1)).build();
        store.init(new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.toFile()).getStateStoreContext(), store);
        try {
            String challenger = PredictionIndex.key("p-1", "challenger");
            store.put("p-1", entry(1_000, List.of()));
            store.put(challenger, entry(1_200, List.of("deployment=challenger")));
            store.put("p-1", entry(50_000_000, List.of())); // the same id again, in a later segment
            for (String other : List.of("p-", "p-0", "p-10", "p-1 ", "p-2", "q-1")) {
                store.put(other, entry(1_100, List.of()));
            }

            assertThat(store.fetchIdAndRoles("p-1")).containsOnlyKeys("p-1", challenger);
            assertThat(store.fetchIdAndRoles("p-1").get("p-1")).extracting(PredictionIndexEntry::predictionTime)
                .containsExactly(1_000L, 50_000_000L);
            assertThat(store.fetchIdAndRoles("p-10")).containsOnlyKeys("p-10");
            assertThat(store.fetchIdAndRoles("p-3")).isEmpty();
        } finally {
            store.close();
        }
    }

    /** Kafka bounds the range read by this key: the whole upper key, not only its first character. */
    @Test
    void theRangeReadOfAnIdIsBoundedByTheWholeUpperKey() {
        byte[] upperKey = ("p-1" + StoreKeys.SEPARATOR + Character.MAX_VALUE).getBytes(StandardCharsets.UTF_8);
        byte[] bound = new WindowKeySchema().upperRange(Bytes.wrap(upperKey), PredictionIndexStore.LATEST_RANGE_TIME).get();
        assertThat(java.util.Arrays.copyOf(bound, upperKey.length)).isEqualTo(upperKey);
        assertThat(PredictionIndexStore.LATEST_RANGE_TIME).isGreaterThan(java.time.Instant.parse("9999-12-31T23:59:59Z").toEpochMilli());
    }
}
