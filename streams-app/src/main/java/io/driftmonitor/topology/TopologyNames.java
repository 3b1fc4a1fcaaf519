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
    public static final String WRITE_WINDOW_REPORTS = "write-window-reports";
    public static final String WRITE_RETRAIN_EVENTS = "write-retrain-events";
    public static final String WRITE_PROMOTION_EVENTS = "write-promotion-events";
    public static final String WRITE_BASELINES = "write-baselines";
    public static final String READ_RETRAIN_REQUESTS = "read-retrain-requests";
    public static final String ROUTE_RETRAIN_REQUESTS = "route-retrain-requests-by-model";
    public static final String WRITE_RETRAIN_REQUESTS_BY_MODEL = "write-retrain-requests-by-model";
    public static final String WRITE_RETRAIN_REQUEST_DLQ = "write-retrain-request-dead-letters";
    public static final String READ_RETRAIN_REQUESTS_BY_MODEL = "read-retrain-requests-by-model";
    public static final String READ_BASELINES = "read-baselines";
    public static final String WRITE_PREDICTION_INDEX = "write-prediction-index";
    public static final String READ_PREDICTION_INDEX = "read-prediction-index";
    public static final String READ_LABELS = "read-labels";
    public static final String ROUTE_LABELS = "route-labels-by-prediction";
    public static final String WRITE_LABELS_BY_PREDICTION = "write-labels-by-prediction";
    public static final String READ_LABELS_BY_PREDICTION = "read-labels-by-prediction";
    public static final String WRITE_LABEL_REFUSALS = "write-label-timestamp-refusals";
    public static final String JOIN_LABELS = "join-labels";
    public static final String WRITE_PERFORMANCE_PARTIALS = "write-performance-partials";
    public static final String WRITE_LABEL_DLQ = "write-label-dead-letters";
    public static final String UPDATE_BASELINES = "update-baseline-store";

    /** Level 1: per input partition, heap partials with a changelogged image. */
    public static final String PARTIALS_STORE = "partial-windows-store";
    /** Level 1: prediction index entries per index partition, until the next flush. */
    public static final String INDEX_BUFFER_STORE = "prediction-index-buffer-store";
    /** Level 1: outcomes of predictions that carry their own label, until the next flush. */
    public static final String INLINE_PERFORMANCE_STORE = "inline-performance-partials-store";
    /** Level 2: merged partials of open windows, by model. */
    public static final String WINDOWS_STORE = "open-windows-store";
    public static final String MODEL_STATE_STORE = "model-state-store";
    /** Level 2: the newest baselines of each model (see {@link ModelBaselines}). */
    public static final String MODEL_BASELINES_STORE = "model-baselines-store";
    /** Level 2: progress of every input partition. */
    public static final String WATERMARKS_STORE = "input-watermarks-store";
    public static final String DRIFT_RESULTS_STORE = "drift-results-store";
    public static final String RETRAIN_HISTORY_STORE = "retrain-history-store";
    /** Level 2: the latest promotion decision per model, window and candidate role. */
    public static final String PROMOTION_HISTORY_STORE = "promotion-history-store";
    /**
     * Label join: compact prediction entries by prediction id at prediction time, kept for the longest
     * label horizon; its changelog is the prediction-index topic ({@link PredictionIndexStore}).
     */
    public static final String PREDICTION_INDEX_STORE = "prediction-index-from-topic-store";
    /** Label join: the predictions whose label was counted, by index key at prediction time. */
    public static final String LABELLED_PREDICTIONS_STORE = "labelled-predictions-store";
    /** Label join: labels that came before their prediction's index entry, by id and by label time. */
    public static final String PENDING_LABELS_STORE = "pending-labels-by-time-store";
    /** Label join: heap performance partials per (model, prediction window, segment). */
    public static final String PERFORMANCE_PARTIALS_STORE = "performance-partials-store";
    /** Level 2: merged performance of each window until its label horizon ends. */
    public static final String PERFORMANCE_STORE = "window-performance-store";
    /** Per model: the labelled outcomes the label-free estimate is calibrated on. */
    public static final String CALIBRATION_STORE = "calibration-store";
    /** Global: the latest baseline of every model. */
    public static final String BASELINES_STORE = "baselines-store";

    private TopologyNames() {
    }

    /** The topic that carries compact prediction entries to the label join, keyed by prediction id. */
    public static String predictionIndexTopic(String applicationId) {
        return applicationId + "-prediction-index";
    }

    /** The topic that carries every label to the partition of its prediction id's index entries. */
    public static String labelsByPredictionTopic(String applicationId) {
        return applicationId + "-labels-by-prediction";
    }

    /** The topic that carries every manual retrain request to level 2, keyed and placed by model as the partials. */
    public static String retrainRequestsByModelTopic(String applicationId) {
        return applicationId + "-retrain-requests-by-model";
    }

    /** The topic that carries level-1 partials to level 2, keyed by model. */
    public static String partialsTopic(String applicationId) {
        return applicationId + "-window-partials";
    }
}
