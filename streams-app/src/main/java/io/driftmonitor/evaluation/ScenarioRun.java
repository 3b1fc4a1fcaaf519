package io.driftmonitor.evaluation;

import java.util.List;
import java.util.Map;

/**
 * What the topology emitted for one scenario, as plain JSON objects (the output topics' values).
 *
 * @param firstWindowStart start of the scenario's window 0
 * @param windowMillis     window size
 * @param predictions      predictions fed (the reference sample of the baseline not included)
 * @param seconds          time the replay took
 */
public record ScenarioRun(Scenario scenario, long firstWindowStart, long windowMillis, long predictions,
                          List<Map<String, Object>> driftEvents, List<Map<String, Object>> windowReports,
                          List<Map<String, Object>> retrainEvents, double seconds) {
    public ScenarioRun {
        driftEvents = List.copyOf(driftEvents);
        windowReports = List.copyOf(windowReports);
        retrainEvents = List.copyOf(retrainEvents);
    }

    /** The scenario's index of the window starting at {@code windowStart}. */
    public int windowIndex(long windowStart) {
        return (int) Math.floorDiv(windowStart - firstWindowStart, windowMillis);
    }

    /** Scenario windows the topology closed and reported (all of them, when the replay went right). */
    public long windowsClosed() {
        return windowReports.stream().map(r -> r.get("window_start")).filter(Number.class::isInstance)
            .mapToInt(s -> windowIndex(((Number) s).longValue())).filter(i -> i >= 0 && i < scenario.windows()).distinct().count();
    }
}
