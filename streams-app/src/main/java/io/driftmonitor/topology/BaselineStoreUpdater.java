package io.driftmonitor.topology;

import io.driftmonitor.schema.Baseline;
import io.driftmonitor.serde.BaselineCodec;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the newest version of each model's baseline in the global store; older or unreadable ones are ignored. */
final class BaselineStoreUpdater implements Processor<String, byte[], Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(BaselineStoreUpdater.class);

    private final BaselineCodec codec;
    private final BaselineChanges changes;
    private KeyValueStore<String, byte[]> store;

    BaselineStoreUpdater(BaselineCodec codec, BaselineChanges changes) {
        this.codec = codec;
        this.changes = changes;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(TopologyNames.BASELINES_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            changes.changed();
            return;
        }
        Baseline incoming;
        try {
            incoming = codec.decode(record.value());
        } catch (RuntimeException e) {
            log.warn("Ignoring unreadable baseline for model {}: {}", record.key(), e.getMessage());
            return;
        }
        byte[] current = store.get(record.key());
        if (current != null) {
            try {
                if (codec.decode(current).getVersion() >= incoming.getVersion()) {
                    return;
                }
            } catch (RuntimeException e) {
                // the stored one is unreadable: the incoming one replaces it
            }
        }
        store.put(record.key(), record.value());
        changes.changed();
    }
}
