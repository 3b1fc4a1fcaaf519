package io.driftmonitor.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.drift.BaselineBuilder;
import io.driftmonitor.drift.BaselineView;
import io.driftmonitor.drift.PerformanceEvaluator;
import io.driftmonitor.drift.RollingBaseline;
import io.driftmonitor.drift.WindowEvaluator;
import io.driftmonitor.promotion.Roles;
import io.driftmonitor.schema.Baseline;
import io.driftmonitor.schema.DriftEvent;
import io.driftmonitor.schema.DriftStatus;
import io.driftmonitor.serde.BaselineCodec;
import io.driftmonitor.serde.EventEncoder;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.state.WindowPartial;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The close of one window of one model at level 2: its merged partials compared with the baseline in
 * force (or made the first baseline), drift and data-quality events out, the window's report kept
 * for queries, the retrain policy run, a rolling baseline rolled on.
 */
final class WindowCloser {
    private static final Logger log = LoggerFactory.getLogger(WindowCloser.class);

    private final MonitorConfig config;
    private final EventEncoder encoder;
    private final BaselineCodec baselineCodec;
    private final ProcessorContext<String, byte[]> context;
    private final OpenWindowPartials windows;
    private final ModelBaselines baselines;
    private final ReadOnlyKeyValueStore<String, byte[]> publishedBaselines;
    private final KeyValueStore<String, byte[]> results;
    private final LabelFreeEstimates estimates;
    private final RetrainDecisions retrains;
    /** output.drift_events: non_ok keeps the ok verdicts off the drift-events topic (they stay in queries and reports). */
    private final boolean onlyNonOk;

    WindowCloser(MonitorConfig config, EventEncoder encoder, BaselineCodec baselineCodec, ProcessorContext<String, byte[]> context,
                 OpenWindowPartials windows, ModelBaselines baselines, ReadOnlyKeyValueStore<String, byte[]> publishedBaselines,
                 KeyValueStore<String, byte[]> results, LabelFreeEstimates estimates, RetrainDecisions retrains) {
        this.config = config;
        this.encoder = encoder;
        this.baselineCodec = baselineCodec;
        this.context = context;
        this.windows = windows;
        this.baselines = baselines;
        this.publishedBaselines = publishedBaselines;
        this.results = results;
        this.estimates = estimates;
        this.retrains = retrains;
        this.onlyNonOk = "non_ok".equals(config.output.driftEvents);
    }

    void close(ModelState state, long start, long size, ModelPolicy policy) {
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
        state.offsetCheckpoints.record(start, report.offsets, policy.trainingHistory.toMillis());

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
                log.info("Model {}: window {} ({} records) is baseline version {}", state.modelId, start,
                    overall.count(), built.getVersion());
            } else {
                report.status = DriftStatus.insufficient_data.name();
            }
        } else {
            report.baselineVersion = baseline.version();
            events = new ArrayList<>(WindowEvaluator.evaluate(partials, baseline, policy));
            events.addAll(estimates.estimate(overall, baseline.version(), policy));
            for (DriftEvent event : events) {
                if (!onlyNonOk || event.getStatus() != DriftStatus.ok) {
                    context.forward(new Record<>(state.modelId, encoder.encode(config.topics.driftEvents, event),
                        report.windowEnd), TopologyNames.WRITE_DRIFT_EVENTS);
                }
                report.signals.add(JsonRecordCodec.toPlain(event));
            }
            report.status = worstStatus(events).name();
        }
        List<DriftEvent> dataQuality = DataQualityEvents.atClose(state, start, start + size, overall.count(),
            policy.maxSegmentValues);
        for (DriftEvent event : dataQuality) {
            context.forward(new Record<>(state.modelId, encoder.encode(config.topics.driftEvents, event), report.windowEnd),
                TopologyNames.WRITE_DRIFT_EVENTS);
        }
        context.forward(new Record<>(state.modelId, encoder.encode(config.topics.windowReports,
            WindowReports.of(report, events, dataQuality, state, policy)), report.windowEnd), TopologyNames.WRITE_WINDOW_REPORTS);
        state.lastWindow = summary(report, events);
        MergeAndCloseProcessor.putJson(results, StoreKeys.window(state.modelId, start), report);
        results.delete(StoreKeys.window(state.modelId, start - (long) config.aggregation.retainedWindows * size));
        if (baseline != null) {
            retrains.onWindowClosed(state, report, events, policy);
            if ("rolling".equals(policy.baseline)) {
                rollBaseline(state, baseline, start, size, policy);
            }
        }
    }


    /** A rolling baseline: the previous K windows' counts become the version used from the next window on. */
    private void rollBaseline(ModelState state, BaselineView current, long start, long size, ModelPolicy policy) {
        List<List<Map<String, Object>>> windowsEvents = new ArrayList<>();
        for (int i = policy.rollingWindows - 1; i >= 0; i--) {
            WindowReport r = MergeAndCloseProcessor.readJson(results, StoreKeys.window(state.modelId, start - i * size), WindowReport.class);
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
}
