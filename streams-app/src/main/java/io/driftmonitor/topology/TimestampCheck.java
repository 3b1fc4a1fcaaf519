package io.driftmonitor.topology;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.serde.InvalidRecordException;
import io.driftmonitor.state.RefusedTimestamps;

/**
 * Event times that cannot be true: more than {@code max_future_skew} ahead of the wall clock (a
 * broken clock, microseconds taken for milliseconds) or before {@code min_timestamp} (default
 * 2000-01-01). Such a record goes to the dead-letter topic and never moves a clock: one of them
 * would otherwise push a partition's progress past every later record.
 */
final class TimestampCheck {
    static final String IN_FUTURE = "timestamp_in_future";
    static final String OUT_OF_RANGE = "timestamp_out_of_range";

    private TimestampCheck() {
    }

    /** The reason a timestamp is refused, or null when it is plausible. */
    static String reason(long timestamp, long wallMs, ModelPolicy policy) {
        if (timestamp < policy.minTimestamp.toEpochMilli()) {
            return OUT_OF_RANGE;
        }
        if (timestamp - wallMs > policy.maxFutureSkew.toMillis()) {
            return IN_FUTURE;
        }
        return null;
    }

    /**
     * The count level 2 keeps of one refused record. Forwarded at once rather than summed until a
     * flush: under exactly-once the count then commits with the input offset.
     */
    static RefusedTimestamps one(String modelId, String reason) {
        boolean future = IN_FUTURE.equals(reason);
        return new RefusedTimestamps(modelId, future ? 1 : 0, future ? 0 : 1);
    }

    /** The dead-letter reason of a refused timestamp; its message starts with the reason code. */
    static final class RefusedTimestamp extends InvalidRecordException {
        final String reason;

        RefusedTimestamp(String reason, long timestamp, long wallMs, ModelPolicy policy) {
            super(reason, reason + ": event time " + timestamp + " is "
                + (IN_FUTURE.equals(reason)
                    ? (timestamp - wallMs) + " ms ahead of the wall clock (max_future_skew " + policy.maxFutureSkew + ")"
                    : "before min_timestamp " + policy.minTimestamp));
            this.reason = reason;
        }
    }
}
