package io.driftmonitor.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each hour of a model's input began, per input partition: the smallest first offset of the
 * windows closed in each hour (event time), kept for the training history a retrain event names
 * ({@code training_history}, default 30 days: at most 721 hours x partitions offsets in the model
 * state). Part of {@link ModelState}, so it survives restarts and moves with the model.
 */
public class OffsetCheckpoints {
    static final long BUCKET_MS = 3_600_000L;

    /** Hour (epoch ms) to {first window start in it, then per partition its smallest first offset}. */
    public TreeMap<Long, Checkpoint> hours = new TreeMap<>();

    public static class Checkpoint {
        public long firstWindowStart = Long.MAX_VALUE;
        public TreeMap<Integer, Long> fromOffsets = new TreeMap<>();
    }

    /** A window closed with these offset ranges (partition to {from, to}); hours older than keepMs before it go. */
    void record(long windowStart, Map<Integer, long[]> offsets, long keepMs) {
        if (offsets.isEmpty()) {
            return;
        }
        Checkpoint c = hours.computeIfAbsent(Math.floorDiv(windowStart, BUCKET_MS) * BUCKET_MS, h -> new Checkpoint());
        c.firstWindowStart = Math.min(c.firstWindowStart, windowStart);
        offsets.forEach((partition, range) -> c.fromOffsets.merge(partition, range[0], Math::min));
        hours.headMap(Math.floorDiv(windowStart - keepMs, BUCKET_MS) * BUCKET_MS - BUCKET_MS).clear();
    }

    /** A history range: per partition {from offset, to offset} inclusive, and the time it starts. */
    record History(TreeMap<Integer, long[]> ranges, long fromTime, boolean truncated) {
    }

    /**
     * The history before {@code recentFromTime}: from the first hour at or after
     * {@code recentFromTime - historyMs} up to the offset before each partition's recent range.
     * Null when no hour before the recent windows is known.
     */
    History before(long recentFromTime, Map<Integer, Long> recentFromOffsets, long historyMs) {
        long requested = recentFromTime - historyMs;
        Map.Entry<Long, Checkpoint> first = hours.ceilingEntry(Math.floorDiv(requested, BUCKET_MS) * BUCKET_MS);
        while (first != null && first.getValue().firstWindowStart < requested) {
            first = hours.higherEntry(first.getKey());
        }
        if (first == null || first.getValue().firstWindowStart >= recentFromTime) {
            return null;
        }
        TreeMap<Integer, long[]> ranges = new TreeMap<>();
        List<Integer> partitions = new ArrayList<>(first.getValue().fromOffsets.keySet());
        for (int p : partitions) {
            long from = first.getValue().fromOffsets.get(p);
            Long recent = recentFromOffsets.get(p);
            long to = recent == null ? Long.MAX_VALUE : recent - 1;
            if (recent == null) {
                continue; // no recent range on this partition: its history end is unknown here
            }
            if (to >= from) {
                ranges.put(p, new long[] {from, to});
            }
        }
        long fromTime = first.getValue().firstWindowStart;
        return ranges.isEmpty() ? null : new History(ranges, fromTime, fromTime > requested + BUCKET_MS);
    }
}
