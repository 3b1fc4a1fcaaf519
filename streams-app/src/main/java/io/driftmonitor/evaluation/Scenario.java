package io.driftmonitor.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A replayable stream with known drift: what drifts ({@link Kind}), in which windows (the labelled
 * intervals), how strongly in each window ({@link #intensity}), and which signals that changes — the
 * ground truth a detector is scored against.
 *
 * <p>The data ({@link SyntheticPredictions}): numeric features {@code amount} (log-normal),
 * {@code age} (normal) and {@code distance} (exponential, never drifts: a control), a categorical
 * {@code merchant}, a tag {@code country} (the segment key), and a score that depends on amount, age
 * and merchant, with its predicted label. A drift of a feature the score depends on also changes
 * {@code score} and {@code prediction}.
 *
 * @param windows   windows judged (after the reference window the baseline is built from)
 * @param intervals the labelled drift intervals, sorted and disjoint
 */
public record Scenario(String name, Kind kind, int windows, List<DriftInterval> intervals) {
    /** The segment the segment-only scenario drifts in. */
    public static final String DRIFTING_SEGMENT = "country=DE";
    public static final List<String> NAMES = List.of("abrupt", "gradual", "recurring", "segment", "none");

    /** What drifts. */
    public enum Kind {
        /** {@code amount} shifts by 0.8 standard deviations (log scale) at once, to the end. */
        ABRUPT("amount"),
        /** {@code age} shifts linearly over half of the windows up to 1 standard deviation, then stays. */
        GRADUAL("age"),
        /** The merchant mix changes (travel from 15 % to 45 %) in short repeated intervals. */
        RECURRING("merchant"),
        /** {@code amount} shifts by 1 standard deviation in country DE only, to the end. */
        SEGMENT("amount"),
        /** Nothing drifts. */
        NONE(null);

        private final String feature;

        Kind(String feature) {
            this.feature = feature;
        }

        /** The feature this kind of drift moves, null for none. */
        public String feature() {
            return feature;
        }
    }

    public Scenario {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a scenario needs a name");
        }
        if (windows < 1) {
            throw new IllegalArgumentException("scenario " + name + ": needs at least one window");
        }
        intervals = List.copyOf(intervals);
        for (int i = 0; i < intervals.size(); i++) {
            DriftInterval d = intervals.get(i);
            if (d.to() > windows) {
                throw new IllegalArgumentException("scenario " + name + ": interval " + d + " ends after window " + windows);
            }
            if (i > 0 && d.from() < intervals.get(i - 1).to()) {
                throw new IllegalArgumentException("scenario " + name + ": intervals must be sorted and disjoint");
            }
        }
        if ((kind == Kind.NONE) != intervals.isEmpty()) {
            throw new IllegalArgumentException("scenario " + name + ": drift intervals and kind " + kind + " disagree");
        }
    }

    /**
     * One of the standard scenarios over {@code windows} windows (at least 8): abrupt (from the
     * middle on), gradual (a ramp from a quarter to three quarters, then held), recurring (three
     * intervals of an eighth each, a quarter apart), segment (from the middle on, in DE), none.
     */
    public static Scenario standard(String name, int windows) {
        if (windows < 8) {
            throw new IllegalArgumentException("--windows: at least 8 per scenario, got " + windows);
        }
        String key = name.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "abrupt" -> new Scenario(key, Kind.ABRUPT, windows, List.of(new DriftInterval(windows / 2, windows)));
            case "gradual" -> new Scenario(key, Kind.GRADUAL, windows, List.of(new DriftInterval(windows / 4, windows)));
            case "recurring" -> {
                int period = windows / 4;
                int length = Math.max(1, windows / 8);
                List<DriftInterval> on = new ArrayList<>();
                for (int start = period; start + length <= windows; start += period) {
                    on.add(new DriftInterval(start, start + length));
                }
                yield new Scenario(key, Kind.RECURRING, windows, on);
            }
            case "segment" -> new Scenario(key, Kind.SEGMENT, windows, List.of(new DriftInterval(windows / 2, windows)));
            case "none" -> new Scenario(key, Kind.NONE, windows, List.of());
            default -> throw new IllegalArgumentException("unknown scenario '" + name + "'; one of " + String.join(", ", NAMES));
        };
    }

    /** How much of the full drift window {@code w} holds: 0 (none) to 1. */
    public double intensity(int window) {
        DriftInterval in = intervals.stream().filter(d -> d.contains(window)).findFirst().orElse(null);
        if (in == null) {
            return 0;
        }
        if (kind == Kind.GRADUAL) {
            // a ramp over half of the windows from the interval start, then held
            double ramp = Math.max(1, windows / 2.0);
            return Math.min(1, (window - in.from() + 1) / ramp);
        }
        return 1;
    }

    /**
     * Whether this scenario's drift changes the distribution of a signal in a segment (null: the
     * whole model): its feature, and the score and predicted label that depend on it; in every
     * segment, or for the segment scenario in DE and in the whole model (a share of it).
     */
    public boolean affects(String signal, String segment) {
        if (kind == Kind.NONE) {
            return false;
        }
        boolean signalChanges = Set.of("feature:" + kind.feature(), "score", "prediction").contains(signal);
        if (!signalChanges) {
            return false;
        }
        return kind != Kind.SEGMENT || segment == null || segment.equals(DRIFTING_SEGMENT);
    }

    /** The labelled intervals of a signal in a segment: the scenario's, where it changes that signal; else none. */
    public List<DriftInterval> intervalsOf(String signal, String segment) {
        return affects(signal, segment) ? intervals : List.of();
    }
}
