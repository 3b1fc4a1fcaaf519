package io.driftmonitor.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.drift.BaselineBuilder;
import io.driftmonitor.drift.BaselineView;
import io.driftmonitor.drift.PredictionSignals;
import io.driftmonitor.promotion.Roles;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.BaselineCodec;
import io.driftmonitor.serde.InvalidRecordException;
import io.driftmonitor.serde.PredictionDecoder;
import io.driftmonitor.serde.SchemaRegistryException;
import io.driftmonitor.serde.SchemaRegistryUnavailableException;
import io.driftmonitor.state.HeapBufferedStore;
import io.driftmonitor.state.PerformancePartial;
import io.driftmonitor.state.PredictionIndexBatch;
import io.driftmonitor.state.PredictionIndexEntry;
import io.driftmonitor.state.SignalAccumulator;
import io.driftmonitor.state.Watermark;
import io.driftmonitor.state.WindowPartial;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Level 1. Decodes each prediction (or sends it to the dead-letter topic with the reason) and counts
 * it into heap partials per (model, window, segment) of this input partition, with no serialisation
 * or store access per record. Only champion predictions are the model (and its segments); another
 * deployment role is counted in its segment {@code deployment=<role>} only. It also buffers each
 * prediction's index entry (what a late label needs) in a batch for the label partition of its id.
 * Every flush interval it forwards the partials, keyed by model, to level 2, and the index batches to
 * the label join, and forgets them.
 */
final class AccumulateProcessor implements Processor<byte[], byte[], Object, Object> {
    /** Entries per prediction index batch. */
    static final int INDEX_BATCH_ENTRIES = 64;
    private static final Logger log = LoggerFactory.getLogger(AccumulateProcessor.class);


    private static final Comparator<WindowPartial> FLUSH_ORDER = Comparator.comparingLong(WindowPartial::windowStart)
        .thenComparing(WindowPartial::modelId).thenComparing(WindowPartial::segment);

    private final MonitorConfig config;
    private final PredictionDecoder decoder;
    private final BaselineCodec baselineCodec;
    private final boolean waitForRegistry;
    private final PredictionSignals signals = new PredictionSignals();
    private final Map<String, CachedBaseline> baselineCache = new HashMap<>();
    private ProcessorContext<Object, Object> context;
    private HeapBufferedStore<WindowPartial> partials;
    /** The partials and segment names of recent records, found without building keys. */
    private RecentPartials recent;
    private HeapBufferedStore<PredictionIndexBatch> indexBuffer;
    /** Outcomes of predictions that carried their own label, per (model, window, segment), until the next flush. */
    private HeapBufferedStore<PerformancePartial> inlinePerformance;
    /** Per index partition, the number of the batch being filled, and its key. */
    private long[] indexBatchSequence;
    private String[] indexBatchKey;
    private ReadOnlyKeyValueStore<String, byte[]> baselines;
    /** This task's input partition's progress and observed idleness, reported to level 2 at each flush. */
    private PartitionProgress progress;

    private final BaselineChanges baselineChanges;
    /** Moves at every flush: a cached baseline is then read from the store again (not decoded again if unchanged). */
    private long flushes;

    /**
     * A model's baseline as last read from the global store (bytes and view null: none), valid
     * while neither the store's generation nor the flush count moved.
     */
    private record CachedBaseline(byte[] bytes, BaselineView view, long generation, long flush) {
    }

    AccumulateProcessor(MonitorConfig config, PredictionDecoder decoder, BaselineCodec baselineCodec,
                        BaselineChanges baselineChanges) {
        this.config = config;
        this.decoder = decoder;
        this.baselineCodec = baselineCodec;
        this.baselineChanges = baselineChanges;
        this.waitForRegistry = !"dlq".equals(config.schemaRegistry.onUnavailable);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.partials = context.getStateStore(TopologyNames.PARTIALS_STORE);
        this.recent = new RecentPartials(partials);
        this.indexBuffer = context.getStateStore(TopologyNames.INDEX_BUFFER_STORE);
        this.inlinePerformance = context.getStateStore(TopologyNames.INLINE_PERFORMANCE_STORE);
        this.indexBatchSequence = new long[config.labelPartitions];
        this.indexBatchKey = new String[config.labelPartitions];
        for (int p = 0; p < indexBatchKey.length; p++) {
            indexBatchKey[p] = p + "/0";
        }
        this.baselines = context.getStateStore(TopologyNames.BASELINES_STORE);
        this.progress = new PartitionProgress(context.taskId().partition(), config.aggregation.idleClose.toMillis());
        Duration interval = config.aggregation.flushInterval;
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> flushPartials());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long wallMs = context.currentSystemTimeMs();
        progress.recordRead(wallMs);
        PredictionEvent event;
        try {
            event = decoder.decode(record.key(), record.value(), record.timestamp());
        } catch (SchemaRegistryUnavailableException e) {
            if (waitForRegistry) {
                // Not the record's fault: fail the task here, so that it resumes at this record
                // (nothing is committed past it) once the registry answers again.
                throw e;
            }
            sendToDeadLetters(record, e);
            return;
        } catch (InvalidRecordException | SchemaRegistryException e) {
            sendToDeadLetters(record, e);
            return;
        }
        int partition = -1;
        long offset = -1;
        RecordMetadata metadata = context.recordMetadata().orElse(null);
        if (metadata != null) {
            partition = metadata.partition();
            offset = metadata.offset();
        }
        String model = event.getModelId();
        ModelPolicy policy = config.policyFor(model);
        String refused = TimestampCheck.reason(event.getTimestamp(), wallMs, policy);
        if (refused != null) {
            sendToDeadLetters(record, new TimestampCheck.RefusedTimestamp(refused, event.getTimestamp(), wallMs, policy));
            context.forward(new Record<>(model, TimestampCheck.one(model, refused), Math.max(0, wallMs)),
                TopologyNames.WRITE_PARTIALS);
            return;
        }
        progress.eventTimeSeen(event.getTimestamp());
        long size = policy.window.toMillis();
        long start = Math.floorDiv(event.getTimestamp(), size) * size;
        BaselineView baseline = applicableBaseline(model, start);
        List<String> segments = new ArrayList<>(2);
        String role = Roles.of(event.getDeployment());
        if (Roles.isChampion(role)) {
            count(model, start, size, WindowPartial.ALL, event, baseline, partition, offset, policy);
            int p = partition;
            long o = offset;
            PredictionSignals.segmentsOf(event, policy.segmentKeys, (key, value) -> {
                String segment = boundedSegment(model, start, key, value, policy);
                segments.add(segment);
                count(model, start, size, segment, event, baseline, p, o, policy);
            });
        } else {
            // Not the model's statistics: a challenger, canary or shadow is counted in its role's segment only.
            String segment = Roles.segment(role);
            segments.add(segment);
            count(model, start, size, segment, event, baseline, partition, offset, policy);
        }
        // What a label arriving later needs to be attributed to this prediction's window.
        PredictionIndexEntry entry = new PredictionIndexEntry(model, event.getModelVersion(), event.getTimestamp(), start,
            start + size, event.getScore(), event.getPredictedLabel(), segments, false);
        if (event.getLabel() != null || event.getLabelValue() != null) {
            // Ground truth known at once counts as a label on `labels` would, with no delay; the
            // entry is marked, so the same label arriving on `labels` as well counts once.
            LabelAttribution.count(inlinePerformance, entry, event.getLabel(), event.getLabelValue(), 0, policy);
            entry = entry.markLabeled();
        }
        if (policy.labelsOnTopic()) {
            index(event.getPredictionId(), entry);
        }
    }

    /**
     * Adds the entry to the batch bound for the index partition of its prediction id. A full batch
     * goes to the label join at once: only the batches still filling at a commit are changelogged
     * (their images rewritten at each commit while they grow), and the rest at the flush.
     */
    private void index(String predictionId, PredictionIndexEntry entry) {
        int partition = PredictionIndexBatch.partitionOf(predictionId, config.labelPartitions);
        String key = indexBatchKey[partition];
        PredictionIndexBatch batch = indexBuffer.getForUpdate(key, () -> new PredictionIndexBatch(partition));
        batch.add(predictionId, entry);
        if (batch.size() >= INDEX_BATCH_ENTRIES) {
            indexBuffer.remove(key);
            forwardIndexBatch(key, batch);
            indexBatchKey[partition] = partition + "/" + ++indexBatchSequence[partition];
        }
    }

    private void forwardIndexBatch(String key, PredictionIndexBatch batch) {
        context.forward(new Record<>(key, batch, Math.max(0, batch.maxPredictionTime())), TopologyNames.WRITE_PREDICTION_INDEX);
    }

    private void count(String model, long start, long size, String segment, PredictionEvent event,
                       BaselineView baseline, int partition, long offset, ModelPolicy policy) {
        WindowPartial partial = recent.partial(model, start, segment, () -> new WindowPartial(model, start, start + size, segment,
            baseline == null ? WindowPartial.NO_BASELINE : baseline.version()));
        partial.countRecord(event.getTimestamp(), event.getModelVersion(), partition, offset);
        if (segment.equals(WindowPartial.ALL) && event.getScore() != null) {
            partial.countScore(event.getScore(), predictedPositive(event, policy));
        }
        BaselineView bound = baseline != null && baseline.version() == partial.baselineVersion() ? baseline : null;
        signals.feed(partial, event, name -> bound == null
            ? SignalAccumulator.learning()
            : BaselineBuilder.accumulatorFor(bound.find(segment, name)), bound, policy.multivariate);
    }

    /**
     * Whether a classifier predicted the positive class: its predicted label is the configured
     * positive label, else (the convention the label join also uses) its score is at least 0.5.
     */
    static boolean predictedPositive(PredictionEvent event, ModelPolicy policy) {
        if (policy.positiveLabel != null && event.getPredictedLabel() != null) {
            return policy.positiveLabel.equals(event.getPredictedLabel());
        }
        return event.getScore() >= 0.5;
    }

    /**
     * The segment a tag value is counted in here: its own name. Which values are named and which are
     * {@code key=__other__} is decided at level 2 for all partitions alike ({@link SegmentVocabulary});
     * this task only guards its memory, per window and flush interval, far above that bound.
     */
    private String boundedSegment(String model, long windowStart, String key, String value, ModelPolicy policy) {
        return recent.segment(model, windowStart, key, value, policy.maxSegmentValues * SegmentVocabulary.LEVEL_ONE_GUARD_FACTOR);
    }

    private BaselineView applicableBaseline(String model, long windowStart) {
        CachedBaseline cached = baselineCache.get(model);
        long generation = baselineChanges.generation();
        if (cached == null || cached.generation != generation || cached.flush != flushes) {
            cached = readBaseline(model, cached, generation);
            baselineCache.put(model, cached);
        }
        return cached.view != null && cached.view.appliesTo(windowStart) ? cached.view : null;
    }

    private CachedBaseline readBaseline(String model, CachedBaseline cached, long generation) {
        byte[] bytes = baselines.get(model);
        if (bytes == null) {
            return new CachedBaseline(null, null, generation, flushes);
        }
        // The global store hands out the array it holds: the same array is the same baseline, found
        // without comparing the bytes of every signal's bins.
        if (cached != null && cached.view != null && (cached.bytes == bytes || Arrays.equals(cached.bytes, bytes))) {
            return new CachedBaseline(bytes, cached.view, generation, flushes);
        }
        try {
            return new CachedBaseline(bytes, new BaselineView(baselineCodec.decode(bytes)), generation, flushes);
        } catch (RuntimeException e) {
            log.warn("Baseline of model {} cannot be read ({}); its windows run without one", model, e.getMessage());
            return new CachedBaseline(bytes, null, generation, flushes);
        }
    }

    private void flushPartials() {
        // Oldest windows first, so that level 2 has every partial of a window before a newer one closes it.
        List<WindowPartial> drained = new ArrayList<>();
        for (KeyValue<String, WindowPartial> kv : partials.drain()) {
            drained.add(kv.value);
        }
        drained.sort(FLUSH_ORDER);
        for (WindowPartial p : drained) {
            context.forward(new Record<>(p.modelId(), p, Math.max(0, p.maxEventTime())), TopologyNames.WRITE_PARTIALS);
        }
        for (KeyValue<String, PredictionIndexBatch> kv : indexBuffer.drain()) {
            forwardIndexBatch(kv.key, kv.value);
        }
        // After the window partials: level 2 attributes outcomes to a model it has seen predictions of.
        for (KeyValue<String, PerformancePartial> kv : inlinePerformance.drain()) {
            context.forward(new Record<>(kv.value.modelId(), kv.value, Math.max(0, kv.value.windowEnd())),
                TopologyNames.WRITE_PARTIALS);
        }
        recent.clear();
        flushes++;
        // After the partials, so that level 2 has them all when it learns this partition's progress.
        Watermark watermark = progress.atFlush(context.currentSystemTimeMs());
        if (watermark != null) {
            long timestamp = watermark.eventTime() == Long.MIN_VALUE ? context.currentSystemTimeMs() : watermark.eventTime();
            context.forward(new Record<>("", watermark, Math.max(0, timestamp)), TopologyNames.WRITE_PARTIALS);
        }
    }

    @Override
    public void close() {
        // Partials still in heap are in the store image of the last commit, or replayed from the input.
    }

    private void sendToDeadLetters(Record<byte[], byte[]> record, Exception e) {
        Headers headers = DeadLetters.headers(record.headers(), e, context.recordMetadata());
        context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(), headers),
            TopologyNames.WRITE_DLQ);
    }
}
