package io.driftmonitor.state;

/**
 * Progress of one input partition: level 1 has forwarded every partial of records up to this event
 * time. Level 2 closes a window only when every active input partition has passed its end plus grace,
 * so that a lagging partition's records are still counted.
 */
public record Watermark(int inputPartition, long eventTime) {
}
