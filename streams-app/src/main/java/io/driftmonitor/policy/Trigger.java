package io.driftmonitor.policy;

import java.util.Locale;

/** Why a retrain fires; the lower-case name is the {@code trigger} of a RetrainEvent. */
public enum Trigger {
    DRIFT, PERFORMANCE, SEGMENT, SCHEDULE, MANUAL;

    /** The name in events: drift, performance, segment, schedule, manual. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
