package io.driftmonitor.evaluation;

/**
 * A labelled drift interval of a scenario, in window indices: windows {@code from} (inclusive) to
 * {@code to} (exclusive) hold drifted data.
 */
public record DriftInterval(int from, int to) {
    public DriftInterval {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("drift interval [" + from + ", " + to + "): needs 0 <= from < to");
        }
    }

    public boolean contains(int window) {
        return window >= from && window < to;
    }

    public int length() {
        return to - from;
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
