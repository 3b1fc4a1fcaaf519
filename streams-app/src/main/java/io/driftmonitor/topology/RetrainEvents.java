package io.driftmonitor.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.policy.RetrainDecision;
import io.driftmonitor.policy.RetrainPolicy;
import io.driftmonitor.schema.DriftEvent;
import io.driftmonitor.schema.DriftStatus;
import io.driftmonitor.schema.PartitionRange;
import io.driftmonitor.schema.RetrainEvent;
import io.driftmonitor.schema.RetrainReason;
import io.driftmonitor.schema.TrainingData;
import io.driftmonitor.schema.TriggerKind;

/** Builds the {@link RetrainEvent} of a policy decision. */
final class RetrainEvents {
    private RetrainEvents() {
    }

    static RetrainEvent fromDecision(String model, WindowReport closing, RetrainDecision decision,
                                     List<WindowReport> windowsOfCause, List<DriftEvent> closingEvents, RetrainPolicy rule,
                                     String inputTopic, long now) {
        List<RetrainReason> reasons = new ArrayList<>();
        for (RetrainDecision.Reason r : decision.reasons()) {
            reasons.add(RetrainReason.newBuilder()
                .setSignal(r.signal())
                .setSegment(r.segment())
                .setMetric(r.metric())
                .setValue(r.value())
                .setThreshold(r.threshold())
                .setWindows(r.windowStarts())
                .build());
        }
        return RetrainEvent.newBuilder()
            .setEventId(decision.eventId())
            .setModelId(model)
            .setModelVersion(closing.modelVersion)
            .setTriggeredAt(now)
            .setWindowEnd(closing.windowEnd)
            .setTrigger(TriggerKind.valueOf(decision.trigger().wireName()))
            .setReasons(reasons)
            .setTrainingData(trainingData(inputTopic, windowsOfCause, closingEvents))
            .setBaselineVersion(closing.baselineVersion)
            .setPolicy(rule.name())
            .setNextAllowedAt(decision.nextAllowedAt())
            .setEstimatedCost(rule.retrainCost())
            .setTopContributors(topContributors(closingEvents))
            .build();
    }

    /** The drivers of the triggering window, worst first. */
    static List<io.driftmonitor.schema.DriftDriver> topContributors(List<DriftEvent> events) {
        List<io.driftmonitor.schema.DriftDriver> drivers = io.driftmonitor.drift.WindowExplanation.of(events, null).drivers;
        return List.copyOf(drivers.subList(0, Math.min(TOP_CONTRIBUTORS, drivers.size())));
    }

    /**
     * Adds to an event's training data what the playbook asks beside the recent windows: the history
     * of the last {@code training_history} (from the model's hourly offset checkpoints, up to where
     * the recent ranges begin), an upsample factor per failing segment, and the training-data version
     * the baseline in use names.
     */
    static void addHistory(RetrainEvent event, ModelState state, ModelPolicy policy, String trainingDataVersion,
                           List<DriftEvent> closingEvents) {
        TrainingData data = event.getTrainingData();
        java.util.Map<Integer, Long> recentFrom = new java.util.TreeMap<>();
        data.getPartitions().forEach(p -> recentFrom.put(p.getPartition(), p.getFromOffset()));
        long historyMs = policy.trainingHistory.toMillis();
        OffsetCheckpoints.History history = state.offsetCheckpoints.before(data.getFromTime(), recentFrom, historyMs);
        if (history != null) {
            List<PartitionRange> ranges = new ArrayList<>();
            history.ranges().forEach((p, r) -> ranges.add(PartitionRange.newBuilder().setPartition(p).setFromOffset(r[0])
                .setToOffset(r[1]).build()));
            data.setHistory(io.driftmonitor.schema.TrainingHistory.newBuilder()
                .setPartitions(ranges)
                .setFromTime(history.fromTime())
                .setToTime(data.getFromTime())
                .setRequestedFromTime(data.getFromTime() - historyMs)
                .setTruncated(history.truncated())
                .build());
        }
        data.setUpsampleFactors(upsampleFactors(data.getUpsampleSegments(), closingEvents));
        data.setTrainingDataVersion(trainingDataVersion);
    }

    /**
     * How much to weight each failing segment's records: 1 + effect x (1 - share), at most
     * {@link #MAX_UPSAMPLE}, where effect is the segment's worst drift metric in units of its threshold
     * and share its part of the window's records. A small segment far past its threshold is weighted
     * most; a segment that is most of the traffic hardly at all.
     */
    static java.util.Map<String, Double> upsampleFactors(List<String> segments, List<DriftEvent> events) {
        java.util.Map<String, Double> factors = new java.util.TreeMap<>();
        long total = 0;
        for (DriftEvent e : events) {
            if (e.getSegment() == null) {
                total = Math.max(total, e.getWindowCount());
            }
        }
        for (String segment : segments) {
            double effect = 0;
            long count = 0;
            for (DriftEvent e : events) {
                if (segment.equals(e.getSegment()) && e.getStatus() == DriftStatus.drift && e.getValue() != null) {
                    double t = e.getThreshold() == null || e.getThreshold() <= 0 ? 1 : e.getThreshold();
                    effect = Math.max(effect, e.getValue() / t);
                    count = Math.max(count, e.getWindowCount());
                }
            }
            double share = total == 0 ? 0 : Math.min(1, (double) count / total);
            factors.put(segment, Math.min(MAX_UPSAMPLE, 1 + effect * (1 - share)));
        }
        return factors;
    }

    static final double MAX_UPSAMPLE = 10;

    /** Drivers a retrain event names. */
    static final int TOP_CONTRIBUTORS = 5;

    /**
     * A manual trigger: no policy reasons, the recent windows as training data, the cooldown left
     * as it is. Its id depends only on the model and the request id.
     */
    static RetrainEvent manual(String model, RetrainRequest request, WindowReport latest, List<WindowReport> recentWindows,
                               long nextAllowedAt, double cost, String inputTopic) {
        return RetrainEvent.newBuilder()
            .setEventId(RetrainRequest.eventId(model, request.requestId()))
            .setModelId(model)
            .setModelVersion(latest.modelVersion)
            .setTriggeredAt(request.requestedAt())
            .setWindowEnd(latest.windowEnd)
            .setTrigger(TriggerKind.manual)
            .setReasons(List.of())
            .setTrainingData(trainingData(inputTopic, recentWindows, List.of()))
            .setBaselineVersion(latest.baselineVersion)
            .setPolicy("manual")
            .setNextAllowedAt(nextAllowedAt)
            .setEstimatedCost(cost)
            .build();
    }

    /**
     * The input ranges of the windows that caused the trigger: per partition the smallest and largest
     * offset of their records (reading the range and keeping the model's records of those windows
     * gives exactly the windows' data), and the segments that drifted, to upsample.
     */
    static TrainingData trainingData(String topic, List<WindowReport> windows, List<DriftEvent> closingEvents) {
        Map<Integer, long[]> ranges = new TreeMap<>();
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (WindowReport w : windows) {
            from = Math.min(from, w.windowStart);
            to = Math.max(to, w.windowEnd);
            w.offsets.forEach((partition, range) -> ranges.merge(partition, range.clone(),
                (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])}));
        }
        List<PartitionRange> partitions = new ArrayList<>();
        ranges.forEach((partition, range) -> partitions.add(PartitionRange.newBuilder()
            .setPartition(partition).setFromOffset(range[0]).setToOffset(range[1]).build()));
        TreeSet<String> upsample = new TreeSet<>();
        for (DriftEvent e : closingEvents) {
            if (e.getSegment() != null && e.getStatus() == DriftStatus.drift) {
                upsample.add(e.getSegment());
            }
        }
        return TrainingData.newBuilder()
            .setTopic(topic)
            .setPartitions(partitions)
            .setFromTime(from == Long.MAX_VALUE ? 0 : from)
            .setToTime(to == Long.MIN_VALUE ? 0 : to)
            .setUpsampleSegments(new ArrayList<>(upsample))
            .build();
    }

    /** Deterministic: model, policy, window and trigger kind always give the same id. */
    static String eventId(String model, String policy, long windowStart, TriggerKind trigger) {
        String name = model + "|" + policy + "|" + windowStart + "|" + trigger;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
