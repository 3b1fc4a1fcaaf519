package io.driftmonitor.topology;

import io.driftmonitor.state.Watermark;

/**
 * What level 1 tells level 2 about its input partition at each flush: the newest event time it has
 * read, and whether it has observed itself idle — no record read for {@code idle_close} of wall time
 * since it last read one, counted only from when the task started running (a task that is restoring
 * or catching up is never idle). Plain Java, so that it can be tested with any clock.
 *
 * <p>A report is sent when the event time grew, when idleness changed, on the first flush after the
 * task started (so that level 2 hears at once that a moved or restarted task holds the clock), and on
 * every flush while idle (a heartbeat: the idle partition then follows the others' progress).
 */
final class PartitionProgress {
    private final int partition;
    private final long idleCloseMs;
    private long newestEventTime = Long.MIN_VALUE;
    /** Wall time of the last record read, or of the first flush after the task started running. */
    private long lastActivityWallMs = Long.MIN_VALUE;
    private boolean reported;
    private long reportedEventTime = Long.MIN_VALUE;
    private boolean reportedIdle;

    /** {@code idleCloseMs} 0 disables idleness: the partition always holds the clock at its newest event time. */
    PartitionProgress(int partition, long idleCloseMs) {
        this.partition = partition;
        this.idleCloseMs = idleCloseMs;
    }

    /** A record was read (valid or not) at this wall time; a valid one advances the newest event time. */
    void recordRead(long wallMs) {
        lastActivityWallMs = wallMs;
    }

    void eventTimeSeen(long eventTime) {
        newestEventTime = Math.max(newestEventTime, eventTime);
    }

    long newestEventTime() {
        return newestEventTime;
    }

    /** The report to send at a flush at this wall time, or null when nothing needs saying. */
    Watermark atFlush(long wallMs) {
        if (lastActivityWallMs == Long.MIN_VALUE) {
            lastActivityWallMs = wallMs; // first flush while running: idleness is counted from here
        }
        boolean idle = idleCloseMs > 0 && wallMs - lastActivityWallMs >= idleCloseMs;
        if (reported && !idle && newestEventTime <= reportedEventTime && !reportedIdle) {
            return null;
        }
        reported = true;
        reportedEventTime = newestEventTime;
        reportedIdle = idle;
        return new Watermark(partition, newestEventTime, idle);
    }
}
