package io.driftmonitor.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The partition of a model on the topics level 2 reads side by side, the window partials and the
 * retrain requests by model: murmur2 of the model id's UTF-8 bytes, which is also where Java's
 * producer puts a String key. Every sink that writes a record keyed by model to one of those topics
 * places it with this function, so a model's partials and its requests always meet in one task.
 */
public final class ModelPartitioner {
    /** The sink partitioner of records keyed by model. */
    static final StreamPartitioner<String, Object> BY_MODEL = (topic, model, value, partitions) -> byModel(model, partitions);

    private ModelPartitioner() {
    }

    /** The partition of {@code model} on a topic of {@code partitions} partitions. */
    public static int partitionOf(String model, int partitions) {
        return Utils.toPositive(Utils.murmur2(model.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** A sink's choice for a record keyed by model (a String key); no key: the producer's own choice. */
    static Optional<Set<Integer>> byModel(Object key, int partitions) {
        return key == null ? Optional.empty() : Optional.of(Set.of(partitionOf((String) key, partitions)));
    }
}
