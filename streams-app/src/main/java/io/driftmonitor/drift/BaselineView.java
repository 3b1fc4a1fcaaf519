package io.driftmonitor.drift;

import java.util.HashMap;
import java.util.Map;

import io.driftmonitor.schema.Baseline;
import io.driftmonitor.schema.SignalBaseline;

/** Fast lookup of a baseline's signal slices by segment and signal name. */
public final class BaselineView {
    private final Baseline baseline;
    private final Map<String, SignalBaseline> slices = new HashMap<>();

    public BaselineView(Baseline baseline) {
        this.baseline = baseline;
        for (SignalBaseline s : baseline.getSignals()) {
            slices.put(key(s.getSegment(), s.getName()), s);
        }
    }

    private static String key(String segment, String signal) {
        return (segment == null ? "" : segment) + "\u0000" + signal;
    }

    public Baseline baseline() {
        return baseline;
    }

    public long version() {
        return baseline.getVersion();
    }

    /** The segment's own slice of the signal, or the whole model's when the segment has none. */
    public SignalBaseline find(String segment, String signal) {
        if (segment != null && !segment.isEmpty()) {
            SignalBaseline own = slices.get(key(segment, signal));
            if (own != null) {
                return own;
            }
        }
        return slices.get(key(null, signal));
    }

    /** Whether windows starting at {@code windowStart} use this version. */
    public boolean appliesTo(long windowStart) {
        return baseline.getEffectiveFrom() <= windowStart;
    }
}
