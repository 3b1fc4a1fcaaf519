package io.driftmonitor.topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.driftmonitor.serde.InvalidRecordException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Moves every manual retrain request to its model's partition of the monitor's own
 * {@code <app>-retrain-requests-by-model} topic, placed by {@link ModelPartitioner} as the model's
 * window partials are, whatever partitioner its producer used (librdkafka's CRC32 in Python, kcat,
 * Go, .NET; Java's murmur2; an explicit partition; no key at all). The model is the request's
 * {@code model_id}, else its record key; level 2 reads the moved request beside the partials, in
 * the task that holds the model's state.
 *
 * <p>A request that cannot be read (not a JSON object, no model, no {@code request_id} or
 * {@code reason}) goes to the dead-letter topic with reason {@code invalid_record}.
 */
final class RetrainRequestRouter implements Processor<byte[], byte[], Object, Object> {
    private ProcessorContext<Object, Object> context;

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RetrainRequest request;
        try {
            request = RetrainRequest.fromJson(record.value(),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            sendToDeadLetters(record, new InvalidRecordException("not a retrain request: " + e.getMessage(), e));
            return;
        }
        context.forward(new Record<Object, Object>(request.modelId(), request.toJsonBytes(), record.timestamp(),
            record.headers()), TopologyNames.WRITE_RETRAIN_REQUESTS_BY_MODEL);
    }

    /** The record as it came, key and value bytes untouched. */
    private void sendToDeadLetters(Record<byte[], byte[]> record, Exception e) {
        Headers headers = DeadLetters.headers(record.headers(), e, context.recordMetadata());
        context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(), headers),
            TopologyNames.WRITE_RETRAIN_REQUEST_DLQ);
    }
}
