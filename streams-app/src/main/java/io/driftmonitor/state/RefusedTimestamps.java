package io.driftmonitor.state;

/**
 * Records of one model that level 1 sent to the dead-letter topic since its last flush because their
 * event time cannot be true: more than {@code max_future_skew} ahead of the wall clock, or before
 * {@code min_timestamp}. Level 2 counts them per model (metrics, data-quality event at the next close).
 */
public record RefusedTimestamps(String modelId, long inFuture, long outOfRange) {
}
