package io.driftmonitor.stats;

/** Outcome of comparing one window with its baseline for one signal and metric. */
public enum DriftStatus {
    OK("ok"), WARN("warn"), DRIFT("drift"), INSUFFICIENT_DATA("insufficient_data");

    private final String wireName;

    DriftStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in events, JSON and the {@code compare} output. */
    public String wireName() {
        return wireName;
    }

    /** Whether this status is worse than {@code other} (insufficient_data ranks below ok). */
    public boolean isWorseThan(DriftStatus other) {
        return rank() > other.rank();
    }

    private int rank() {
        return switch (this) {
            case INSUFFICIENT_DATA -> 0;
            case OK -> 1;
            case WARN -> 2;
            case DRIFT -> 3;
        };
    }
}
