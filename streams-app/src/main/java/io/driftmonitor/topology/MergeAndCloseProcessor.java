package io.driftmonitor.topology;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.drift.BaselineBuilder;
import io.driftmonitor.drift.BaselineView;
import io.driftmonitor.drift.PerformanceEvaluator;
import io.driftmonitor.drift.RollingBaseline;
import io.driftmonitor.drift.WindowEvaluator;
import io.driftmonitor.policy.PolicyBacktest;
import io.driftmonitor.policy.RetrainDecision;
import io.driftmonitor.policy.RetrainPolicy;
import io.driftmonitor.policy.RetrainPolicyEngine;
import io.driftmonitor.policy.SignalVerdict;
import io.driftmonitor.promotion.Roles;
import io.driftmonitor.schema.Baseline;
import io.driftmonitor.schema.DriftEvent;
import io.driftmonitor.schema.DriftStatus;
import io.driftmonitor.schema.RetrainEvent;
import io.driftmonitor.serde.BaselineCodec;
import io.driftmonitor.serde.EventEncoder;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.state.PerformancePartial;
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
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Level 2, keyed by model. Merges the partials of each window, closes windows when the model's event
 * clock passes end + grace (or, for an idle model, by wall clock), compares them with the baseline,
 * runs the retrain policy, and emits drift, retrain and (first-window) baseline events. State and
 * output change in one transaction under exactly-once.
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
    /** Input partition to {event time, wall-clock time it last advanced}. */
    private final Map<Integer, long[]> watermarks = new HashMap<>();
    /** Models with open windows, or closed ones whose partials are still kept. */
    private final Set<String> modelsWithWindowsInStore = new HashSet<>();
    private final Set<String> knownModels = new HashSet<>();
    private long rejectedModelRecords;
    private final Set<String> rejectedModels = new HashSet<>();
    private static final int MAX_REPORTED_REJECTIONS = 10_000;
    /** Signal of the data-quality event that tells a model is beyond aggregation.max_models. */
    static final String SIGNAL_MODEL_CAP = "data_quality:model_cap";

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
        this.labelled = new LabelledWindows(config, encoder, context, performance, results, estimates,
            new Promotions(config, encoder, context, performance, results), new LabelledWindows.Model() {
                @Override public ModelState load(String model) { return loadState(model); }
                @Override public void save(ModelState state) { saveState(state); }
                @Override public long eventClock(long now) { return MergeAndCloseProcessor.this.eventClock(now); }
                @Override public void onLabelledWindow(ModelState state, WindowReport report, List<DriftEvent> events,
                                                       ModelPolicy policy) {
                    runPolicyOnLabels(state, report, events, policy);
                }
            });
        try (KeyValueIterator<Integer, byte[]> it = watermarkStore.all()) {
            while (it.hasNext()) {
                KeyValue<Integer, byte[]> kv = it.next();
                ByteBuffer b = ByteBuffer.wrap(kv.value);
                watermarks.put(kv.key, new long[] {b.getLong(), b.getLong()});
            }
        }
        long now = context.currentSystemTimeMs();
        for (int p = 0; p < config.inputPartitions; p++) {
            // A partition not heard from yet holds windows open until it is idle for the idle-close time.
            watermarks.putIfAbsent(p, new long[] {Long.MIN_VALUE, now});
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
        } else if (record.value() instanceof RetrainRequest r) {
            onRetrainRequest(record.key(), r);
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
        DriftEvent event = DriftEvent.newBuilder()
            .setEventId(WindowEvaluator.eventId(partial.modelId(), partial.windowStart(), SIGNAL_MODEL_CAP, null, 0))
            .setModelId(partial.modelId())
            .setModelVersion(partial.modelVersion())
            .setWindowStart(partial.windowStart())
            .setWindowEnd(partial.windowEnd())
            .setSignal(SIGNAL_MODEL_CAP)
            .setMetric("models_monitored")
            .setValue((double) knownModels.size())
            .setThreshold((double) config.aggregation.maxModels)
            .setStatus(DriftStatus.insufficient_data)
            .setWindowCount(partial.count())
            .setBaselineCount(0)
            .setMetrics(new java.util.LinkedHashMap<>())
            .build();
        context.forward(new Record<>(partial.modelId(), encoder.encode(config.topics.driftEvents, event), partial.windowEnd()),
            TopologyNames.WRITE_DRIFT_EVENTS);
    }

    /**
     * A manual trigger takes the same way out as a policy trigger: a retrain event on the retrain
     * topic and an entry in the retrain history, with the model's latest closed windows as training
     * data. A request id seen before for the same latest window is not emitted again.
     */
    private void onRetrainRequest(String model, RetrainRequest request) {
        ModelState state = model == null ? null : loadState(model);
        if (state == null || state.lastWindow == null) {
            log.warn("Manual retrain request {} for model {} ignored: no closed window of that model here",
                request.requestId(), model);
            return;
        }
        WindowReport latest = readJson(results, StoreKeys.window(model, state.lastWindow.windowStart), WindowReport.class);
        if (latest == null) {
            log.warn("Manual retrain request {} for model {} ignored: its latest window is no longer kept",
                request.requestId(), model);
            return;
        }
        String historyKey = StoreKeys.manualRetrain(model, latest.windowEnd, request.requestId());
        if (retrainHistory.get(historyKey) != null) {
            return;
        }
        ModelPolicy policy = config.policyFor(model);
        long size = latest.windowEnd - latest.windowStart;
        List<WindowReport> recent = new ArrayList<>();
        for (int i = policy.consecutiveWindows - 1; i > 0; i--) {
            WindowReport r = readJson(results, StoreKeys.window(model, latest.windowStart - i * size), WindowReport.class);
            if (r != null) {
                recent.add(r);
            }
        }
        recent.add(latest);
        RetrainEvent event = RetrainEvents.manual(model, request, latest, recent, state.policy.nextAllowedAt,
            policy.retrainCost, config.topics.predictions);
        context.forward(new Record<>(model, encoder.encode(config.topics.retrainEvents, event), latest.windowEnd),
            TopologyNames.WRITE_RETRAIN_EVENTS);
        Map<String, Object> entry = JsonRecordCodec.toPlain(event);
        entry.put("request_id", request.requestId());
        entry.put("reason", request.reason());
        entry.put("requested_by", request.requestedBy());
        putJson(retrainHistory, historyKey, entry);
        state.policy.triggers++;
        saveState(state);
        log.info("Model {}: manual retrain (request {}, event {})", model, request.requestId(), event.getEventId());
    }

    private void onWatermark(Watermark w) {
        long[] current = watermarks.get(w.inputPartition());
        if (current != null && w.eventTime() <= current[0]) {
            return;
        }
        long now = context.currentSystemTimeMs();
        watermarks.put(w.inputPartition(), new long[] {w.eventTime(), now});
        watermarkStore.put(w.inputPartition(), ByteBuffer.allocate(16).putLong(w.eventTime()).putLong(now).array());
        closeReadyWindows(now);
    }

    /**
     * The event time every active input partition has passed. A partition that has not advanced for
     * the idle-close time does not hold windows open; when all are idle the clock runs on with the wall clock.
     */
    long eventClock(long now) {
        long idle = config.aggregation.idleClose.toMillis();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long lastAdvance = Long.MIN_VALUE;
        for (long[] w : watermarks.values()) {
            max = Math.max(max, w[0]);
            lastAdvance = Math.max(lastAdvance, w[1]);
            if (now - w[1] < idle) {
                min = Math.min(min, w[0]);
            }
        }
        if (min != Long.MAX_VALUE) {
            return min;
        }
        return max == Long.MIN_VALUE ? Long.MIN_VALUE : max + (now - lastAdvance);
    }

    private void closeReadyWindows(long now) {
        closeReadyWindowsOfAllModels(now);
        labelled.emit(now);
    }

    private void closeReadyWindowsOfAllModels(long now) {
        long clock = eventClock(now);
        if (clock == Long.MIN_VALUE) {
            return;
        }
        for (String model : List.copyOf(modelsWithWindowsInStore)) {
            ModelState state = loadState(model);
            if (state == null) {
                modelsWithWindowsInStore.remove(model);
                continue;
            }
            int before = state.openWindows.size();
            closeReadyWindows(state, clock);
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
        ModelState state = loadState(model);
        if (state == null) {
            if (knownModels.size() >= config.aggregation.maxModels) {
                rejectModel(partial);
                return;
            }
            state = new ModelState();
            state.modelId = model;
        }
        knownModels.add(model);
        if (partial.windowStart() < state.closedThrough) {
            if (partial.segment().equals(WindowPartial.ALL)) {
                state.lateRecords += partial.count();
                log.debug("{} late records of model {} for closed window {}", partial.count(), model, partial.windowStart());
            }
            saveState(state);
            return;
        }
        windows.merge(partial);
        if (partial.segment().equals(WindowPartial.ALL)) {
            state.recordsCounted += partial.count();
        }
        state.openWindows.add(partial.windowStart());
        state.maxEventTime = Math.max(state.maxEventTime, partial.maxEventTime());
        state.lastActivityWallMs = context.currentSystemTimeMs();
        modelsWithWindowsInStore.add(model);
        saveState(state);
    }

    private void closeReadyWindows(ModelState state, long eventClock) {
        ModelPolicy policy = config.policyFor(state.modelId);
        long size = policy.window.toMillis();
        long grace = policy.grace.toMillis();
        while (!state.openWindows.isEmpty()) {
            long start = state.openWindows.first();
            if (start + size + grace > eventClock) {
                return;
            }
            state.openWindows.pollFirst();
            closeWindow(state, start, size, policy);
        }
    }

    private void closeWindow(ModelState state, long start, long size, ModelPolicy policy) {
        List<WindowPartial> partials = windows.close(state, start, context.currentSystemTimeMs());
        state.closedThrough = Math.max(state.closedThrough, start + size);
        state.windowsClosed++;
        WindowPartial overall = partials.stream().filter(p -> p.segment().equals(WindowPartial.ALL)).findFirst().orElse(null);
        if (overall == null) {
            return;
        }
        if (overall.modelVersion() != null) {
            state.modelVersion = overall.modelVersion();
        }
        WindowReport report = new WindowReport();
        report.modelId = state.modelId;
        report.modelVersion = overall.modelVersion();
        report.windowStart = start;
        report.windowEnd = start + size;
        report.count = overall.count();
        partials.stream().filter(p -> Roles.isRoleSegment(p.segment()) && p.modelVersion() != null)
            .forEach(p -> report.roleVersions.put(Roles.ofSegments(List.of(p.segment())), p.modelVersion()));
        overall.offsets().forEach((partition, range) -> report.offsets.put(partition, range.clone()));

        syncPublishedBaseline(state);
        BaselineView baseline = baselines.forWindow(state.modelId, start);
        List<DriftEvent> events = List.of();
        if (baseline == null) {
            if (overall.count() >= policy.baselineMinCount) {
                // The champion's window: other deployment roles are compared with it, not part of it.
                Baseline built = BaselineBuilder.fromWindow(partials.stream().filter(p -> !Roles.isRoleSegment(p.segment()))
                    .toList(), policy, ModelBaselines.nextVersion(state),
                    context.currentSystemTimeMs(), "first-window:" + start);
                baselines.remember(state, built);
                state.referenceWindowStart = start;
                context.forward(new Record<>(state.modelId, encoder.encode(config.topics.baselines, built), report.windowEnd),
                    TopologyNames.WRITE_BASELINES);
                report.status = "baseline";
                report.baselineVersion = built.getVersion();
                log.atInfo().addKeyValue("model", state.modelId).log("Model {}: window {} ({} records) is baseline version {}", state.modelId, start,
                    overall.count(), built.getVersion());
            } else {
                report.status = DriftStatus.insufficient_data.name();
            }
        } else {
            report.baselineVersion = baseline.version();
            events = new ArrayList<>(WindowEvaluator.evaluate(partials, baseline, policy));
            events.addAll(estimates.estimate(overall, baseline.version(), policy));
            for (DriftEvent event : events) {
                context.forward(new Record<>(state.modelId, encoder.encode(config.topics.driftEvents, event), report.windowEnd),
                    TopologyNames.WRITE_DRIFT_EVENTS);
                report.signals.add(JsonRecordCodec.toPlain(event));
            }
            report.status = worstStatus(events).name();
        }
        state.lastWindow = summary(report, events);
        putJson(results, StoreKeys.window(state.modelId, start), report);
        results.delete(StoreKeys.window(state.modelId, start - (long) config.aggregation.retainedWindows * size));
        if (baseline != null) {
            runPolicy(state, report, events, policy, size);
            if ("rolling".equals(policy.baseline)) {
                rollBaseline(state, baseline, start, size, policy);
            }
        }
    }

    /** A rolling baseline: the previous K windows' counts become the version used from the next window on. */
    private void rollBaseline(ModelState state, BaselineView current, long start, long size, ModelPolicy policy) {
        List<List<Map<String, Object>>> windowsEvents = new ArrayList<>();
        for (int i = policy.rollingWindows - 1; i >= 0; i--) {
            WindowReport r = readJson(results, StoreKeys.window(state.modelId, start - i * size), WindowReport.class);
            if (r != null && !r.signals.isEmpty()) {
                windowsEvents.add(r.signals);
            }
        }
        Baseline next = RollingBaseline.next(current.baseline(), windowsEvents, ModelBaselines.nextVersion(state),
            context.currentSystemTimeMs(), start + size);
        if (next != null) {
            baselines.remember(state, next);
            context.forward(new Record<>(state.modelId, encoder.encode(config.topics.baselines, next), start + size),
                TopologyNames.WRITE_BASELINES);
        }
    }

    /** Every signal, segment and metric of the events: the policy's rules pick what they watch. */
    private static List<SignalVerdict> verdictsOf(List<DriftEvent> events) {
        List<SignalVerdict> verdicts = new ArrayList<>();
        for (DriftEvent e : events) {
            if (Roles.isRoleSegment(e.getSegment())) {
                continue; // a challenger's drift is no reason to retrain the champion
            }
            boolean decided = e.getStatus() != DriftStatus.insufficient_data;
            verdicts.add(new SignalVerdict(e.getSignal(), e.getSegment(), e.getMetric(),
                e.getValue() == null ? Double.NaN : e.getValue(), e.getThreshold() == null ? Double.NaN : e.getThreshold(),
                e.getStatus() == DriftStatus.drift, decided, e.getWindowCount()));
            e.getMetrics().forEach((metric, value) -> {
                if (!metric.equals(e.getMetric())) {
                    verdicts.add(new SignalVerdict(e.getSignal(), e.getSegment(), metric, value, Double.NaN, false, decided,
                        e.getWindowCount()));
                }
            });
        }
        return verdicts;
    }

    /** The retrain policy on a window's measured performance, as its labels come. */
    private void runPolicyOnLabels(ModelState state, WindowReport report, List<DriftEvent> events, ModelPolicy policy) {
        RetrainPolicy rule = policy.retrainPolicy();
        long now = report.windowEnd;
        List<SignalVerdict> latestAtClose = List.of();
        if (state.lastWindow != null) {
            now = Math.max(now, state.lastWindow.windowEnd);
            WindowReport latest = readJson(results, StoreKeys.window(state.modelId, state.lastWindow.windowStart),
                WindowReport.class);
            if (latest != null && rule.combine() == RetrainPolicy.Combine.ALL) {
                latestAtClose = PolicyBacktest.fromDriftEvents(state.modelId, latest.signals).stream()
                    .flatMap(w -> w.verdicts().stream()).toList();
            }
        }
        new RetrainPolicyEngine(state.modelId, rule)
            .onLabelledWindow(state.policy, report.windowStart, report.windowEnd, now, verdictsOf(events), latestAtClose)
            .ifPresent(decision -> emitRetrain(state, report, decision, events, rule, false));
        saveState(state);
    }

    private void runPolicy(ModelState state, WindowReport report, List<DriftEvent> events, ModelPolicy policy, long size) {
        List<SignalVerdict> verdicts = verdictsOf(events);
        RetrainPolicy rule = policy.retrainPolicy();
        RetrainPolicyEngine engine = new RetrainPolicyEngine(state.modelId, rule);
        if (report.modelVersion != null) {
            // A new model version answers a pending retrain and starts the policy afresh.
            engine.onModelVersion(state.policy, report.modelVersion, report.windowStart).ifPresent(change -> {
                log.info("Model {}: version {} replaces {}", state.modelId, change.newVersion(), change.previousVersion());
                estimates.reset(state.modelId);
                if (change.baseline() == RetrainPolicy.BaselineOnNewVersion.FIRST_WINDOW) {
                    // The new model's first complete window becomes its baseline (a new, higher version).
                    baselines.forget(state);
                }
            });
        }
        Optional<RetrainDecision> decision = engine.onWindowClosed(state.policy, report.windowStart, report.windowEnd,
            verdicts);
        decision.ifPresent(d -> emitRetrain(state, report, d, events, rule, true));
    }

    /**
     * The retrain event of a decision, on the retrain topic and in the model's retrain history (keyed by
     * the window end at the close; after it, by event id, when the window's labels decided).
     */
    private void emitRetrain(ModelState state, WindowReport report, RetrainDecision decision, List<DriftEvent> events,
                             RetrainPolicy rule, boolean atClose) {
        List<WindowReport> windowsOfCause = new ArrayList<>();
        for (long start : decision.windowStarts()) {
            WindowReport r = start == report.windowStart ? report : readJson(results, StoreKeys.window(state.modelId, start),
                WindowReport.class);
            if (r != null) {
                windowsOfCause.add(r);
            }
        }
        RetrainEvent event = RetrainEvents.fromDecision(state.modelId, report, decision, windowsOfCause, events, rule,
            config.topics.predictions, context.currentSystemTimeMs());
        context.forward(new Record<>(state.modelId, encoder.encode(config.topics.retrainEvents, event), report.windowEnd),
            TopologyNames.WRITE_RETRAIN_EVENTS);
        String historyKey = atClose ? StoreKeys.window(state.modelId, report.windowEnd)
            : StoreKeys.labelledRetrain(state.modelId, report.windowEnd, event.getEventId());
        putJson(retrainHistory, historyKey, JsonRecordCodec.toPlain(event));
        log.atInfo().addKeyValue("model", state.modelId).log("Model {}: retrain triggered by {} (event {})", state.modelId,
            decision.reasons().stream().map(RetrainDecision.Reason::signal).toList(), event.getEventId());
    }

    private static DriftStatus worstStatus(List<DriftEvent> events) {
        DriftStatus worst = DriftStatus.ok;
        boolean anyDecided = false;
        for (DriftEvent e : events) {
            if (e.getSegment() != null) {
                continue;
            }
            if (e.getStatus() == DriftStatus.drift) {
                return DriftStatus.drift;
            }
            if (e.getStatus() == DriftStatus.warn) {
                worst = DriftStatus.warn;
            }
            anyDecided |= e.getStatus() != DriftStatus.insufficient_data;
        }
        return anyDecided ? worst : DriftStatus.insufficient_data;
    }

    private static ModelState.WindowSummary summary(WindowReport report, List<DriftEvent> events) {
        ModelState.WindowSummary s = new ModelState.WindowSummary();
        s.windowStart = report.windowStart;
        s.windowEnd = report.windowEnd;
        s.count = report.count;
        s.status = report.status;
        s.baselineVersion = report.baselineVersion;
        for (DriftEvent e : events) {
            if (e.getStatus() == DriftStatus.drift) {
                s.drifting.add(e.getSegment() == null ? e.getSignal() : e.getSignal() + "[" + e.getSegment() + "]");
            }
            boolean driftMetric = !e.getSignal().startsWith(PerformanceEvaluator.ESTIMATE_PREFIX);
            if (driftMetric && e.getSegment() == null && e.getValue() != null && (s.maxPsi == null || e.getValue() > s.maxPsi)) {
                s.maxPsi = e.getValue();
                s.maxPsiSignal = e.getSignal();
            }
        }
        return s;
    }

    /** Adopts a baseline published to the baselines topic (CLI, HTTP) if it is newer than the model's. */
    private void syncPublishedBaseline(ModelState state) {
        byte[] bytes = publishedBaselines.get(state.modelId);
        if (bytes == null) {
            return;
        }
        Baseline published;
        try {
            published = baselineCodec.decode(bytes);
        } catch (RuntimeException e) {
            log.warn("Published baseline of model {} cannot be read: {}", state.modelId, e.getMessage());
            return;
        }
        // Only a version newer than any this model had: a retired baseline must not come back.
        if (published.getVersion() >= ModelBaselines.nextVersion(state)) {
            baselines.remember(state, published);
        }
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

    private static ModelState readState(byte[] bytes) {
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
        byte[] bytes = store.get(key);
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
