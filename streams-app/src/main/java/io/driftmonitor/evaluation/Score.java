package io.driftmonitor.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts behind a detector's scores on one or more series; scores of several series add up
 * ({@link #plus}), so a pooled row is the same arithmetic over more windows.
 *
 * @param windows        windows judged
 * @param alarms         windows with an alarm
 * @param truePositives  alarms inside a drift interval or within the tolerance after it
 * @param falseAlarms    the other alarms
 * @param intervals      labelled drift intervals
 * @param detected       intervals with at least one alarm (inside, or within the tolerance after)
 * @param noDriftWindows windows outside every interval and its tolerance
 * @param delays         per detected interval, windows from its start to its first alarm
 */
public record Score(int windows, int alarms, int truePositives, int falseAlarms, int intervals, int detected,
                    int noDriftWindows, List<Integer> delays) {
    public Score {
        delays = List.copyOf(delays);
        if (truePositives + falseAlarms != alarms || detected > intervals || delays.size() != detected) {
            throw new IllegalArgumentException("inconsistent counts: " + alarms + " alarms, " + truePositives + " + "
                + falseAlarms + ", " + detected + " of " + intervals + " intervals, " + delays.size() + " delays");
        }
    }

    public Score plus(Score o) {
        List<Integer> all = new ArrayList<>(delays);
        all.addAll(o.delays);
        return new Score(windows + o.windows, alarms + o.alarms, truePositives + o.truePositives, falseAlarms + o.falseAlarms,
            intervals + o.intervals, detected + o.detected, noDriftWindows + o.noDriftWindows, all);
    }

    /** True positives over alarms; null without alarms. */
    public Double precision() {
        return alarms == 0 ? null : (double) truePositives / alarms;
    }

    /** Detected intervals over intervals; null without intervals. */
    public Double recall() {
        return intervals == 0 ? null : (double) detected / intervals;
    }

    /** False alarms per 1,000 windows without drift; null without such windows. */
    public Double falseAlarmsPer1000() {
        return noDriftWindows == 0 ? null : 1000.0 * falseAlarms / noDriftWindows;
    }

    /** Mean detection delay in windows over the detected intervals; null when none was detected. */
    public Double meanDelay() {
        return delays.isEmpty() ? null : delays.stream().mapToInt(Integer::intValue).average().orElseThrow();
    }

    public Integer maxDelay() {
        return delays.isEmpty() ? null : delays.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /** The counts and scores with snake_case names (scores rounded to 4 places; null where undefined). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windows", windows);
        m.put("alarms", alarms);
        m.put("true_positives", truePositives);
        m.put("false_alarms", falseAlarms);
        m.put("intervals", intervals);
        m.put("detected", detected);
        m.put("no_drift_windows", noDriftWindows);
        m.put("precision", round(precision()));
        m.put("recall", round(recall()));
        m.put("false_alarms_per_1000_windows", round(falseAlarmsPer1000()));
        m.put("mean_delay_windows", round(meanDelay()));
        m.put("max_delay_windows", maxDelay());
        m.put("delays", delays);
        return m;
    }

    private static Double round(Double v) {
        return v == null ? null : Math.round(v * 10_000) / 10_000.0;
    }
}
