package io.driftmonitor.state;

/**
 * Progress of one input partition: level 1 has forwarded every partial of records up to this event
 * time, and whether it has observed itself idle (no record read for {@code idle_close} of wall time
 * while running). Level 2 closes a window only when every partition has passed its end plus grace,
 * an idle one counting as caught up with the others (see {@code topology.EventClock}).
 */
public record Watermark(int inputPartition, long eventTime, boolean idle) {
    public Watermark(int inputPartition, long eventTime) {
        this(inputPartition, eventTime, false);
    }
}
