package io.driftmonitor.topology;

import java.util.Arrays;

/**
 * Level 2's event clock: the event time up to which every input partition has delivered its records,
 * built only from what level 1 reported (plain Java, no Kafka, so that it can be property-tested).
 *
 * <p>Each input partition reports the newest event time its level-1 task has read and whether that
 * task has <em>observed</em> itself idle (read no record for {@code idle_close} of wall time while
 * running). The clock is the minimum over all partitions of:
 * <ul>
 *   <li>an active partition's newest event time: a partition not heard from yet, restoring, or catching
 *       up a backlog holds the clock where it is;</li>
 *   <li>for an idle partition, the newest event time of <em>any</em> partition at the moment it last
 *       said so (its floor): an idle partition does not hold the others back, but neither can a
 *       partition that races ahead (a backfill, a catch-up after an outage) move the clock past data an
 *       idle-looking partition might be about to deliver.</li>
 * </ul>
 * Idleness is never inferred from wall time on this side: after a restart every partition counts as
 * active until its level-1 task says otherwise, so a restored watermark never looks idle.
 *
 * <p>When every partition is idle the windows holding the newest data may close ({@link #allIdle()}),
 * but the clock itself never passes the newest event time seen: a producer that pauses and resumes
 * keeps its later windows exact.
 */
public final class EventClock {
    /** Newest event time reported per partition; Long.MIN_VALUE when none yet. */
    private long[] eventTime;
    private boolean[] idle;
    /** For an idle partition: the newest event time of all partitions when it last reported idle. */
    private long[] floor;

    public EventClock(int partitions) {
        eventTime = new long[partitions];
        idle = new boolean[partitions];
        floor = new long[partitions];
        Arrays.fill(eventTime, Long.MIN_VALUE);
        Arrays.fill(floor, Long.MIN_VALUE);
    }

    /** A partition's progress as restored from the store: its event time, and active until it reports. */
    public void restore(int partition, long newestEventTime) {
        ensure(partition);
        eventTime[partition] = Math.max(eventTime[partition], newestEventTime);
        idle[partition] = false;
    }

    /**
     * A report of level 1 for one partition. Returns whether the partition's newest event time grew
     * (the caller persists it).
     */
    public boolean report(int partition, long newestEventTime, boolean observedIdle) {
        ensure(partition);
        boolean advanced = newestEventTime > eventTime[partition];
        if (advanced) {
            eventTime[partition] = newestEventTime;
        }
        idle[partition] = observedIdle;
        if (observedIdle) {
            floor[partition] = Math.max(floor[partition], newestEventTime());
        }
        return advanced;
    }

    /** The event time every partition has delivered; Long.MIN_VALUE while one has delivered nothing. */
    public long clock() {
        long min = Long.MAX_VALUE;
        for (int p = 0; p < eventTime.length; p++) {
            min = Math.min(min, idle[p] ? Math.max(eventTime[p], floor[p]) : eventTime[p]);
        }
        return eventTime.length == 0 ? Long.MIN_VALUE : min;
    }

    /** Whether every partition has observed itself idle: the windows holding the newest data may close. */
    public boolean allIdle() {
        for (boolean i : idle) {
            if (!i) {
                return false;
            }
        }
        return idle.length > 0;
    }

    /** The newest event time any partition has reported. */
    public long newestEventTime() {
        long max = Long.MIN_VALUE;
        for (long t : eventTime) {
            max = Math.max(max, t);
        }
        return max;
    }

    /** The newest event time reported for one partition. */
    public long eventTime(int partition) {
        return partition < eventTime.length ? eventTime[partition] : Long.MIN_VALUE;
    }

    public int partitions() {
        return eventTime.length;
    }

    /** Whether a window [start, end) may close: the clock passed end + grace, or every partition is idle and its data is in. */
    public boolean mayClose(long windowStart, long windowEnd, long grace) {
        long clock = clock();
        if (clock == Long.MIN_VALUE) {
            return false;
        }
        return windowEnd + grace <= clock || allIdle() && windowStart <= clock;
    }

    /** A partition beyond the configured count (the topic grew): it holds the clock until it reports. */
    private void ensure(int partition) {
        if (partition < eventTime.length) {
            return;
        }
        int old = eventTime.length;
        eventTime = Arrays.copyOf(eventTime, partition + 1);
        idle = Arrays.copyOf(idle, partition + 1);
        floor = Arrays.copyOf(floor, partition + 1);
        Arrays.fill(eventTime, old, partition + 1, Long.MIN_VALUE);
        Arrays.fill(floor, old, partition + 1, Long.MIN_VALUE);
    }
}
