package io.driftmonitor.promotion;

import java.util.TreeMap;

/**
 * The state of one promotion experiment: a model's candidate version judged against its champion
 * version under one strategy. Plain data with public fields, stored as JSON (with a format version)
 * in the promotion history store, so that it survives a restart; {@link Experiments} updates it.
 */
public class Experiment {
    public static final int FORMAT_VERSION = 1;
    public static final String RUNNING = "running";
    public static final String CONCLUDED = "concluded";

    public int formatVersion = FORMAT_VERSION;
    /** Name-based UUID of (model, champion version, candidate version, strategy). */
    public String experimentId;
    public String modelId;
    public String championVersion;
    public String candidateVersion;
    public String strategy;
    public String role;
    /** The metric judged, fixed when the experiment opens. */
    public String metric;
    /** running or concluded. */
    public String status = RUNNING;
    /** The latest evidence of every window of the experiment, by window start. */
    public TreeMap<Long, WindowEvidence> windows = new TreeMap<>();
    /** Times the test was evaluated on the cumulative evidence (each time a window's evidence changed, once both roles had min_samples). */
    public int looks;
    /** The always-valid p-value: the minimum over all looks of 1 / Lambda; null before the first look. */
    public Double pValue;
    /** The mixture's standard deviation, fixed at the first look. */
    public Double tau;
    /** log Lambda at the latest look. */
    public Double logLikelihoodRatio;
    /** Cumulative values over the windows (see {@link Experiments}); null without evidence. */
    public Double championValue;
    public Double candidateValue;
    public long championN;
    public long candidateN;
    /** Inverse-variance weighted difference, candidate minus champion (for rmse: of the MSE), and its standard error. */
    public Double difference;
    public Double standardError;
    /**
     * Lower bound of the share of requests on which the roles' predicted labels differ: the total
     * variation distance between their predicted-label distributions on the labelled predictions of
     * the experiment's windows; null for regressors.
     */
    public Double disagreementRate;
    public long firstWindowStart = Long.MIN_VALUE;
    public long lastWindowEnd = Long.MIN_VALUE;
    /** promote, keep or rollback once concluded, else null. */
    public String decision;
    public String reason;
    /** End of the latest window in the evidence when the experiment concluded. */
    public Long decidedAtWindowEnd;
    /** Windows seen after the conclusion (reported, never announced). */
    public long windowsAfterConclusion;
    public long lastSeenWindowEnd = Long.MIN_VALUE;

    public boolean concluded() {
        return CONCLUDED.equals(status);
    }
}
