package io.driftmonitor.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** The scorer's arithmetic on hand-counted cases. */
class ScorerTest {
    private static TreeSet<Integer> alarms(Integer... windows) {
        return new TreeSet<>(List.of(windows));
    }

    @Test
    void shouldScoreNoAlarmsAsMissedWithoutPrecisionOrDelay() {
        // interval [5, 10) with tolerance 2 covers windows 5..11: 7 windows, 13 without drift
        Score s = Scorer.score(alarms(), List.of(new DriftInterval(5, 10)), 20, 2);
        assertThat(s.alarms()).isZero();
        assertThat(s.detected()).isZero();
        assertThat(s.noDriftWindows()).isEqualTo(13);
        assertThat(s.precision()).isNull();
        assertThat(s.recall()).isEqualTo(0.0);
        assertThat(s.falseAlarmsPer1000()).isEqualTo(0.0);
        assertThat(s.meanDelay()).isNull();
        assertThat(s.maxDelay()).isNull();
    }

    @Test
    void shouldCountAnAlarmBeforeTheIntervalAsAFalseAlarm() {
        Score s = Scorer.score(alarms(3), List.of(new DriftInterval(5, 10)), 20, 2);
        assertThat(s.falseAlarms()).isEqualTo(1);
        assertThat(s.truePositives()).isZero();
        assertThat(s.detected()).isZero();
        assertThat(s.precision()).isEqualTo(0.0);
        assertThat(s.recall()).isEqualTo(0.0);
        assertThat(s.falseAlarmsPer1000()).isCloseTo(1000.0 / 13, within(1e-9));
    }

    @Test
    void shouldCountAlarmsInsideAndWithinTheToleranceAfterTheIntervalAsDetections() {
        // [5, 10) + 2: alarms 6, 7 inside, 11 in the tolerance, 15 after it
        Score s = Scorer.score(alarms(6, 7, 11, 15), List.of(new DriftInterval(5, 10)), 20, 2);
        assertThat(s.truePositives()).isEqualTo(3);
        assertThat(s.falseAlarms()).isEqualTo(1);
        assertThat(s.precision()).isEqualTo(0.75);
        assertThat(s.recall()).isEqualTo(1.0);
        assertThat(s.delays()).containsExactly(1);
        assertThat(s.falseAlarmsPer1000()).isCloseTo(1000.0 / 13, within(1e-9));
    }

    @Test
    void shouldCountAnAlarmRightAfterTheIntervalAsFalseWithoutTolerance() {
        Score s = Scorer.score(alarms(10), List.of(new DriftInterval(5, 10)), 20, 0);
        assertThat(s.falseAlarms()).isEqualTo(1);
        assertThat(s.detected()).isZero();
        assertThat(s.noDriftWindows()).isEqualTo(15);
    }

    @Test
    void shouldScoreAnAlarmInTheFirstDriftedWindowWithDelayZero() {
        Score s = Scorer.score(alarms(5), List.of(new DriftInterval(5, 20)), 20, 2);
        assertThat(s.delays()).containsExactly(0);
        assertThat(s.noDriftWindows()).as("the tolerance stops at the last window").isEqualTo(5);
    }

    @Test
    void shouldGiveEachRecurringIntervalItsOwnAlarmsAndCutTheToleranceAtTheNextInterval() {
        // [2,4) [6,8) [12,14) of 16 windows, tolerance 3: covered [2,6) [6,11) [12,16) = 13 windows;
        // no drift: 0, 1, 11
        List<DriftInterval> intervals = List.of(new DriftInterval(2, 4), new DriftInterval(6, 8), new DriftInterval(12, 14));
        Score s = Scorer.score(alarms(1, 5, 6, 9, 13), intervals, 16, 3);
        assertThat(s.noDriftWindows()).isEqualTo(3);
        assertThat(s.truePositives()).isEqualTo(4);
        assertThat(s.falseAlarms()).isEqualTo(1);
        assertThat(s.detected()).isEqualTo(3);
        // 5 is late for [2,4) (delay 3); 6 belongs to [6,8), not to the tolerance of [2,4)
        assertThat(s.delays()).containsExactly(3, 0, 1);
        assertThat(s.meanDelay()).isCloseTo(4.0 / 3, within(1e-9));
        assertThat(s.maxDelay()).isEqualTo(3);
        assertThat(s.precision()).isEqualTo(0.8);
        assertThat(s.falseAlarmsPer1000()).isCloseTo(1000.0 / 3, within(1e-9));
    }

    @Test
    void shouldMissARecurrenceWhoseOnlyAlarmCameInTheIntervalBefore() {
        List<DriftInterval> intervals = List.of(new DriftInterval(2, 4), new DriftInterval(6, 8));
        Score s = Scorer.score(alarms(2, 3), intervals, 10, 1);
        assertThat(s.detected()).isEqualTo(1);
        assertThat(s.recall()).isEqualTo(0.5);
        assertThat(s.precision()).isEqualTo(1.0);
    }

    @Test
    void shouldScoreEveryAlarmAsFalseWithoutDrift() {
        Score s = Scorer.score(alarms(0, 39), List.of(), 40, 2);
        assertThat(s.falseAlarms()).isEqualTo(2);
        assertThat(s.recall()).isNull();
        assertThat(s.precision()).isEqualTo(0.0);
        assertThat(s.falseAlarmsPer1000()).isEqualTo(50.0);
    }

    @Test
    void shouldPoolCountsSoThatPooledRatesAreOverAllWindows() {
        Score a = Scorer.score(alarms(6), List.of(new DriftInterval(5, 10)), 20, 2);  // TP, delay 1, 13 no-drift windows
        Score b = Scorer.score(alarms(1, 2), List.of(), 20, 2);                        // 2 FA over 20 windows
        Score pooled = a.plus(b);
        assertThat(pooled.windows()).isEqualTo(40);
        assertThat(pooled.alarms()).isEqualTo(3);
        assertThat(pooled.precision()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(pooled.recall()).isEqualTo(1.0);
        assertThat(pooled.noDriftWindows()).isEqualTo(33);
        assertThat(pooled.falseAlarmsPer1000()).isCloseTo(2000.0 / 33, within(1e-9));
        assertThat(pooled.delays()).containsExactly(1);
    }

    @Test
    void shouldRefuseAlarmsOutsideTheWindowsAndBadIntervals() {
        assertThatThrownBy(() -> Scorer.score(alarms(20), List.of(), 20, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scorer.score(alarms(), List.of(new DriftInterval(5, 10)), 20, -1))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scorer.score(alarms(), List.of(new DriftInterval(5, 10), new DriftInterval(8, 12)), 20, 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scorer.score(alarms(), List.of(new DriftInterval(5, 25)), 20, 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DriftInterval(3, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
