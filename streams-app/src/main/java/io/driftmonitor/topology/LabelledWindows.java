package io.driftmonitor.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.drift.PerformanceBaseline;
import io.driftmonitor.drift.PerformanceEvaluator;
import io.driftmonitor.drift.SegmentPerformance;
import io.driftmonitor.promotion.Roles;
import io.driftmonitor.schema.DriftEvent;
import io.driftmonitor.serde.EventEncoder;
import io.driftmonitor.state.PerformancePartial;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Level 2's side of labels: merges the labelled outcomes of each (model, window, segment), emits
 * the performance of closed windows as revisions whenever their labels change (with the estimate's
 * error, the comparison with the whole model and with the reference window), hands them to the
 * retrain policy and the promotion decisions, and forgets windows past their label horizon. Runs
 * inside {@link MergeAndCloseProcessor}'s task, on its stores and model state.
 */
final class LabelledWindows {
    static final Duration PERFORMANCE_EXPIRY_INTERVAL = Duration.ofSeconds(60);

    /** What the processor lends: the model state, its event clock and the retrain policy. */
    interface Model {
        ModelState load(String model);

        /** The model's state, new if its first window partial has not come yet; null past the model cap. */
        ModelState loadOrCreate(String model);

        void save(ModelState state);

        long eventClock(long now);

        void onLabelledWindow(ModelState state, WindowReport report, List<DriftEvent> events, ModelPolicy policy);
    }

    private final MonitorConfig config;
    private final EventEncoder encoder;
    private final ProcessorContext<String, byte[]> context;
    private final KeyValueStore<String, PerformancePartial> performance;
    private final KeyValueStore<String, byte[]> results;
    private final LabelFreeEstimates estimates;
    private final Promotions promotions;
    private final Model model;
    private final Set<String> dirtyPerformance = new HashSet<>();
    private long lastPerformanceExpiry;

    LabelledWindows(MonitorConfig config, EventEncoder encoder, ProcessorContext<String, byte[]> context,
                    KeyValueStore<String, PerformancePartial> performance, KeyValueStore<String, byte[]> results,
                    LabelFreeEstimates estimates, Promotions promotions, Model model) {
        this.config = config;
        this.encoder = encoder;
        this.context = context;
        this.performance = performance;
        this.results = results;
        this.estimates = estimates;
        this.promotions = promotions;
        this.model = model;
        try (KeyValueIterator<String, PerformancePartial> it = performance.all()) {
            while (it.hasNext()) {
                KeyValue<String, PerformancePartial> kv = it.next();
                if (kv.value.dirty()) {
                    dirtyPerformance.add(kv.key);
                }
            }
        }
    }

    /** Labelled outcomes of a window (or the unmatched-label count) from level 1. */
    void onPerformance(PerformancePartial partial) {
        // Labels matched at level 1 belong to predictions level 1 saw, whose window partials may
        // still be on their way (a full index batch goes to the join before the next flush); the
        // unmatched labels of a model never seen show their owner a model id that no prediction has.
        ModelState state = model.loadOrCreate(partial.modelId());
        if (state == null) {
            return; // past the model cap, which level 2 reports with the model's predictions
        }
        if (partial.windowStart() == LabelJoinProcessor.UNMATCHED) {
            state.unmatchedLabels += partial.labeled();
            model.save(state);
            return;
        }
        ModelPolicy policy = config.policyFor(state.modelId);
        int named = state.segmentValues.values().stream().mapToInt(java.util.Set::size).sum();
        SegmentVocabulary.Admission admission = SegmentVocabulary.admit(state.segmentValues, partial.segment(),
            policy.maxSegmentValues);
        if (!admission.segment().equals(partial.segment())) {
            partial = partial.inSegment(admission.segment()); // counted where its predictions are
        } else if (state.segmentValues.values().stream().mapToInt(java.util.Set::size).sum() != named) {
            model.save(state);
        }
        long clock = model.eventClock(context.currentSystemTimeMs());
        if (clock != Long.MIN_VALUE && partial.windowEnd() + policy.labelHorizon.toMillis() < clock) {
            if (partial.segment().isEmpty()) {
                state.expiredLabels += partial.labeled();
                model.save(state);
            }
            return;
        }
        estimates.learn(partial);
        String key = StoreKeys.windowSegment(partial.modelId(), partial.windowStart(), partial.segment());
        PerformancePartial merged = performance.get(key);
        if (merged == null) {
            merged = partial;
        } else {
            merged.merge(partial);
        }
        merged.markDirty();
        performance.put(key, merged);
        dirtyPerformance.add(key);
        if (partial.segment().isEmpty()) {
            state.labelsCounted += partial.labeled();
            model.save(state);
        }
    }

    /**
     * Emits the performance of closed windows whose labels changed, as a new revision, and forgets
     * windows past their label horizon.
     */
    void emit(long now) {
        Set<String> decided = new java.util.LinkedHashSet<>();
        // A window's segments are consecutive in key order: its report is read once for all of them
        // and written before anything else reads it (the retrain policy, the promotions) and at the end.
        OpenReport open = new OpenReport();
        // Sorted: a window's whole model ("" segment) comes before its segments, which compare with it.
        for (String key : new java.util.TreeSet<>(dirtyPerformance)) {
            PerformancePartial p = performance.get(key);
            if (p == null) {
                dirtyPerformance.remove(key);
                continue;
            }
            ModelState state = model.load(p.modelId());
            if (state == null || p.windowStart() >= state.closedThrough) {
                continue; // the window is still open: its performance follows its drift events
            }
            ModelPolicy policy = config.policyFor(p.modelId());
            WindowReport report = open.of(StoreKeys.window(p.modelId(), p.windowStart()));
            long records = report == null ? 0 : recordsOf(report, p.segment());
            Map<String, Double> estimated = p.segment().isEmpty() ? LabelFreeEstimates.estimatesOf(report) : Map.of();
            Map<String, Double> comparison = new java.util.LinkedHashMap<>();
            if (!p.segment().isEmpty() && report != null) {
                comparison.putAll(SegmentPerformance.comparedWithModel(PerformanceEvaluator.metrics(p, policy.positiveLabel),
                    report.performance.get("")));
            }
            PerformancePartial reference = referenceOf(state, p);
            if (reference != null) {
                comparison.putAll(PerformanceBaseline.compare(p, reference, policy.alpha));
            }
            List<DriftEvent> events = PerformanceEvaluator.evaluate(p, records, state.modelVersion,
                report == null ? null : report.baselineVersion, policy, estimated, comparison);
            for (DriftEvent event : events) {
                context.forward(new Record<>(p.modelId(), encoder.encode(config.topics.driftEvents, event), p.windowEnd()),
                    TopologyNames.WRITE_DRIFT_EVENTS);
            }
            if (report != null) {
                java.util.Map<String, Double> values = new java.util.LinkedHashMap<>();
                values.put("labeled", (double) p.labeled());
                if (records > 0) {
                    values.put("label_coverage", Math.min(1.0, (double) p.labeled() / records));
                }
                if (p.delays().count() > 0) {
                    values.put("label_delay_p50_ms", (double) p.delays().percentile(50));
                    values.put("label_delay_p99_ms", (double) p.delays().percentile(99));
                }
                Map<String, Double> measured = PerformanceEvaluator.metrics(p, policy.positiveLabel);
                values.putAll(measured);
                estimated.forEach((metric, estimate) -> {
                    if (measured.containsKey(metric)) {
                        values.put("estimated_" + metric, estimate);
                        values.put("estimate_error_" + metric, measured.get(metric) - estimate);
                    }
                });
                values.putAll(comparison);
                report.performance.put(p.segment(), values);
                report.performanceRevisions = Math.max(report.performanceRevisions, p.revision() + 1);
                open.changed = true;
            }
            if (report != null && !events.isEmpty() && !Roles.isRoleSegment(p.segment())) {
                open.write();
                // a challenger's performance says nothing about whether the champion needs retraining
                model.onLabelledWindow(state, report, events, policy);
            }
            p.markEmitted();
            performance.put(key, p);
            dirtyPerformance.remove(key);
            if (decided.add(StoreKeys.window(p.modelId(), p.windowStart()))) {
                open.write();
                promotions.onPerformance(p.modelId(), p.windowStart());
            }
        }
        open.write();
        if (now - lastPerformanceExpiry >= PERFORMANCE_EXPIRY_INTERVAL.toMillis()) {
            lastPerformanceExpiry = now;
            expirePerformance(now);
        }
    }

    /** The report of the window whose segments {@link #emit} is at, written back only when changed. */
    private final class OpenReport {
        private String key;
        private WindowReport report;
        boolean changed;

        WindowReport of(String windowKey) {
            if (!windowKey.equals(key)) {
                write();
                key = windowKey;
                report = MergeAndCloseProcessor.readJson(results, windowKey, WindowReport.class);
            }
            return report;
        }

        void write() {
            if (changed && report != null) {
                MergeAndCloseProcessor.putJson(results, key, report);
            }
            changed = false;
        }
    }

    /** The labelled outcomes of the same segment in the model's reference (baseline) window, if any. */
    private PerformancePartial referenceOf(ModelState state, PerformancePartial p) {
        if (state.referenceWindowStart == null || state.referenceWindowStart == p.windowStart()) {
            return null;
        }
        return performance.get(StoreKeys.windowSegment(p.modelId(), state.referenceWindowStart, p.segment()));
    }

    private void expirePerformance(long now) {
        long clock = model.eventClock(now);
        if (clock == Long.MIN_VALUE) {
            return;
        }
        List<String> expired = new ArrayList<>();
        Map<String, Long> references = new HashMap<>();
        try (KeyValueIterator<String, PerformancePartial> it = performance.all()) {
            while (it.hasNext()) {
                KeyValue<String, PerformancePartial> kv = it.next();
                if (kv.value.windowEnd() + config.policyFor(kv.value.modelId()).labelHorizon.toMillis() < clock
                        && !isReference(kv.value, references)) {
                    expired.add(kv.key);
                }
            }
        }
        expired.forEach(performance::delete);
    }

    /** Whether a partial is of its model's reference window (kept past the label horizon: later windows compare with it). */
    private boolean isReference(PerformancePartial p, Map<String, Long> references) {
        Long reference = references.computeIfAbsent(p.modelId(), m -> {
            ModelState state = model.load(m);
            return state == null || state.referenceWindowStart == null ? Long.MIN_VALUE : state.referenceWindowStart;
        });
        return reference == p.windowStart();
    }

    /** Predictions of a window in a segment: from the window's report (its drift events carry the counts). */
    private static long recordsOf(WindowReport report, String segment) {
        if (segment.isEmpty()) {
            return report.count;
        }
        for (java.util.Map<String, Object> e : report.signals) {
            if (segment.equals(e.get("segment")) && e.get("window_count") instanceof Number n) {
                return n.longValue();
            }
        }
        return 0;
    }
}
