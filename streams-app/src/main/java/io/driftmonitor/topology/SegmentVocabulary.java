package io.driftmonitor.topology;

import java.util.Map;
import java.util.TreeSet;

import io.driftmonitor.promotion.Roles;

/**
 * The named values of each segment key of one model, decided in one place: level 2, which owns the
 * model, from the partials as they are merged. The first {@code max_segment_values} distinct values of
 * a key that reach the model are named, for good (the set is part of the model state, changelogged,
 * so it survives restarts and moves with the model); every later value is counted as
 * {@code key=__other__}. Level 1 only passes the raw values on, so a value lands in the same bucket
 * whichever input partition it first appears on.
 *
 * <p>Plain Java over the map the model state holds (key to named values).
 */
final class SegmentVocabulary {
    static final String OTHER = "__other__";
    /**
     * Values of one key a level-1 task passes on per window before it folds the rest itself: a memory
     * guard far above {@code max_segment_values}, reached only by keys of very high cardinality (then
     * a data-quality event names the key).
     */
    static final int LEVEL_ONE_GUARD_FACTOR = 10;

    private SegmentVocabulary() {
    }

    /** What a segment of the form {@code key=value} is counted as; the whole model and role segments pass unchanged. */
    static Admission admit(Map<String, TreeSet<String>> named, String segment, int maxValues) {
        int eq = segment.indexOf('=');
        if (segment.isEmpty() || eq < 0 || Roles.isRoleSegment(segment)) {
            return new Admission(segment, false);
        }
        String key = segment.substring(0, eq);
        String value = segment.substring(eq + 1);
        if (value.equals(OTHER)) {
            return new Admission(segment, true);
        }
        TreeSet<String> values = named.computeIfAbsent(key, k -> new TreeSet<>());
        if (values.contains(value)) {
            return new Admission(segment, false);
        }
        if (values.size() < maxValues) {
            values.add(value);
            return new Admission(segment, false);
        }
        return new Admission(key + "=" + OTHER, true);
    }

    /** The segment name a tag (or feature) key and value are counted under at level 1. */
    static String segmentName(String key, String value) {
        return tagKey(key) + "=" + value;
    }

    /**
     * A tag named like the role key ({@code deployment}) is an ordinary segment dimension, never a
     * role: it is named {@code tag:deployment=<value>}, so that it cannot be mistaken for the role
     * segments {@code deployment=<role>} that the {@code deployment} field alone sets.
     */
    static String tagKey(String key) {
        return key.equals(Roles.SEGMENT_KEY) ? "tag:" + key : key;
    }

    /**
     * The result of an admission: the segment counted, and whether it is the overflow bucket (the
     * key's bound was reached, which the window reports as a data-quality event).
     */
    record Admission(String segment, boolean overflow) {
        String key() {
            int eq = segment.indexOf('=');
            return eq < 0 ? segment : segment.substring(0, eq);
        }
    }
}
