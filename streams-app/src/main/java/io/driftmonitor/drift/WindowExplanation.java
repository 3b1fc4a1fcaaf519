package io.driftmonitor.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.driftmonitor.schema.DriftDriver;
import io.driftmonitor.schema.DriftEvent;
import io.driftmonitor.schema.DriftStatus;

/**
 * Why a window drifted: its drift events ranked by what drove them, the share of drifted features
 * (Evidently's dataset drift share) and, with {@code feature_importance} in the policy, the
 * importance-weighted share. Plain Java over the window's events.
 *
 * <p>Ranking: drift before warn; then by effect, the metric in units of its own drift threshold
 * (so PSI 0.5 against 0.25 and KS 0.2 against 0.1 rank alike), multiplied by the feature's
 * importance when one is given; then by p-value, smallest first.
 */
public final class WindowExplanation {
    /** Drivers a window report lists. */
    public static final int MAX_DRIVERS = 20;

    public final List<DriftDriver> drivers;
    public final List<String> segmentsDrifting;
    public final int signalsEvaluated;
    public final int signalsWarn;
    public final int signalsDrift;
    public final int featuresEvaluated;
    public final int featuresDrift;
    public final Double datasetDriftShare;
    public final Double importanceWeightedDrift;

    private WindowExplanation(List<DriftDriver> drivers, List<String> segmentsDrifting, int signalsEvaluated, int signalsWarn,
                              int signalsDrift, int featuresEvaluated, int featuresDrift, Double datasetDriftShare,
                              Double importanceWeightedDrift) {
        this.drivers = drivers;
        this.segmentsDrifting = segmentsDrifting;
        this.signalsEvaluated = signalsEvaluated;
        this.signalsWarn = signalsWarn;
        this.signalsDrift = signalsDrift;
        this.featuresEvaluated = featuresEvaluated;
        this.featuresDrift = featuresDrift;
        this.datasetDriftShare = datasetDriftShare;
        this.importanceWeightedDrift = importanceWeightedDrift;
    }

    /** The explanation of a window's drift events (data-quality and performance-estimate events are not drivers). */
    public static WindowExplanation of(List<DriftEvent> events, Map<String, Double> featureImportance) {
        List<DriftDriver> ranked = new ArrayList<>();
        TreeSet<String> segments = new TreeSet<>();
        int evaluated = 0;
        int warn = 0;
        int drift = 0;
        int features = 0;
        int featuresDrift = 0;
        double importanceTotal = 0;
        double importanceDrift = 0;
        for (DriftEvent e : events) {
            if (!isDriftSignal(e.getSignal()) || e.getStatus() == DriftStatus.insufficient_data
                    || io.driftmonitor.promotion.Roles.isRoleSegment(e.getSegment())) {
                continue;
            }
            evaluated++;
            boolean drifts = e.getStatus() == DriftStatus.drift;
            if (drifts) {
                drift++;
                if (e.getSegment() != null) {
                    segments.add(e.getSegment());
                }
            } else if (e.getStatus() == DriftStatus.warn) {
                warn++;
            }
            Double importance = importanceOf(e.getSignal(), featureImportance);
            if (e.getSignal().startsWith(SignalNames.FEATURE_PREFIX) && e.getSegment() == null) {
                features++;
                featuresDrift += drifts ? 1 : 0;
                if (importance != null) {
                    importanceTotal += importance;
                    importanceDrift += drifts ? importance : 0;
                }
            }
            if (e.getStatus() == DriftStatus.drift || e.getStatus() == DriftStatus.warn) {
                ranked.add(driver(e, importance));
            }
        }
        ranked.sort(RANKING);
        return new WindowExplanation(List.copyOf(ranked.subList(0, Math.min(MAX_DRIVERS, ranked.size()))),
            List.copyOf(segments), evaluated, warn, drift, features, featuresDrift,
            features == 0 ? null : (double) featuresDrift / features,
            featureImportance == null || featureImportance.isEmpty() || importanceTotal == 0 ? null
                : importanceDrift / importanceTotal);
    }

    static final Comparator<DriftDriver> RANKING = Comparator
        .comparing((DriftDriver d) -> !"drift".equals(d.getStatus()))
        .thenComparing(d -> -weighted(d))
        .thenComparing(d -> d.getPValue() == null ? 1.0 : d.getPValue())
        .thenComparing(DriftDriver::getSignal)
        .thenComparing(d -> d.getSegment() == null ? "" : d.getSegment());

    private static double weighted(DriftDriver d) {
        return d.getEffect() * (d.getImportance() == null ? 1.0 : d.getImportance());
    }

    /** A driver line of any event (also data-quality ones). */
    public static DriftDriver driver(DriftEvent e, Double importance) {
        double value = e.getValue() == null ? 0 : e.getValue();
        Double threshold = e.getThreshold();
        double effect = threshold == null || threshold == 0 || !Double.isFinite(threshold) ? value : value / threshold;
        return DriftDriver.newBuilder()
            .setSignal(e.getSignal())
            .setSegment(e.getSegment())
            .setMetric(e.getMetric())
            .setValue(e.getValue())
            .setThreshold(threshold)
            .setPValue(e.getPValue())
            .setStatus(e.getStatus().name())
            .setEffect(Double.isFinite(effect) ? effect : Double.MAX_VALUE)
            .setImportance(importance)
            .build();
    }

    /** Signals judged against the baseline (features, scores, predictions, labels, embedding, multivariate). */
    static boolean isDriftSignal(String signal) {
        return !signal.startsWith("data_quality:") && !signal.startsWith(PerformanceEvaluator.ESTIMATE_PREFIX)
            && !signal.startsWith("performance:");
    }

    private static Double importanceOf(String signal, Map<String, Double> importance) {
        if (importance == null || importance.isEmpty() || !signal.startsWith(SignalNames.FEATURE_PREFIX)) {
            return null;
        }
        return importance.get(signal.substring(SignalNames.FEATURE_PREFIX.length()));
    }
}
