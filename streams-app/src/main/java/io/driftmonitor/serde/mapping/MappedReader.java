package io.driftmonitor.serde.mapping;

import java.util.function.BiConsumer;

/**
 * The values a {@link io.driftmonitor.config.PredictionMapping} selects from one decoded record
 * (a GenericRecord or a JSON tree), as raw Avro/JSON values; {@link MappedPredictionReader} turns
 * them into a prediction.
 */
interface MappedReader<R> {
    Object modelId(R record);

    Object modelVersion(R record);

    Object predictionId(R record);

    /** Event time in epoch ms, or null when the mapping names no timestamp or the value is null. */
    Long timestampMillis(R record);

    Object score(R record);

    Object scores(R record);

    Object predictedLabel(R record);

    Object embedding(R record);

    Object label(R record);

    Object deployment(R record);

    void features(R record, BiConsumer<String, Object> out);

    void tags(R record, BiConsumer<String, Object> out);
}
