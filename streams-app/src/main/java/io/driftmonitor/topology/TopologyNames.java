package io.driftmonitor.topology;

/**
 * Every node, store and internal topic of the topology, named explicitly: state and changelog
 * topics derive from these names, so renaming one is a conscious, visible change (a test pins the
 * topology description).
 */
public final class TopologyNames {
    public static final String READ_PREDICTIONS = "read-predictions";
    public static final String ACCUMULATE = "decode-and-accumulate";
    public static final String WRITE_DLQ = "write-dead-letters";
    public static final String WRITE_PARTIALS = "write-window-partials";
    public static final String READ_PARTIALS = "read-window-partials";
    public static final String MERGE_AND_CLOSE = "merge-and-close-windows";
    public static final String WRITE_DRIFT_EVENTS = "write-drift-events";
    public static final String WRITE_RETRAIN_EVENTS = "write-retrain-events";
    public static final String WRITE_BASELINES = "write-baselines";
    public static final String READ_RETRAIN_REQUESTS = "read-retrain-requests";
    public static final String READ_BASELINES = "read-baselines";
    public static final String UPDATE_BASELINES = "update-baseline-store";

    /** Level 1: per input partition, heap partials with a changelogged image. */
    public static final String PARTIALS_STORE = "partial-windows-store";
    /** Level 2: merged partials of open windows, by model. */
    public static final String WINDOWS_STORE = "open-windows-store";
    public static final String MODEL_STATE_STORE = "model-state-store";
    /** Level 2: progress of every input partition. */
    public static final String WATERMARKS_STORE = "input-watermarks-store";
    public static final String DRIFT_RESULTS_STORE = "drift-results-store";
    public static final String RETRAIN_HISTORY_STORE = "retrain-history-store";
    /** Global: the latest baseline of every model. */
    public static final String BASELINES_STORE = "baselines-store";

    private TopologyNames() {
    }

    /** The topic that carries level-1 partials to level 2, keyed by model. */
    public static String partialsTopic(String applicationId) {
        return applicationId + "-window-partials";
    }
}
