package io.driftmonitor.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A closed window as kept for queries: its totals, input ranges and every signal's drift event. */
public class WindowReport {
    public String modelId;
    public String modelVersion;
    public long windowStart;
    public long windowEnd;
    public long count;
    public Long baselineVersion;
    /** ok, warn, drift, insufficient_data, or baseline when the window became the model's baseline. */
    public String status;
    /** Input partition to {from offset, to offset} (inclusive) of the window's records. */
    public Map<Integer, long[]> offsets = new TreeMap<>();
    /** Performance by segment ("" for the whole model): metric values, labels counted, coverage, delays. */
    public Map<String, Map<String, Double>> performance = new TreeMap<>();
    /** Times the performance of this window was emitted so far. */
    public int performanceRevisions;
    /** Model version of each other deployment role (challenger, canary, shadow) seen in the window. */
    public Map<String, String> roleVersions = new TreeMap<>();
    /** The drift events of the window as plain JSON objects. */
    public List<Map<String, Object>> signals = new ArrayList<>();
}
