package io.driftmonitor.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
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
}
