package io.driftmonitor.topology;

/**
 * Store keys that sort by model, then window start, then segment, so that prefix scans find a
 * model's windows in time order.
 */
public final class StoreKeys {
    public static final char SEPARATOR = '\u0000';

    private StoreKeys() {
    }

    /** Window starts as fixed-width text so that lexicographic order is time order (non-negative epoch ms). */
    public static String time(long epochMillis) {
        // As String.format("%016d", t), which is too slow for a key built per record.
        String digits = Long.toString(epochMillis);
        int pad = 16 - digits.length();
        if (pad <= 0) {
            return digits;
        }
        return epochMillis < 0
            ? "-" + "0".repeat(pad) + digits.substring(1)
            : "0".repeat(pad) + digits;
    }

    public static String window(String model, long windowStart) {
        return model + SEPARATOR + time(windowStart);
    }

    public static String windowSegment(String model, long windowStart, String segment) {
        return window(model, windowStart) + SEPARATOR + segment;
    }

    /** A manual retrain in the retrain history: after the policy trigger of the same window end, if any. */
    public static String manualRetrain(String model, long windowEnd, String requestId) {
        return window(model, windowEnd) + SEPARATOR + "manual" + SEPARATOR + requestId;
    }

    /** A retrain triggered by a window's measured performance, when its labels came: after the window's own entry. */
    public static String labelledRetrain(String model, long windowEnd, String eventId) {
        return window(model, windowEnd) + SEPARATOR + "labels" + SEPARATOR + eventId;
    }

    public static String modelPrefix(String model) {
        return model + SEPARATOR;
    }

    public static String windowPrefix(String model, long windowStart) {
        return window(model, windowStart) + SEPARATOR;
    }
}
