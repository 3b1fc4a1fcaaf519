package io.driftmonitor.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.driftmonitor.drift.WindowEvaluator;
import io.driftmonitor.schema.DriftEvent;
import io.driftmonitor.schema.DriftStatus;

/**
 * Drift events that tell a model's owner about its data rather than its drift: a model beyond
 * {@code aggregation.max_models}, a segment key that reached {@code max_segment_values}, records
 * refused for timestamps that cannot be true.
 */
final class DataQualityEvents {
    /** A model beyond aggregation.max_models. */
    static final String MODEL_CAP = "data_quality:model_cap";
    /** A segment key whose values beyond max_segment_values are counted as key=__other__. */
    static final String SEGMENT_VALUES = "data_quality:segment_values";
    /** Records sent to the dead-letter topic for their timestamp. */
    static final String TIMESTAMPS = "data_quality:timestamps";

    private DataQualityEvents() {
    }

    static DriftEvent modelCap(String model, String version, long windowStart, long windowEnd, long count, int monitored,
                               int max) {
        return event(model, version, windowStart, windowEnd, MODEL_CAP, null, "models_monitored", monitored, max, count,
            new LinkedHashMap<>());
    }

    /** The data-quality events of a window at its close; the timestamps reported are marked so in the state. */
    static List<DriftEvent> atClose(ModelState state, long windowStart, long windowEnd, long count, int maxSegmentValues) {
        List<DriftEvent> events = new ArrayList<>();
        Set<String> keys = state.segmentBoundReached.remove(windowStart);
        if (keys != null) {
            for (String key : keys) {
                int named = state.segmentValues.getOrDefault(key, new java.util.TreeSet<>()).size();
                events.add(event(state.modelId, state.modelVersion, windowStart, windowEnd, SEGMENT_VALUES,
                    key + "=" + SegmentVocabulary.OTHER, "named_values", named, maxSegmentValues, count, new LinkedHashMap<>()));
            }
        }
        long future = state.unreportedTimestampsInFuture;
        long outOfRange = state.unreportedTimestampsOutOfRange;
        if (future + outOfRange > 0) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put(TimestampCheck.IN_FUTURE, (double) future);
            metrics.put(TimestampCheck.OUT_OF_RANGE, (double) outOfRange);
            events.add(event(state.modelId, state.modelVersion, windowStart, windowEnd, TIMESTAMPS, null, "refused_records",
                future + outOfRange, 0, count, metrics));
            state.unreportedTimestampsInFuture = 0;
            state.unreportedTimestampsOutOfRange = 0;
        }
        return events;
    }

    private static DriftEvent event(String model, String version, long windowStart, long windowEnd, String signal,
                                    String segment, String metric, double value, double threshold, long count,
                                    Map<String, Double> metrics) {
        return DriftEvent.newBuilder()
            .setEventId(WindowEvaluator.eventId(model, windowStart, signal, segment, 0))
            .setModelId(model)
            .setModelVersion(version)
            .setWindowStart(windowStart)
            .setWindowEnd(windowEnd)
            .setSignal(signal)
            .setSegment(segment)
            .setMetric(metric)
            .setValue(value)
            .setThreshold(threshold)
            .setStatus(signal.equals(MODEL_CAP) ? DriftStatus.insufficient_data : DriftStatus.warn)
            .setWindowCount(count)
            .setBaselineCount(0)
            .setMetrics(metrics)
            .build();
    }
}
