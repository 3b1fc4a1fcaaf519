package io.driftmonitor.evaluation;

import java.util.List;

import io.driftmonitor.policy.Detector;
import io.driftmonitor.policy.RetrainPolicy;

/**
 * A way to turn one signal's windows into alarms, as a retrain rule of the monitor does it: the
 * rule on that one signal (and segment) and the drift event's own metric, firing in one window, run
 * by the monitor's own {@code RetrainPolicyEngine} without cooldown or budget. A firing rule resets
 * its detector, as in the monitor.
 */
public enum EvaluatedDetector {
    /** The monitor's drift verdict of the window (metric threshold and significance test): {@code status: drift}. */
    THRESHOLD("threshold", null),
    /** Page-Hinkley over the metric's window series, defaults (delta 0.01, lambda 0.5, min_windows 3). */
    PAGE_HINKLEY("page_hinkley", Detector.Kind.PAGE_HINKLEY),
    /** Upper CUSUM over the series, defaults (drift 0.05, h 0.5, target learned over min_windows 3). */
    CUSUM("cusum", Detector.Kind.CUSUM);

    private final String wireName;
    private final Detector.Kind kind;

    EvaluatedDetector(String wireName, Detector.Kind kind) {
        this.wireName = wireName;
        this.kind = kind;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * The one-rule policy of this detector on a signal, segment (null: whole model) and metric, as a
     * user would write it in {@code retrain.rules} (windows with too few samples are undecided and
     * never breach).
     */
    public RetrainPolicy policyFor(String signal, String segment, String metric) {
        Detector detector = kind == null ? null : Detector.of(kind.wireName(), null, null, null, null, null, null);
        RetrainPolicy.Rule rule = new RetrainPolicy.Rule(signal, segment, metric, null, RetrainPolicy.Direction.ABOVE, 1,
            0, detector);
        return new RetrainPolicy("evaluate-" + wireName, RetrainPolicy.Mode.DYNAMIC, List.of(rule), RetrainPolicy.Combine.ANY,
            0, 0, 0, 0, 0, false, RetrainPolicy.BaselineOnNewVersion.FIRST_WINDOW);
    }
}
