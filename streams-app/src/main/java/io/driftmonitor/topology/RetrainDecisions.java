package io.driftmonitor.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.policy.PolicyBacktest;
import io.driftmonitor.policy.RetrainDecision;
import io.driftmonitor.policy.RetrainPolicy;
import io.driftmonitor.policy.RetrainPolicyEngine;
import io.driftmonitor.policy.SignalVerdict;
import io.driftmonitor.promotion.Roles;
import io.driftmonitor.schema.DriftEvent;
import io.driftmonitor.schema.DriftStatus;
import io.driftmonitor.schema.RetrainEvent;
import io.driftmonitor.serde.EventEncoder;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retrain side of level 2: the policy engine run on each closed window and on each window whose
 * labels changed, manual requests, and the retrain events with their history entries. The model
 * state is loaded and saved by the caller's {@link LabelledWindows.Model}.
 */
final class RetrainDecisions {
    private static final Logger log = LoggerFactory.getLogger(RetrainDecisions.class);

    private final MonitorConfig config;
    private final EventEncoder encoder;
    private final ProcessorContext<String, byte[]> context;
    private final KeyValueStore<String, byte[]> results;
    private String latestKey;
    private byte[] latestBytes;
    private WindowReport latestReport;
    private final KeyValueStore<String, byte[]> retrainHistory;
    private final LabelFreeEstimates estimates;
    private final ModelBaselines baselines;
    private final LabelledWindows.Model models;

    RetrainDecisions(MonitorConfig config, EventEncoder encoder, ProcessorContext<String, byte[]> context,
                     KeyValueStore<String, byte[]> results, KeyValueStore<String, byte[]> retrainHistory,
                     LabelFreeEstimates estimates, ModelBaselines baselines, LabelledWindows.Model models) {
        this.config = config;
        this.encoder = encoder;
        this.context = context;
        this.results = results;
        this.retrainHistory = retrainHistory;
        this.estimates = estimates;
        this.baselines = baselines;
        this.models = models;
    }

    /**
     * A manual trigger takes the same way out as a policy trigger: a retrain event on the retrain
     * topic and an entry in the retrain history, with the model's latest closed windows as training
     * data. A request id seen before for the same latest window is not emitted again.
     */
    /** The training-data version the baseline of a window names, if any. */
    private String trainingDataVersion(String model, long windowStart) {
        io.driftmonitor.drift.BaselineView view = baselines.forWindow(model, windowStart);
        return view == null ? null : view.baseline().getTrainingDataVersion();
    }

    void onRetrainRequest(String model, RetrainRequest request) {
        ModelState state = model == null ? null : models.load(model);
        if (state == null || state.lastWindow == null) {
            log.warn("Manual retrain request {} for model {} ignored: no closed window of that model here",
                request.requestId(), model);
            return;
        }
        WindowReport latest = MergeAndCloseProcessor.readJson(results, StoreKeys.window(model, state.lastWindow.windowStart), WindowReport.class);
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
            WindowReport r = MergeAndCloseProcessor.readJson(results, StoreKeys.window(model, latest.windowStart - i * size), WindowReport.class);
            if (r != null) {
                recent.add(r);
            }
        }
        recent.add(latest);
        RetrainEvent event = RetrainEvents.manual(model, request, latest, recent, state.policy.nextAllowedAt,
            policy.retrainCost, config.topics.predictions);
        RetrainEvents.addHistory(event, state, policy, trainingDataVersion(model, latest.windowStart), List.of());
        context.forward(new Record<>(model, encoder.encode(config.topics.retrainEvents, event), latest.windowEnd),
            TopologyNames.WRITE_RETRAIN_EVENTS);
        Map<String, Object> entry = JsonRecordCodec.toPlain(event);
        entry.put("request_id", request.requestId());
        entry.put("reason", request.reason());
        entry.put("requested_by", request.requestedBy());
        MergeAndCloseProcessor.putJson(retrainHistory, historyKey, entry);
        state.policy.triggers++;
        models.save(state);
        log.info("Model {}: manual retrain (request {}, event {})", model, request.requestId(), event.getEventId());
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
    void onLabelledWindow(ModelState state, WindowReport report, List<DriftEvent> events, ModelPolicy policy) {
        RetrainPolicy rule = policy.retrainPolicy();
        long now = report.windowEnd;
        List<SignalVerdict> latestAtClose = List.of();
        if (state.lastWindow != null) {
            now = Math.max(now, state.lastWindow.windowEnd);
            WindowReport latest = rule.combine() == RetrainPolicy.Combine.ALL ? latestReport(state) : null;
            if (latest != null) {
                latestAtClose = PolicyBacktest.fromDriftEvents(state.modelId, latest.signals).stream()
                    .flatMap(w -> w.verdicts().stream()).toList();
            }
        }
        new RetrainPolicyEngine(state.modelId, rule)
            .onLabelledWindow(state.policy, report.windowStart, report.windowEnd, now, verdictsOf(events), latestAtClose)
            .ifPresent(decision -> emitRetrain(state, report, decision, events, rule, false));
        models.save(state);
    }


    /**
     * The model's newest closed window's report, read only to look at its drift events: parsed again
     * only when the store holds other bytes (every labelled segment asks for it).
     */
    private WindowReport latestReport(ModelState state) {
        String key = StoreKeys.window(state.modelId, state.lastWindow.windowStart);
        byte[] bytes = results.get(key);
        if (bytes == null) {
            return null;
        }
        if (bytes != latestBytes || !key.equals(latestKey)) {
            latestReport = MergeAndCloseProcessor.fromJson(bytes, key, WindowReport.class);
            latestBytes = bytes;
            latestKey = key;
        }
        return latestReport;
    }

    void onWindowClosed(ModelState state, WindowReport report, List<DriftEvent> events, ModelPolicy policy) {
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
            WindowReport r = start == report.windowStart ? report : MergeAndCloseProcessor.readJson(results, StoreKeys.window(state.modelId, start),
                WindowReport.class);
            if (r != null) {
                windowsOfCause.add(r);
            }
        }
        RetrainEvent event = RetrainEvents.fromDecision(state.modelId, report, decision, windowsOfCause, events, rule,
            config.topics.predictions, context.currentSystemTimeMs());
        RetrainEvents.addHistory(event, state, config.policyFor(state.modelId),
            trainingDataVersion(state.modelId, report.windowStart), events);
        context.forward(new Record<>(state.modelId, encoder.encode(config.topics.retrainEvents, event), report.windowEnd),
            TopologyNames.WRITE_RETRAIN_EVENTS);
        String historyKey = atClose ? StoreKeys.window(state.modelId, report.windowEnd)
            : StoreKeys.labelledRetrain(state.modelId, report.windowEnd, event.getEventId());
        MergeAndCloseProcessor.putJson(retrainHistory, historyKey, JsonRecordCodec.toPlain(event));
        log.atInfo().addKeyValue("model", state.modelId).log("Model {}: retrain triggered by {} (event {})", state.modelId,
            decision.reasons().stream().map(RetrainDecision.Reason::signal).toList(), event.getEventId());
    }
}
