package io.driftmonitor.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/**
 * Scores a detector's alarms on one series against its labelled drift intervals.
 *
 * <p>Each interval [from, to) is extended by {@code tolerance} windows after its end (never into
 * the next interval nor past the last window): a detector that needs a window or two to be sure is
 * not charged with a false alarm for it. An alarm inside an extended interval is a true positive;
 * any other alarm is a false alarm. An interval is detected when an alarm falls inside its extended
 * range; its delay is the windows from its start to that first alarm (0: the first drifted window
 * itself alarmed). False alarms are counted per 1,000 windows outside every extended interval.
 */
public final class Scorer {
    private Scorer() {
    }

    /**
     * @param alarms    windows (0 .. windows - 1) with an alarm
     * @param intervals the series' drift intervals, sorted and disjoint, within the windows
     * @param windows   windows judged
     * @param tolerance windows after an interval's end whose alarms still count for it
     */
    public static Score score(SortedSet<Integer> alarms, List<DriftInterval> intervals, int windows, int tolerance) {
        if (tolerance < 0) {
            throw new IllegalArgumentException("--tolerance: must not be negative, got " + tolerance);
        }
        if (!alarms.isEmpty() && (alarms.first() < 0 || alarms.last() >= windows)) {
            throw new IllegalArgumentException("alarms must be windows 0 to " + (windows - 1) + ", got " + alarms);
        }
        int[] ends = new int[intervals.size()];
        int covered = 0;
        for (int i = 0; i < intervals.size(); i++) {
            DriftInterval d = intervals.get(i);
            if (d.to() > windows || (i > 0 && d.from() < intervals.get(i - 1).to())) {
                throw new IllegalArgumentException("intervals must be sorted, disjoint and within " + windows + " windows: " + intervals);
            }
            int next = i + 1 < intervals.size() ? intervals.get(i + 1).from() : windows;
            ends[i] = Math.min(d.to() + tolerance, next);
            covered += ends[i] - d.from();
        }
        int truePositives = 0;
        int detected = 0;
        List<Integer> delays = new ArrayList<>();
        for (int i = 0; i < intervals.size(); i++) {
            SortedSet<Integer> inside = alarms.subSet(intervals.get(i).from(), ends[i]);
            truePositives += inside.size();
            if (!inside.isEmpty()) {
                detected++;
                delays.add(inside.first() - intervals.get(i).from());
            }
        }
        return new Score(windows, alarms.size(), truePositives, alarms.size() - truePositives, intervals.size(), detected,
            windows - covered, delays);
    }
}
