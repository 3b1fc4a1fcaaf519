package io.driftmonitor.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.drift.PerformanceEvaluator;
import io.driftmonitor.drift.WindowExplanation;
import io.driftmonitor.schema.DriftDriver;
import io.driftmonitor.schema.DriftEvent;

/** The one event per model and closed window on the window-reports topic. */
final class WindowReports {
    private WindowReports() {
    }

    static io.driftmonitor.schema.WindowReport of(WindowReport window, List<DriftEvent> events, List<DriftEvent> dataQuality,
                                                  ModelState state, ModelPolicy policy) {
        WindowExplanation why = WindowExplanation.of(events, policy.featureImportance);
        Map<String, Double> estimates = new LinkedHashMap<>();
        List<DriftDriver> multivariate = new ArrayList<>();
        List<DriftDriver> embedding = new ArrayList<>();
        for (DriftEvent e : events) {
            if (e.getSegment() != null) {
                continue;
            }
            if (e.getSignal().startsWith(PerformanceEvaluator.ESTIMATE_PREFIX) && e.getValue() != null) {
                estimates.put(e.getSignal().substring(PerformanceEvaluator.ESTIMATE_PREFIX.length()), e.getValue());
            } else if (e.getSignal().startsWith("multivariate:")) {
                multivariate.add(WindowExplanation.driver(e, null));
            } else if (e.getSignal().startsWith("embedding:")) {
                embedding.add(WindowExplanation.driver(e, null));
            }
        }
        return io.driftmonitor.schema.WindowReport.newBuilder()
            .setEventId(eventId(window.modelId, window.windowStart))
            .setModelId(window.modelId)
            .setModelVersion(window.modelVersion)
            .setWindowStart(window.windowStart)
            .setWindowEnd(window.windowEnd)
            .setStatus(window.status)
            .setWindowCount(window.count)
            .setBaselineVersion(window.baselineVersion)
            .setLateRecords(state.lateRecords)
            .setSignalsEvaluated(why.signalsEvaluated)
            .setSignalsWarn(why.signalsWarn)
            .setSignalsDrift(why.signalsDrift)
            .setFeaturesEvaluated(why.featuresEvaluated)
            .setFeaturesDrift(why.featuresDrift)
            .setDatasetDriftShare(why.datasetDriftShare)
            .setDatasetDrift(why.datasetDriftShare != null && why.datasetDriftShare >= policy.datasetDriftShare)
            .setImportanceWeightedDrift(why.importanceWeightedDrift)
            .setDrivers(why.drivers)
            .setSegmentsDrifting(why.segmentsDrifting)
            .setDataQuality(dataQuality.stream().map(e -> WindowExplanation.driver(e, null)).toList())
            .setPerformanceEstimate(estimates)
            .setMultivariate(multivariate)
            .setEmbedding(embedding)
            .build();
    }

    static String eventId(String model, long windowStart) {
        return UUID.nameUUIDFromBytes((model + "|" + windowStart + "|window-report").getBytes(StandardCharsets.UTF_8)).toString();
    }
}
