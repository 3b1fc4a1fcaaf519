package io.driftmonitor.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftmonitor.stats.Cusum;
import io.driftmonitor.stats.PageHinkley;
import org.junit.jupiter.api.Test;

/** Retrain rules whose windows breach while a sequential detector (Page-Hinkley, CUSUM) over the metric's series alarms. */
class DetectorRuleTest {
    private static final long W = 60_000;

    private static RetrainPolicy policy(RetrainPolicy.Rule rule) {
        return new RetrainPolicy("p", RetrainPolicy.Mode.DYNAMIC, List.of(rule), RetrainPolicy.Combine.ANY, 0, 0, 200, 0, 0,
            true, null);
    }

    private static RetrainPolicy.Rule rule(String metric, RetrainPolicy.Direction direction, Detector detector) {
        return new RetrainPolicy.Rule("score", null, metric, null, direction, 1, 100, detector);
    }

    /** PSI per window: in control near 0.02 for {@code before} windows, then near {@code shifted}. */
    private static List<Double> series(long seed, int before, int after, double shifted) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i < before + after; i++) {
            xs.add((i < before ? 0.02 : shifted) + 0.01 * r.nextDouble());
        }
        return xs;
    }

    private static SignalVerdict verdict(String metric, double value, long n) {
        return new SignalVerdict("score", null, metric, value, 0.25, false, true, n);
    }

    /** The windows (indices) at which the engine fires on the series. */
    private static List<Integer> fired(RetrainPolicyEngine engine, PolicyState state, String metric, List<Double> xs,
                                       List<RetrainDecision> decisions) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            Optional<RetrainDecision> d = engine.onWindowClosed(state, i * W, (i + 1) * W, List.of(verdict(metric, xs.get(i), 500)));
            if (d.isPresent()) {
                at.add(i);
                decisions.add(d.get());
            }
        }
        return at;
    }

    @Test
    void shouldFireWherePageHinkleyOnTheSeriesFirstAlarmsAndNeverBefore() {
        Detector ph = Detector.of("page_hinkley", null, null, null, null, null, null);
        List<Double> xs = series(1, 20, 10, 0.3);
        PageHinkley oracle = new PageHinkley(ph.delta(), ph.lambda(), ph.minWindows());
        int first = -1;
        for (int i = 0; i < xs.size() && first < 0; i++) {
            if (oracle.update(xs.get(i))) {
                first = i;
            }
        }
        assertThat(first).as("the detector needs a couple of drifted windows").isBetween(20, 23);

        List<RetrainDecision> decisions = new ArrayList<>();
        List<Integer> at = fired(new RetrainPolicyEngine("m", policy(rule("psi", null, ph))), new PolicyState(), "psi", xs,
            decisions);
        assertThat(at).isNotEmpty();
        assertThat(at.get(0)).isEqualTo(first);
        RetrainDecision.Reason reason = decisions.get(0).reasons().get(0);
        assertThat(reason.metric()).isEqualTo("psi:page_hinkley");
        assertThat(reason.threshold()).isEqualTo(0.5);
        assertThat(reason.value()).isGreaterThan(0.5);
        assertThat(reason.rule()).isEqualTo("score psi page_hinkley(delta 0.01, lambda 0.5) in 1 window (n >= 100)");
        assertThat(reason.windowStarts()).as("the excursion begins at the change").first().isEqualTo(20 * W);
        assertThat(decisions.get(0).trigger()).isEqualTo(Trigger.DRIFT);
    }

    @Test
    void shouldNotFireOnAnInControlSeries() {
        Detector ph = Detector.of("page_hinkley", null, null, null, null, null, null);
        Detector cusum = Detector.of("cusum", null, null, null, null, null, null);
        for (Detector d : List.of(ph, cusum)) {
            assertThat(fired(new RetrainPolicyEngine("m", policy(rule("psi", null, d))), new PolicyState(), "psi",
                series(2, 200, 0, 0), new ArrayList<>())).as(d.describe()).isEmpty();
        }
    }

    @Test
    void shouldFireACusumOnAFallingEstimateWithALearnedTargetAndResetAfterFiring() {
        Detector cusum = Detector.of("cusum", null, null, 0.01, 0.1, null, 5);
        // estimated accuracy 0.90 (+-0.005), falling to 0.80 at window 10
        List<Double> xs = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 30; i++) {
            xs.add((i < 10 ? 0.90 : 0.80) + 0.01 * (r.nextDouble() - 0.5));
        }
        Cusum oracle = null;
        double warm = 0;
        int first = -1;
        for (int i = 0; i < xs.size() && first < 0; i++) {
            if (i < 5) {
                warm -= xs.get(i);
                if (i == 4) {
                    oracle = new Cusum(warm / 5, 0.01, 0.1);
                }
            } else if (oracle.update(-xs.get(i)) && oracle.upwardAlarm()) {
                first = i;
            }
        }
        assertThat(first).isBetween(10, 12);
        PolicyState state = new PolicyState();
        List<Integer> at = fired(new RetrainPolicyEngine("m", policy(rule("performance_estimate:accuracy",
            RetrainPolicy.Direction.BELOW, cusum))), state, "performance_estimate:accuracy", xs, new ArrayList<>());
        // reset on firing: the detector learns the new level as its target and stays quiet on it
        assertThat(at).containsExactly(first);
        assertThat(state.detectors).hasSize(1);
    }

    @Test
    void shouldSkipWindowsWithTooFewSamples() {
        Detector ph = Detector.of("page_hinkley", null, null, null, null, null, 1);
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", policy(rule("psi", null, ph)));
        PolicyState state = new PolicyState();
        for (int i = 0; i < 5; i++) {
            assertThat(engine.onWindowClosed(state, i * W, (i + 1) * W, List.of(verdict("psi", 5.0, 10)))).isEmpty();
        }
        assertThat(state.detectors.values()).singleElement().satisfies(d -> assertThat(d.count).isZero());
    }

    @Test
    void shouldRestoreDetectorStateFromItsStoredFormAndContinueAsIfNeverInterrupted() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (Detector d : List.of(Detector.of("page_hinkley", 0.005, 0.3, null, null, null, null),
                Detector.of("cusum", null, null, 0.02, 0.3, null, 4))) {
            List<Double> xs = series(4, 15, 10, 0.25);
            RetrainPolicyEngine engine = new RetrainPolicyEngine("m", policy(rule("psi", null, d)));
            List<RetrainDecision> straight = new ArrayList<>();
            PolicyState uninterrupted = new PolicyState();
            List<Integer> expected = fired(engine, uninterrupted, "psi", xs, straight);
            assertThat(expected).as(d.describe()).isNotEmpty();

            PolicyState state = new PolicyState();
            List<Integer> restarted = new ArrayList<>();
            for (int i = 0; i < xs.size(); i++) {
                state = json.readValue(json.writeValueAsBytes(state), PolicyState.class); // a crash before every window
                if (engine.onWindowClosed(state, i * W, (i + 1) * W, List.of(verdict("psi", xs.get(i), 500))).isPresent()) {
                    restarted.add(i);
                }
            }
            assertThat(restarted).isEqualTo(expected);
            assertThat(json.writeValueAsString(state)).isEqualTo(json.writeValueAsString(uninterrupted));
        }
    }

    @Test
    void shouldForgetDetectorStateWhenTheModelVersionChanges() {
        Detector ph = Detector.of("page_hinkley", null, null, null, null, null, null);
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", policy(rule("psi", null, ph)));
        PolicyState state = new PolicyState();
        engine.onModelVersion(state, "v1", 0);
        fired(engine, state, "psi", series(5, 5, 0, 0), new ArrayList<>());
        assertThat(state.detectors).isNotEmpty();
        engine.onModelVersion(state, "v2", 6 * W);
        assertThat(state.detectors).isEmpty();
    }

    @Test
    void shouldRejectInvalidDetectorsNamingTheKey() {
        assertThatThrownBy(() -> Detector.of("adwin", null, null, null, null, null, null)).hasMessageStartingWith("detector:");
        assertThatThrownBy(() -> Detector.of("cusum", null, 1.0, null, null, null, null))
            .hasMessageStartingWith("lambda: is not a parameter of detector cusum");
        assertThatThrownBy(() -> Detector.of("page_hinkley", null, null, null, 2.0, null, null)).hasMessageStartingWith("h:");
        assertThatThrownBy(() -> Detector.of("page_hinkley", -1.0, null, null, null, null, null)).hasMessageStartingWith("delta:");
        assertThatThrownBy(() -> Detector.of("cusum", null, null, null, 0.0, null, null)).hasMessageStartingWith("h:");
        assertThatThrownBy(() -> Detector.of("cusum", null, null, null, null, null, 0)).hasMessageStartingWith("min_windows:");
        assertThatThrownBy(() -> new RetrainPolicy.Rule("performance", null, "performance:accuracy", null, null, 1, 0,
            Detector.of("cusum", null, null, null, null, null, null))).hasMessageStartingWith("detector:");
    }
}
