package io.driftmonitor.topology;

import java.nio.charset.StandardCharsets;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.serde.InvalidRecordException;
import io.driftmonitor.serde.LabelDecoder;
import io.driftmonitor.serde.SchemaRegistryException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Moves every label to the partition of the monitor's own {@code <app>-labels-by-prediction} topic
 * that holds its prediction's index entries, whatever partitioner its producer used: librdkafka
 * (Python, kcat, Go, .NET) hashes keys with CRC32 by default, Java with murmur2, and some producers
 * pick partitions at random. The key is the label's own {@code prediction_id}, so a label keyed by
 * anything else (or not at all) is attributed too.
 *
 * <p>Labels that cannot be read, and labels whose event time cannot be true (see
 * {@link TimestampCheck}), go to the dead-letter topic here and never reach the join, so they move
 * no clock there; refused timestamps are counted with their model at level 2.
 */
final class LabelRouter implements Processor<String, byte[], Object, Object> {
    private final MonitorConfig config;
    private final LabelDecoder decoder;
    private ProcessorContext<Object, Object> context;

    LabelRouter(MonitorConfig config, LabelDecoder decoder) {
        this.config = config;
        this.decoder = decoder;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        LabelEvent label;
        try {
            label = decoder.decode(record.value());
        } catch (InvalidRecordException | SchemaRegistryException e) {
            sendToDeadLetters(record, e);
            return;
        }
        ModelPolicy policy = config.policyFor(label.getModelId());
        long wallMs = context.currentSystemTimeMs();
        long refusedTime = label.getTimestamp();
        String refused = TimestampCheck.reason(refusedTime, wallMs, policy);
        if (refused == null && label.getPredictionTimestamp() != null) {
            refusedTime = label.getPredictionTimestamp();
            refused = TimestampCheck.reason(refusedTime, wallMs, policy);
        }
        if (refused != null) {
            sendToDeadLetters(record, new TimestampCheck.RefusedTimestamp(refused, refusedTime, wallMs, policy));
            context.forward(new Record<>(label.getModelId(), TimestampCheck.one(label.getModelId(), refused), Math.max(0, wallMs)),
                TopologyNames.WRITE_LABEL_REFUSALS);
            return;
        }
        // Handed on decoded already, in the binary form the join reads several times faster than JSON.
        context.forward(new Record<Object, Object>(label.getPredictionId(), LabelDecoder.internal(label), label.getTimestamp(),
            record.headers()), TopologyNames.WRITE_LABELS_BY_PREDICTION);
    }

    private void sendToDeadLetters(Record<String, byte[]> record, Exception e) {
        Headers headers = DeadLetters.headers(record.headers(), e, context.recordMetadata());
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        context.forward(new Record<Object, Object>(key, record.value(), record.timestamp(), headers),
            TopologyNames.WRITE_LABEL_DLQ);
    }
}
