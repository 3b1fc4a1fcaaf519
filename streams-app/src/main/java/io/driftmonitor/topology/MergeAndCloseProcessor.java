package io.driftmonitor.topology;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.schema.DriftEvent;
import io.driftmonitor.serde.BaselineCodec;
import io.driftmonitor.serde.EventEncoder;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.state.PerformancePartial;
import io.driftmonitor.state.RefusedTimestamps;
import io.driftmonitor.state.Watermark;
import io.driftmonitor.state.WindowPartial;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Level 2, keyed by model: the orchestration. Partials are merged per window and segment (segment
 * values named by {@link SegmentVocabulary}); level 1's progress reports feed the {@link EventClock};
 * windows the clock lets close go to the {@link WindowCloser}; labelled outcomes to
 * {@link LabelledWindows}; manual retrain requests to {@link RetrainDecisions}. State and output
 * change in one transaction under exactly-once.
 */
final class MergeAndCloseProcessor implements Processor<String, Object, String, byte[]> {
    private static final Logger log = LoggerFactory.getLogger(MergeAndCloseProcessor.class);
    private static final ObjectMapper JSON = JsonRecordCodec.mapper();
    static final Duration IDLE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final MonitorConfig config;
    private final EventEncoder encoder;
    private final BaselineCodec baselineCodec;
    private ProcessorContext<String, byte[]> context;
    private OpenWindowPartials windows;
    private KeyValueStore<String, byte[]> modelStates;
    private ModelBaselines baselines;
    private KeyValueStore<String, byte[]> results;
    private KeyValueStore<String, byte[]> retrainHistory;
    private ReadOnlyKeyValueStore<String, byte[]> publishedBaselines;
    private KeyValueStore<Integer, byte[]> watermarkStore;
    private LabelFreeEstimates estimates;
    private LabelledWindows labelled;
    private RetrainDecisions retrains;
    private WindowCloser closer;
    /** What level 1 reported of every input partition's progress. */
    private EventClock clock;
    /** Models with open windows, or closed ones whose partials are still kept. */
    private final Set<String> modelsWithWindowsInStore = new HashSet<>();
    private final Set<String> knownModels = new HashSet<>();
    private long rejectedModelRecords;
    private final Set<String> rejectedModels = new HashSet<>();
    private static final int MAX_REPORTED_REJECTIONS = 10_000;

    MergeAndCloseProcessor(MonitorConfig config, EventEncoder encoder, BaselineCodec baselineCodec) {
        this.config = config;
        this.encoder = encoder;
        this.baselineCodec = baselineCodec;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.windows = new OpenWindowPartials(context.getStateStore(TopologyNames.WINDOWS_STORE),
            OpenWindowPartials.keepAfterCloseMs(context.appConfigs()));
        this.modelStates = context.getStateStore(TopologyNames.MODEL_STATE_STORE);
        this.baselines = new ModelBaselines(context.getStateStore(TopologyNames.MODEL_BASELINES_STORE));
        this.results = context.getStateStore(TopologyNames.DRIFT_RESULTS_STORE);
        this.retrainHistory = context.getStateStore(TopologyNames.RETRAIN_HISTORY_STORE);
        this.publishedBaselines = context.getStateStore(TopologyNames.BASELINES_STORE);
        this.watermarkStore = context.getStateStore(TopologyNames.WATERMARKS_STORE);
        this.estimates = new LabelFreeEstimates(context.getStateStore(TopologyNames.CALIBRATION_STORE));
        KeyValueStore<String, PerformancePartial> performance = context.getStateStore(TopologyNames.PERFORMANCE_STORE);
        LabelledWindows.Model models = new LabelledWindows.Model() {
            @Override public ModelState load(String model) { return loadState(model); }
            @Override public ModelState loadOrCreate(String model) { return loadOrCreateState(model); }
            @Override public void save(ModelState state) { saveState(state); }
            @Override public long eventClock(long now) { return MergeAndCloseProcessor.this.eventClock(now); }
            @Override public void onLabelledWindow(ModelState state, WindowReport report, List<DriftEvent> events,
                                                   ModelPolicy policy) {
                retrains.onLabelledWindow(state, report, events, policy);
            }
        };
        this.retrains = new RetrainDecisions(config, encoder, context, results, retrainHistory, estimates, baselines, models);
        this.closer = new WindowCloser(config, encoder, baselineCodec, context, windows, baselines, publishedBaselines, results,
            estimates, retrains);
        this.labelled = new LabelledWindows(config, encoder, context, performance, results, estimates,
            new Promotions(config, encoder, context, performance, results), models);
        // Restored progress only: every partition holds the clock until its level-1 task reports again.
        clock = new EventClock(config.inputPartitions);
        try (KeyValueIterator<Integer, byte[]> it = watermarkStore.all()) {
            while (it.hasNext()) {
                KeyValue<Integer, byte[]> kv = it.next();
                clock.restore(kv.key, ByteBuffer.wrap(kv.value).getLong());
            }
        }
        try (KeyValueIterator<String, byte[]> it = modelStates.all()) {
            while (it.hasNext()) {
                ModelState state = readState(it.next().value);
                knownModels.add(state.modelId);
                windows.deleteOrphans(state);
                if (!state.openWindows.isEmpty() || !state.keptPartials.isEmpty()) {
                    modelsWithWindowsInStore.add(state.modelId);
                }
            }
        }
        context.schedule(IDLE_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::closeReadyWindows);
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof Watermark w) {
            onWatermark(w);
        } else if (record.value() instanceof WindowPartial p) {
            onPartial(p);
        } else if (record.value() instanceof PerformancePartial p) {
            labelled.onPerformance(p);
        } else if (record.value() instanceof RefusedTimestamps r) {
            onRefusedTimestamps(r);
        } else if (record.value() instanceof RetrainRequest r) {
            retrains.onRetrainRequest(record.key(), r);
        }
    }

    /**
     * A model beyond the cap is not monitored; its owner learns it from a data-quality event on the
     * drift topic (once per model and instance run), not only from a log line.
     */
    private void rejectModel(WindowPartial partial) {
        if (rejectedModelRecords++ % 10_000 == 0) {
            log.warn("Model cap of {} reached; records of model {} are not monitored", config.aggregation.maxModels,
                partial.modelId());
        }
        if (!partial.segment().isEmpty() || rejectedModels.size() >= MAX_REPORTED_REJECTIONS
                || !rejectedModels.add(partial.modelId())) {
            return;
        }
        DriftEvent event = DataQualityEvents.modelCap(partial.modelId(), partial.modelVersion(), partial.windowStart(),
            partial.windowEnd(), partial.count(), knownModels.size(), config.aggregation.maxModels);
        context.forward(new Record<>(partial.modelId(), encoder.encode(config.topics.driftEvents, event), partial.windowEnd()),
            TopologyNames.WRITE_DRIFT_EVENTS);
    }

    private void onWatermark(Watermark w) {
        long now = context.currentSystemTimeMs();
        if (clock.report(w.inputPartition(), w.eventTime(), w.idle())) {
            // The wall time after the event time is kept for the format of earlier versions.
            watermarkStore.put(w.inputPartition(), ByteBuffer.allocate(16).putLong(w.eventTime()).putLong(now).array());
        }
        closeReadyWindows(now);
    }

    /** Refused records count per model; the next window close reports them in a data-quality event. */
    private void onRefusedTimestamps(RefusedTimestamps refused) {
        ModelState state = loadOrCreateState(refused.modelId());
        if (state == null) {
            return;
        }
        state.timestampsInFuture += refused.inFuture();
        state.timestampsOutOfRange += refused.outOfRange();
        state.unreportedTimestampsInFuture += refused.inFuture();
        state.unreportedTimestampsOutOfRange += refused.outOfRange();
        saveState(state);
    }

    /** The event time every input partition has delivered (see {@link EventClock}); the wall time is not used. */
    long eventClock(long now) {
        return clock.clock();
    }

    private void closeReadyWindows(long now) {
        closeReadyWindowsOfAllModels(now);
        labelled.emit(now);
    }

    private void closeReadyWindowsOfAllModels(long now) {
        if (clock.clock() == Long.MIN_VALUE) {
            return;
        }
        for (String model : List.copyOf(modelsWithWindowsInStore)) {
            ModelState state = loadState(model);
            if (state == null) {
                modelsWithWindowsInStore.remove(model);
                continue;
            }
            int before = state.openWindows.size();
            closeReadyWindows(state);
            boolean expired = windows.expireKept(state, now);
            if (state.openWindows.size() != before || expired) {
                saveState(state);
            }
            if (state.openWindows.isEmpty() && state.keptPartials.isEmpty()) {
                modelsWithWindowsInStore.remove(model);
            }
        }
    }

    private void onPartial(WindowPartial partial) {
        String model = partial.modelId();
        ModelState state = loadOrCreateState(model);
        if (state == null) {
            rejectModel(partial);
            return;
        }
        if (partial.windowStart() < state.closedThrough) {
            if (partial.segment().equals(WindowPartial.ALL)) {
                state.lateRecords += partial.count();
                log.debug("{} late records of model {} for closed window {}", partial.count(), model, partial.windowStart());
            }
            saveState(state);
            return;
        }
        SegmentVocabulary.Admission admission = SegmentVocabulary.admit(state.segmentValues, partial.segment(),
            config.policyFor(model).maxSegmentValues);
        if (admission.overflow()) {
            state.segmentBoundReached.computeIfAbsent(partial.windowStart(), w -> new java.util.TreeSet<>()).add(admission.key());
        }
        windows.merge(admission.segment().equals(partial.segment()) ? partial : partial.inSegment(admission.segment()));
        if (partial.segment().equals(WindowPartial.ALL)) {
            state.recordsCounted += partial.count();
        }
        state.openWindows.add(partial.windowStart());
        state.maxEventTime = Math.max(state.maxEventTime, partial.maxEventTime());
        state.lastActivityWallMs = context.currentSystemTimeMs();
        modelsWithWindowsInStore.add(model);
        saveState(state);
    }

    private void closeReadyWindows(ModelState state) {
        ModelPolicy policy = config.policyFor(state.modelId);
        long size = policy.window.toMillis();
        long grace = policy.grace.toMillis();
        while (!state.openWindows.isEmpty()) {
            long start = state.openWindows.first();
            if (!clock.mayClose(start, start + size, grace)) {
                return;
            }
            state.openWindows.pollFirst();
            closer.close(state, start, size, policy);
        }
    }

    /** The model's state, or a new one for a model seen for the first time; null past the model cap. */
    private ModelState loadOrCreateState(String model) {
        ModelState state = loadState(model);
        if (state == null) {
            if (knownModels.size() >= config.aggregation.maxModels) {
                return null;
            }
            state = new ModelState();
            state.modelId = model;
            knownModels.add(model);
        }
        return state;
    }

    private ModelState loadState(String model) {
        byte[] bytes = modelStates.get(model);
        if (bytes == null) {
            return null;
        }
        ModelState state = readState(bytes);
        baselines.migrate(state);
        return state;
    }

    static ModelState readState(byte[] bytes) {
        try {
            ModelState state = JSON.readValue(bytes, ModelState.class);
            if (state.formatVersion != ModelState.FORMAT_VERSION) {
                throw new IllegalStateException("unknown model state format " + state.formatVersion);
            }
            return state;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt model state", e);
        }
    }

    private void saveState(ModelState state) {
        putJson(modelStates, state.modelId, state);
    }

    static void putJson(KeyValueStore<String, byte[]> store, String key, Object value) {
        try {
            store.put(key, JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + key, e);
        }
    }

    static <T> T readJson(ReadOnlyKeyValueStore<String, byte[]> store, String key, Class<T> type) {
        return fromJson(store.get(key), key, type);
    }

    /** The value stored under {@code key} as these bytes, or null for none. */
    static <T> T fromJson(byte[] bytes, String key, Class<T> type) {
        if (bytes == null) {
            return null;
        }
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt entry " + key, e);
        }
    }

}
