package io.driftmonitor.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class PredictionIndexBatchTest {
    private static PredictionIndexEntry entry(long time, Double score, String version) {
        return new PredictionIndexEntry("model", version, time, time - time % 1000, time - time % 1000 + 1000, score,
            score == null ? "yes" : null, List.of("country=DE", "tier=gold"), false);
    }

    @Test
    void shouldReadBackEveryEntryInOrder() {
        PredictionIndexBatch batch = new PredictionIndexBatch(3);
        batch.add("p-1", entry(1_500, 0.25, "v1"));
        batch.add("p-2", entry(2_700, null, null));

        PredictionIndexBatch read = PredictionIndexBatch.decode(PredictionIndexBatch.encode(batch));

        assertThat(read.partition()).isEqualTo(3);
        assertThat(read.maxPredictionTime()).isEqualTo(2_700);
        List<String> ids = new ArrayList<>();
        List<PredictionIndexEntry> entries = new ArrayList<>();
        read.forEach((id, e) -> {
            ids.add(id);
            entries.add(e);
        });
        assertThat(ids).containsExactly("p-1", "p-2");
        assertThat(entries).containsExactly(entry(1_500, 0.25, "v1"), entry(2_700, null, null));
    }

    @Test
    void shouldReadBatchesAndTheSingleEntriesOfEarlierVersionsFromTheIndexTopic() {
        PredictionIndexBatch batch = new PredictionIndexBatch(0);
        batch.add("p", entry(10, 0.5, "v1"));
        var deserializer = PredictionIndexBatch.indexRecordDeserializer();
        assertThat(deserializer.deserialize("index", PredictionIndexBatch.encode(batch))).isInstanceOf(PredictionIndexBatch.class);
        assertThat(deserializer.deserialize("index", PredictionIndexEntry.encode(entry(10, 0.5, "v1"))))
            .isEqualTo(entry(10, 0.5, "v1"));
        assertThat(deserializer.deserialize("index", null)).isNull();
    }

    /** The batch of an id must land where a producer with Kafka's default partitioner puts the id's labels. */
    @Property
    void shouldPickThePartitionOfTheLabelsOfAPredictionId(@ForAll String id, @ForAll @IntRange(min = 1, max = 64) int partitions) {
        assertThat(PredictionIndexBatch.partitionOf(id, partitions))
            .isEqualTo(BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), partitions));
    }

    /** Entries whose strings repeat (as in practice) and do not (more distinct strings than the table keeps). */
    @Property(tries = 200)
    void shouldReadBackAnyBatchWithItsStringsSharedOrNot(@ForAll("entries") @Size(max = 200) List<PredictionIndexEntry> entries) {
        PredictionIndexBatch batch = new PredictionIndexBatch(1);
        for (int i = 0; i < entries.size(); i++) {
            batch.add("id-" + i, entries.get(i));
        }
        List<PredictionIndexEntry> read = new ArrayList<>();
        PredictionIndexBatch.decode(PredictionIndexBatch.encode(batch)).forEach((id, e) -> read.add(e));
        assertThat(read).isEqualTo(entries);
        List<PredictionIndexEntry> firstFormat = new ArrayList<>();
        PredictionIndexBatch.decode(firstFormat(batch)).forEach((id, e) -> firstFormat.add(e));
        assertThat(firstFormat).isEqualTo(entries);
    }

    @Provide
    Arbitrary<List<PredictionIndexEntry>> entries() {
        Arbitrary<String> repeated = Arbitraries.of("fraud", "v7", "yes", "no", "country=DE", "country=FR", "");
        Arbitrary<String> text = Arbitraries.oneOf(repeated, Arbitraries.strings().ofMaxLength(8));
        Arbitrary<PredictionIndexEntry> entry = Combinators.combine(text, text.injectNull(0.3),
                Arbitraries.longs().between(0, 1L << 50), Arbitraries.doubles().injectNull(0.3), text.injectNull(0.3),
                text.list().ofMaxSize(4), Arbitraries.of(true, false))
            .as((model, version, time, score, predicted, segments, labeled) -> new PredictionIndexEntry(model, version,
                time, time - time % 60_000, time - time % 60_000 + 60_000, score, predicted, segments, labeled));
        return entry.list();
    }

    @Test
    void shouldWriteTheStringsOfABatchOnceAndReadThemAsOneInstance() {
        PredictionIndexBatch batch = new PredictionIndexBatch(0);
        for (int i = 0; i < 64; i++) {
            batch.add("p-" + i, entry(1_000 + i, 0.5, "v1"));
        }
        byte[] shared = PredictionIndexBatch.encode(batch);
        assertThat(shared.length).isLessThan(firstFormat(batch).length * 3 / 5);
        List<PredictionIndexEntry> read = new ArrayList<>();
        PredictionIndexBatch.decode(shared).forEach((id, e) -> read.add(e));
        assertThat(read.get(63).modelId()).isSameAs(read.get(0).modelId());
        assertThat(read.get(63).segments().get(1)).isSameAs(read.get(0).segments().get(1));
    }

    @Test
    void shouldRefuseAReferenceToAStringNotYetRead() {
        byte[] bytes = {PredictionIndexBatch.FORMAT_SHARED_STRINGS, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 'p', 0, 4};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PredictionIndexBatch.decode(bytes))
            .isInstanceOf(UncheckedIOException.class).hasMessageContaining("corrupt");
    }

    /** The batch as the first batch format wrote it: every entry in full, as it is written alone. */
    private static byte[] firstFormat(PredictionIndexBatch batch) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(PredictionIndexBatch.FORMAT);
            out.writeInt(batch.partition());
            out.writeInt(batch.size());
            batch.forEach((id, e) -> {
                try {
                    out.writeUTF(id);
                    e.writeTo(out);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
