package io.driftmonitor.performance;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/** The names of the measured performance metrics, as in events, thresholds and retrain rules. */
public final class PerformanceMetricNames {
    /** Metrics where lower is worse. */
    public static final Set<String> HIGHER_IS_BETTER = Set.of("accuracy", "precision", "recall", "f1", "roc_auc");
    /** Metrics where higher is worse. */
    public static final Set<String> LOWER_IS_BETTER = Set.of("log_loss", "ece", "mae", "rmse", "mape");
    /** Every metric, sorted. */
    public static final Set<String> ALL;

    static {
        Set<String> all = new TreeSet<>(HIGHER_IS_BETTER);
        all.addAll(LOWER_IS_BETTER);
        ALL = Collections.unmodifiableSet(all);
    }

    private PerformanceMetricNames() {
    }
}
