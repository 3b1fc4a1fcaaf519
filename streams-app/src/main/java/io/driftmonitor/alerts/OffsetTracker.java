package io.driftmonitor.alerts;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which offsets of each partition may be committed: all records before the committed position have
 * finished (delivered, dead-lettered or not for any webhook), so a crash redelivers what was in
 * flight and loses nothing. Records of a partition are started in offset order and may finish in
 * any order. Not thread-safe: the alert consumer's poll thread owns it.
 *
 * @param <P> the partition type
 */
final class OffsetTracker<P> {
    private static final class Partition {
        final TreeSet<Long> pending = new TreeSet<>();
        /** One past the highest offset started. */
        long next = -1;
        /** The position last handed out for commit. */
        long committed = -1;

        long position() {
            return pending.isEmpty() ? next : pending.first();
        }
    }

    private final Map<P, Partition> partitions = new HashMap<>();
    private int inFlight;

    /** A record was taken up; it is pending until {@link #finish}. */
    void start(P partition, long offset) {
        Partition p = partitions.computeIfAbsent(partition, k -> new Partition());
        if (p.pending.add(offset)) {
            inFlight++;
        }
        p.next = Math.max(p.next, offset + 1);
    }

    /** A record that needs no delivery: finished as soon as it is seen. */
    void skip(P partition, long offset) {
        Partition p = partitions.computeIfAbsent(partition, k -> new Partition());
        p.next = Math.max(p.next, offset + 1);
    }

    /** A record's deliveries are all finished. Unknown partitions (revoked since) and offsets are ignored. */
    void finish(P partition, long offset) {
        Partition p = partitions.get(partition);
        if (p != null && p.pending.remove(offset)) {
            inFlight--;
        }
    }

    /** Records started and not finished, over all partitions. */
    int inFlight() {
        return inFlight;
    }

    /** Records pending in one partition. */
    int inFlight(P partition) {
        Partition p = partitions.get(partition);
        return p == null ? 0 : p.pending.size();
    }

    /** The positions (next offset to read) that advanced since the last call, by partition; they count as committed. */
    Map<P, Long> toCommit() {
        Map<P, Long> out = new LinkedHashMap<>();
        partitions.forEach((partition, p) -> {
            long position = p.position();
            if (position > p.committed) {
                out.put(partition, position);
                p.committed = position;
            }
        });
        return out;
    }

    /** The position of one partition that may be committed now, or -1 when nothing was seen; counts as committed. */
    long toCommit(P partition) {
        Partition p = partitions.get(partition);
        if (p == null || p.position() < 0) {
            return -1;
        }
        p.committed = Math.max(p.committed, p.position());
        return p.position();
    }

    /** Forgets a partition (revoked or lost): its pending records no longer count. */
    void remove(P partition) {
        Partition p = partitions.remove(partition);
        if (p != null) {
            inFlight -= p.pending.size();
        }
    }
}
