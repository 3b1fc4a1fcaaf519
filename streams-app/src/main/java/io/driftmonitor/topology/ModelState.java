package io.driftmonitor.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.policy.PolicyState;

/** Level-2 memory of one model, stored as JSON (with a format version) in the model-state store. */
public class ModelState {
    public static final int FORMAT_VERSION = 1;

    public int formatVersion = FORMAT_VERSION;
    public String modelId;
    public String modelVersion;
    /** Largest event time seen in the model's records: the model's event clock. */
    public long maxEventTime = Long.MIN_VALUE;
    /** Wall-clock time of the last partial, for closing windows of an idle model. */
    public long lastActivityWallMs;
    public TreeSet<Long> openWindows = new TreeSet<>();
    /**
     * Closed windows whose partials are still kept (at-least-once only): window start to the wall-clock
     * time of the close. See {@link OpenWindowPartials}.
     */
    public TreeMap<Long, Long> keptPartials = new TreeMap<>();
    /** End of the last closed window: records of earlier windows are late. */
    public long closedThrough = Long.MIN_VALUE;
    public long lateRecords;
    /** Records sent to the dead-letter topic with reason timestamp_in_future / timestamp_out_of_range. */
    public long timestampsInFuture;
    public long timestampsOutOfRange;
    /** Of those, the ones not yet reported in a data-quality event (reported at the next window close). */
    public long unreportedTimestampsInFuture;
    public long unreportedTimestampsOutOfRange;
    /** Named values per segment key (see {@link SegmentVocabulary}); later values count as key=__other__. */
    public java.util.TreeMap<String, TreeSet<String>> segmentValues = new java.util.TreeMap<>();
    /** Where each hour of the model's input began, for the training history of retrain events. */
    public OffsetCheckpoints offsetCheckpoints = new OffsetCheckpoints();
    /** Per open window, the segment keys whose bound of named values it reached. */
    public TreeMap<Long, TreeSet<String>> segmentBoundReached = new TreeMap<>();
    /** Labels counted in a window of the model (whole-model partials). */
    public long labelsCounted;
    /** Labels whose prediction was never seen (within the waiting time). */
    public long unmatchedLabels;
    /** Labels that came after their window's label horizon. */
    public long expiredLabels;
    public long windowsClosed;
    public long recordsCounted;
    /** Version of the model's newest baseline (the baselines are in {@link ModelBaselines}); null if none. */
    public Long baselineVersion;
    /** The baselines the first format of this state held; {@link ModelBaselines#migrate} moves them out. */
    @JsonProperty(value = "baselines", access = JsonProperty.Access.WRITE_ONLY)
    public List<JsonNode> legacyBaselines = new ArrayList<>();
    /** Highest baseline version this model ever had, so versions keep rising after a reset. */
    public long baselineVersionCounter;
    public PolicyState policy = new PolicyState();
    /**
     * Start of the window that became the model's (first-window) baseline: its labelled outcomes are
     * the reference later windows' performance is compared with. Null with a published baseline.
     */
    public Long referenceWindowStart;
    public WindowSummary lastWindow;

    /** The latest closed window in one line. */
    public static class WindowSummary {
        public long windowStart;
        public long windowEnd;
        public long count;
        public String status;
        public Long baselineVersion;
        public List<String> drifting = new ArrayList<>();
        public Double maxPsi;
        public String maxPsiSignal;
    }

    /** The newest baseline version, also of a state not yet migrated; null if none. */
    public Long newestBaselineVersion() {
        if (baselineVersion != null || legacyBaselines.isEmpty()) {
            return baselineVersion;
        }
        return legacyBaselines.get(legacyBaselines.size() - 1).path("version").asLong();
    }
}
