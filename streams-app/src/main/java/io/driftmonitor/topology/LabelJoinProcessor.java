package io.driftmonitor.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.promotion.Roles;
import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.serde.LabelDecoder;
import io.driftmonitor.state.HeapBufferedStore;
import io.driftmonitor.state.PerformancePartial;
import io.driftmonitor.state.PredictionIndexBatch;
import io.driftmonitor.state.PredictionIndexEntry;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Attributes labels to their predictions, by prediction id (both topics are keyed by it), and counts
 * the outcomes into heap performance partials per (model, prediction window, segment) that go to
 * level 2 like drift partials. A label may come before its prediction's index entry (it waits), come
 * twice (counted once), or never find its prediction (counted as unmatched). Self-contained labels
 * (with prediction_timestamp and the prediction's score or label) need no index.
 *
 * <p>A shadow model scores the champion's requests, so its predictions may share the champion's
 * prediction id: the index keeps one entry per id and deployment role, and a label counts for every
 * role that predicted its id, each in its own segment. For a model with a promotion policy a label
 * also waits (as a pending label, {@link #PENDING_LABEL_WAIT}) for roles whose prediction comes after it.
 */
final class LabelJoinProcessor implements Processor<String, Object, Object, Object> {
    static final Duration HOUSEKEEPING_INTERVAL = Duration.ofSeconds(30);
    /** A label without a known prediction waits this long (event time) for the prediction's index entry. */
    static final Duration PENDING_LABEL_WAIT = Duration.ofMinutes(10);
    /** Window start of the per-model partial that carries unmatched-label counts. */
    static final long UNMATCHED = Long.MIN_VALUE;

    private final MonitorConfig config;
    private final LabelDecoder decoder;
    private ProcessorContext<Object, Object> context;
    private PredictionIndex index;
    private PendingLabels pendingLabels;
    private HeapBufferedStore<PerformancePartial> partials;
    /**
     * The join's event clock: the newest prediction or label time seen, but never past the wall
     * clock, so that a record stamped ahead (within {@code max_future_skew}) cannot expire what waits.
     */
    private long clock = Long.MIN_VALUE;

    LabelJoinProcessor(MonitorConfig config, LabelDecoder decoder) {
        this.config = config;
        this.decoder = decoder;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.index = new PredictionIndex(context.getStateStore(TopologyNames.PREDICTION_INDEX_STORE),
            context.getStateStore(TopologyNames.LABELLED_PREDICTIONS_STORE), config);
        this.pendingLabels = new PendingLabels(context.getStateStore(TopologyNames.PENDING_LABELS_STORE));
        this.partials = context.getStateStore(TopologyNames.PERFORMANCE_PARTIALS_STORE);
        context.schedule(config.aggregation.flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> flushPartials());
        context.schedule(HOUSEKEEPING_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> expire());
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.key() == null) {
            return;
        }
        clock = Math.max(clock, Math.min(record.timestamp(), context.currentSystemTimeMs()));
        if (record.value() instanceof PredictionIndexBatch batch) {
            batch.forEach(this::onPrediction);
        } else if (record.value() instanceof PredictionIndexEntry entry) {
            onPrediction(record.key(), entry); // as versions before the batches wrote it
        } else if (record.value() instanceof byte[] raw) {
            onLabel(record, raw);
        }
    }

    private void onPrediction(String id, PredictionIndexEntry entry) {
        String key = PredictionIndex.key(id, Roles.ofSegments(entry.segments()));
        index.put(key, entry);
        byte[] waiting = pendingLabels.get(id);
        if (waiting != null) {
            if (config.policyFor(entry.modelId()).promotion == null) {
                pendingLabels.delete(id);
            } // else it stays for the other roles' predictions of the id, until it expires
            // A prediction that carried its own label counted it at level 1; a replayed one was counted before.
            if (!index.isLabelled(key, entry)) {
                count(entry, decoder.decode(waiting));
                index.markLabelled(key, entry);
            }
        }
    }

    private void onLabel(Record<String, Object> record, byte[] raw) {
        LabelEvent label = decoder.decode(raw); // the router checked it and handed it on in binary
        String id = label.getPredictionId();
        ModelPolicy policy = config.policyFor(label.getModelId());
        boolean indexed = policy.labelsOnTopic();
        List<PredictionIndex.Indexed> found = indexed ? index.find(id, clock) : List.of();
        if (found.isEmpty() && LabelAttribution.isSelfContained(label)) {
            // Counted from the label alone; only the mark is kept, so that the same label again counts once.
            PredictionIndexEntry entry = LabelAttribution.fromLabel(label, policy);
            if (!index.isLabelled(id, entry)) {
                count(entry, label);
                index.markLabelled(id, entry);
            }
            return;
        }
        if (found.isEmpty() && !indexed) {
            countUnmatched(label.getModelId()); // its model's predictions are not indexed: none will come
            return;
        }
        if (found.isEmpty()) {
            pendingLabels.put(id, label.getTimestamp(), raw);
            return;
        }
        for (PredictionIndex.Indexed prediction : found) {
            if (!prediction.entry().labeled()) { // a duplicate label is counted once
                count(prediction.entry(), label);
                index.markLabelled(prediction.key(), prediction.entry());
            }
        }
        if (policy.promotion != null) {
            // Another role's prediction of the same id may still be on its way: it finds the label here.
            pendingLabels.put(id, label.getTimestamp(), raw);
        }
    }

    private void count(PredictionIndexEntry entry, LabelEvent label) {
        LabelAttribution.count(partials, entry, label, config.policyFor(entry.modelId()));
    }

    private void flushPartials() {
        List<PerformancePartial> drained = new ArrayList<>();
        for (KeyValue<String, PerformancePartial> kv : partials.drain()) {
            drained.add(kv.value);
        }
        for (PerformancePartial p : drained) {
            context.forward(new Record<>(p.modelId(), p, Math.max(0, p.windowEnd())), TopologyNames.WRITE_PERFORMANCE_PARTIALS);
        }
    }

    /**
     * Gives up on labels that never found their prediction. Predictions past their label horizon
     * need nothing: the index store drops them by itself.
     */
    private void expire() {
        if (clock == Long.MIN_VALUE) {
            return;
        }
        for (KeyValue<String, byte[]> kv : pendingLabels.removeOlderThan(clock - PENDING_LABEL_WAIT.toMillis())) {
            if (index.find(kv.key, clock).stream().anyMatch(prediction -> prediction.entry().labeled())) {
                continue; // kept for further roles of its prediction id, and counted already
            }
            countUnmatched(decoder.decode(kv.value).getModelId());
        }
    }

    private void countUnmatched(String model) {
        PerformancePartial p = partials.getForUpdate(StoreKeys.windowSegment(model, UNMATCHED, ""),
            () -> new PerformancePartial(model, UNMATCHED, UNMATCHED, ""));
        p.addClassification("unmatched", null, null, null, 0);
    }
}
