package io.driftmonitor.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RetrainPolicyEngineTest {
    private static final long W = 60_000;
    private static final long HOUR = 3_600_000;
    private static final long DAY = 24 * HOUR;

    private static SignalVerdict psi(String signal, boolean drift) {
        return new SignalVerdict(signal, null, "psi", drift ? 0.4 : 0.01, 0.25, drift, true, 500);
    }

    private static SignalVerdict psiSegment(String signal, String segment, boolean drift) {
        return new SignalVerdict(signal, segment, "psi", drift ? 0.4 : 0.01, 0.25, drift, true, 500);
    }

    private static SignalVerdict accuracy(double value, long n) {
        return new SignalVerdict("performance", null, "performance:accuracy", value, Double.NaN, false, true, n);
    }

    private static RetrainPolicy policy(RetrainPolicy.Mode mode, List<RetrainPolicy.Rule> rules, RetrainPolicy.Combine combine,
                                        long cooldown, int budget, long schedule, long maxAge) {
        return new RetrainPolicy("p", mode, rules, combine, cooldown, budget, 200, schedule, maxAge, false, null);
    }

    private static RetrainPolicy.Rule rule(String signal, String segment, String metric, Double threshold,
                                           RetrainPolicy.Direction direction, int windows, long minSamples) {
        return new RetrainPolicy.Rule(signal, segment, metric, threshold, direction, windows, minSamples);
    }

    @Test
    void shouldTriggerOnTheDefaultRuleAfterTwoConsecutiveDriftingWindowsWithTheOldEventId() {
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", RetrainPolicy.defaultPolicy(2, HOUR, 50));
        PolicyState state = new PolicyState();

        assertThat(engine.onWindowClosed(state, 0, W, List.of(psi("feature:x", true), psi("score", false)))).isEmpty();
        RetrainDecision d = engine.onWindowClosed(state, W, 2 * W, List.of(psi("feature:x", true), psi("score", false))).orElseThrow();

        assertThat(d.trigger()).isEqualTo(Trigger.DRIFT);
        assertThat(d.policy()).isEqualTo("default-psi");
        assertThat(d.reasons()).singleElement().satisfies(r -> {
            assertThat(r.signal()).isEqualTo("feature:x");
            assertThat(r.windowStarts()).containsExactly(0L, W);
            assertThat(r.value()).isEqualTo(0.4);
            assertThat(r.threshold()).isEqualTo(0.25);
        });
        assertThat(d.windowStarts()).containsExactly(0L, W);
        assertThat(d.nextAllowedAt()).isEqualTo(2 * W + HOUR);
        assertThat(d.estimatedCost()).isEqualTo(50);
        assertThat(d.eventId()).isEqualTo(RetrainPolicyEngine.eventId("m", "default-psi", W, Trigger.DRIFT))
            .isEqualTo(java.util.UUID.nameUUIDFromBytes(("m|default-psi|" + W + "|drift").getBytes()).toString());
        assertThat(state.pendingRetrain.eventId).isEqualTo(d.eventId());
        assertThat(state.breachRuns).isEmpty();
    }

    @Test
    void shouldNotWatchPredictionOrSegmentsWithTheDefaultRule() {
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", RetrainPolicy.defaultPolicy(1, 0, 0));
        PolicyState state = new PolicyState();
        assertThat(engine.onWindowClosed(state, 0, W, List.of(psi("prediction", true), psi("label", true),
            psiSegment("feature:x", "country=DE", true)))).isEmpty();
        assertThat(engine.onWindowClosed(state, W, 2 * W, List.of(psi("scores:fraud", true)))).isPresent();
    }

    @Test
    void shouldEndARunOnAWindowWithoutDataOrAfterAGap() {
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", RetrainPolicy.defaultPolicy(2, 0, 0));
        PolicyState state = new PolicyState();
        engine.onWindowClosed(state, 0, W, List.of(psi("score", true)));
        SignalVerdict undecided = new SignalVerdict("score", null, "psi", Double.NaN, 0.25, false, false, 3);
        assertThat(engine.onWindowClosed(state, W, 2 * W, List.of(undecided))).isEmpty();
        assertThat(engine.onWindowClosed(state, 2 * W, 3 * W, List.of(psi("score", true)))).isEmpty();
        // a gap of one window: not consecutive
        assertThat(engine.onWindowClosed(state, 4 * W, 5 * W, List.of(psi("score", true)))).isEmpty();
        assertThat(engine.onWindowClosed(state, 5 * W, 6 * W, List.of(psi("score", true)))).isPresent();
    }

    @Test
    void shouldIgnoreAWindowSeenBefore() {
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", RetrainPolicy.defaultPolicy(1, 0, 0));
        PolicyState state = new PolicyState();
        assertThat(engine.onWindowClosed(state, 0, W, List.of(psi("score", true)))).isPresent();
        assertThat(engine.onWindowClosed(state, 0, W, List.of(psi("score", true)))).isEmpty();
        assertThat(state.triggers).isEqualTo(1);
    }

    @Test
    void shouldHoldATriggerDuringTheCooldownAndFireWhenItEndsIfTheCauseLasts() {
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", RetrainPolicy.defaultPolicy(1, 3 * W, 0));
        PolicyState state = new PolicyState();
        List<Long> fired = new ArrayList<>();
        for (long w = 0; w < 8; w++) {
            engine.onWindowClosed(state, w * W, (w + 1) * W, List.of(psi("score", true))).ifPresent(d -> fired.add(d.decidedAt()));
        }
        assertThat(fired).containsExactly(W, 4 * W, 7 * W);
    }

    @Test
    void shouldKeepToTheWeeklyBudget() {
        RetrainPolicy p = policy(RetrainPolicy.Mode.DYNAMIC, List.of(RetrainPolicy.defaultRule(1)), null, 0, 2, 0, 0);
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", p);
        PolicyState state = new PolicyState();
        List<Long> fired = new ArrayList<>();
        for (long d = 0; d < 10; d++) {
            engine.onWindowClosed(state, d * DAY, d * DAY + DAY, List.of(psi("score", true))).ifPresent(x -> fired.add(x.decidedAt()));
        }
        // days 1 and 2 spend the budget; the next fits when the first leaves the 7-day span
        assertThat(fired).containsExactly(DAY, 2 * DAY, 8 * DAY, 9 * DAY);
    }

    @Test
    void shouldJudgeExplicitThresholdsInTheirDirectionWithAMinimumSampleSize() {
        RetrainPolicy p = policy(RetrainPolicy.Mode.DYNAMIC,
            List.of(rule("performance", null, "performance:accuracy", 0.8, RetrainPolicy.Direction.BELOW, 1, 100)), null, 0, 0, 0, 0);
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", p);
        PolicyState state = new PolicyState();
        assertThat(engine.onWindowClosed(state, 0, W, List.of(accuracy(0.9, 500)))).isEmpty();
        assertThat(engine.onWindowClosed(state, W, 2 * W, List.of(accuracy(0.7, 20)))).as("too few labels").isEmpty();
        RetrainDecision d = engine.onWindowClosed(state, 2 * W, 3 * W, List.of(accuracy(0.8, 500))).orElseThrow();
        assertThat(d.trigger()).isEqualTo(Trigger.PERFORMANCE);
        assertThat(d.reasons()).singleElement().satisfies(r -> {
            assertThat(r.metric()).isEqualTo("performance:accuracy");
            assertThat(r.threshold()).isEqualTo(0.8);
            assertThat(r.rule()).isEqualTo("performance performance:accuracy <= 0.8 in 1 window (n >= 100)");
        });
    }

    @Test
    void shouldTrackEverySegmentOnItsOwnAndCallItASegmentTrigger() {
        RetrainPolicy p = policy(RetrainPolicy.Mode.DYNAMIC,
            List.of(rule("score", "*", "psi", 0.2, RetrainPolicy.Direction.ABOVE, 2, 0)), null, 0, 0, 0, 0);
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", p);
        PolicyState state = new PolicyState();
        assertThat(engine.onWindowClosed(state, 0, W, List.of(psiSegment("score", "country=DE", true),
            psiSegment("score", "country=FR", false), psi("score", true)))).isEmpty();
        assertThat(engine.onWindowClosed(state, W, 2 * W, List.of(psiSegment("score", "country=DE", false),
            psiSegment("score", "country=FR", true), psi("score", true)))).as("runs are per segment").isEmpty();
        RetrainDecision d = engine.onWindowClosed(state, 2 * W, 3 * W, List.of(psiSegment("score", "country=DE", false),
            psiSegment("score", "country=FR", true))).orElseThrow();
        assertThat(d.trigger()).isEqualTo(Trigger.SEGMENT);
        assertThat(d.reasons()).singleElement().satisfies(r -> assertThat(r.segment()).isEqualTo("country=FR"));
    }

    @Test
    void shouldNeedEveryRuleInTheSameWindowWhenCombiningWithAll() {
        RetrainPolicy p = policy(RetrainPolicy.Mode.DYNAMIC, List.of(
            rule("feature:*", null, "psi", 0.25, RetrainPolicy.Direction.ABOVE, 1, 0),
            rule("performance", null, "performance:accuracy", 0.8, RetrainPolicy.Direction.BELOW, 1, 0)),
            RetrainPolicy.Combine.ALL, 0, 0, 0, 0);
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", p);
        PolicyState state = new PolicyState();
        assertThat(engine.onWindowClosed(state, 0, W, List.of(psi("feature:a", true), accuracy(0.9, 10)))).isEmpty();
        assertThat(engine.onWindowClosed(state, W, 2 * W, List.of(psi("feature:a", false), accuracy(0.7, 10)))).isEmpty();
        RetrainDecision d = engine.onWindowClosed(state, 2 * W, 3 * W, List.of(psi("feature:a", true), accuracy(0.7, 10))).orElseThrow();
        assertThat(d.trigger()).as("the first rule that fired names the trigger").isEqualTo(Trigger.DRIFT);
        assertThat(d.reasons()).extracting(RetrainDecision.Reason::signal).containsExactly("feature:a", "performance");
    }

    @Test
    void shouldFireAFixedScheduleOncePerSlot() {
        RetrainPolicy p = policy(RetrainPolicy.Mode.FIXED, List.of(), null, 0, 0, DAY, 0);
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", p);
        PolicyState state = new PolicyState();
        List<Long> fired = new ArrayList<>();
        for (long h = 5; h < 24 * 3 + 5; h++) {
            engine.onWindowClosed(state, h * HOUR, (h + 1) * HOUR, List.of(psi("score", true)))
                .ifPresent(d -> {
                    assertThat(d.trigger()).isEqualTo(Trigger.SCHEDULE);
                    fired.add(d.decidedAt());
                });
        }
        assertThat(fired).containsExactly(DAY, 2 * DAY, 3 * DAY);
    }

    @Test
    void shouldRetrainAHybridModelWhenItGetsTooOld() {
        RetrainPolicy p = policy(RetrainPolicy.Mode.HYBRID, List.of(RetrainPolicy.defaultRule(2)), null, 0, 0, 0, 2 * DAY);
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", p);
        PolicyState state = new PolicyState();
        List<RetrainDecision> fired = new ArrayList<>();
        for (long h = 0; h < 24 * 6; h++) {
            engine.onWindowClosed(state, h * HOUR, (h + 1) * HOUR, List.of(psi("score", h == 30 || h == 31)))
                .ifPresent(fired::add);
        }
        assertThat(fired).extracting(RetrainDecision::trigger)
            .containsExactly(Trigger.DRIFT, Trigger.SCHEDULE, Trigger.SCHEDULE);
        assertThat(fired).extracting(RetrainDecision::decidedAt).containsExactly(32 * HOUR, 80 * HOUR, 128 * HOUR);
    }

    @Test
    void shouldAcceptAManualRequestOnceDespiteTheCooldownButNotBeyondTheBudget() {
        RetrainPolicy p = policy(RetrainPolicy.Mode.DYNAMIC, List.of(RetrainPolicy.defaultRule(1)), null, DAY, 2, 0, 0);
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", p);
        PolicyState state = new PolicyState();
        engine.onWindowClosed(state, 0, W, List.of(psi("score", true))).orElseThrow();

        ManualOutcome first = engine.onManualRequest(state, "req-1", 2 * W, "new labels from the audit");
        assertThat(first.accepted()).isTrue();
        assertThat(first.decision().trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(first.decision().reasons()).singleElement()
            .satisfies(r -> assertThat(r.rule()).isEqualTo("new labels from the audit"));
        assertThat(first.eventId()).isEqualTo(RetrainPolicyEngine.manualEventId("m", "p", "req-1"));

        ManualOutcome again = engine.onManualRequest(state, "req-1", 3 * W, null);
        assertThat(again.status()).isEqualTo(ManualOutcome.Status.DUPLICATE);
        assertThat(again.eventId()).isEqualTo(first.eventId());

        ManualOutcome third = engine.onManualRequest(state, "req-2", 4 * W, null);
        assertThat(third.status()).isEqualTo(ManualOutcome.Status.REFUSED);
        assertThat(third.detail()).contains("max_retrains_per_week");
        assertThat(state.triggers).isEqualTo(2);
    }

    @Test
    void shouldRecordANewModelVersionAsTheResultOfThePendingRetrainAndStartAfresh() {
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", RetrainPolicy.defaultPolicy(2, 0, 0));
        PolicyState state = new PolicyState();
        assertThat(engine.onModelVersion(state, "v1", 0)).as("first version is only noted").isEmpty();
        engine.onWindowClosed(state, 0, W, List.of(psi("score", true)));
        RetrainDecision d = engine.onWindowClosed(state, W, 2 * W, List.of(psi("score", true))).orElseThrow();
        assertThat(state.pendingRetrain.modelVersion).isEqualTo("v1");
        engine.onWindowClosed(state, 2 * W, 3 * W, List.of(psi("score", true)));
        assertThat(engine.onModelVersion(state, "v1", 3 * W)).isEmpty();

        ModelVersionChange change = engine.onModelVersion(state, "v2", 3 * W).orElseThrow();
        assertThat(change.previousVersion()).isEqualTo("v1");
        assertThat(change.answered().eventId).isEqualTo(d.eventId());
        assertThat(change.answered().deployedAt).isEqualTo(3 * W);
        assertThat(change.baseline()).isEqualTo(RetrainPolicy.BaselineOnNewVersion.FIRST_WINDOW);
        assertThat(state.pendingRetrain).isNull();
        assertThat(state.breachRuns).isEmpty();
        assertThat(state.lastRetrainAt).isEqualTo(3 * W);
        assertThat(engine.onWindowClosed(state, 3 * W, 4 * W, List.of(psi("score", true))))
            .as("the run before the new version does not count").isEmpty();
    }

    @Test
    void shouldRoundTripItsStateThroughPlainJson() throws Exception {
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", RetrainPolicy.defaultPolicy(2, HOUR, 0));
        PolicyState state = new PolicyState();
        engine.onModelVersion(state, "v1", 0);
        engine.onWindowClosed(state, 0, W, List.of(psi("score", true)));
        engine.onWindowClosed(state, W, 2 * W, List.of(psi("score", true)));
        engine.onManualRequest(state, "r", 3 * W, "x");
        engine.onModelVersion(state, "v2", 4 * W);
        engine.onWindowClosed(state, 4 * W, 5 * W, List.of(psi("score", true)));

        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(state);
        PolicyState back = mapper.readValue(json, PolicyState.class);
        assertThat(mapper.writeValueAsString(back)).isEqualTo(json);
        assertThat(mapper.writeValueAsString(state.copy())).isEqualTo(json);
        assertThat(back.formatVersion).isEqualTo(PolicyState.FORMAT_VERSION);
        assertThat(json).contains("\"breachRuns\":{\"0|score|\":[" + 4 * W + "]}");
    }

    @Test
    void shouldReadTheStateOfTheFirstFormat() throws Exception {
        String old = "{\"breachRuns\":{\"feature:x\":[0]},\"nextAllowedAt\":5,\"lastWindowStart\":0,\"triggers\":3}";
        PolicyState state = new ObjectMapper().readValue(old, PolicyState.class);
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", RetrainPolicy.defaultPolicy(2, 0, 0));
        Optional<RetrainDecision> d = engine.onWindowClosed(state, W, 2 * W, List.of(psi("feature:x", true)));
        assertThat(d).isEmpty();
        assertThat(state.breachRuns).containsOnlyKeys("0|feature:x|");
        assertThat(state.triggers).isEqualTo(3);
    }

    @Test
    void shouldRefuseAWindowThatEndsBeforeItStarts() {
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", RetrainPolicy.defaultPolicy(2, 0, 0));
        assertThatThrownBy(() -> engine.onWindowClosed(new PolicyState(), W, W, List.of()))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static SignalVerdict segmentAccuracy(String segment, double value, long n) {
        return new SignalVerdict("performance:accuracy", segment, "performance:accuracy", value, Double.NaN, false, true, n);
    }

    @Test
    void shouldJudgeMeasuredPerformanceAsLabelsComeInAnyOrderAndFireOncePerRun() {
        RetrainPolicy p = policy(RetrainPolicy.Mode.DYNAMIC,
            List.of(rule("performance:accuracy", "*", "performance:accuracy", 0.7, RetrainPolicy.Direction.BELOW, 2, 20)),
            null, 0, 0, 0, 0);
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", p);
        PolicyState state = new PolicyState();
        // labels of window 3 come first, then window 1 (not adjacent), then window 2 completes the run 2..3
        assertThat(engine.onLabelledWindow(state, 3 * W, 4 * W, 5 * W, List.of(segmentAccuracy("c=DE", 0.5, 50)), List.of())).isEmpty();
        assertThat(engine.onLabelledWindow(state, W, 2 * W, 5 * W, List.of(segmentAccuracy("c=DE", 0.5, 50)), List.of())).isEmpty();
        assertThat(engine.onLabelledWindow(state, 2 * W, 3 * W, 5 * W, List.of(segmentAccuracy("c=FR", 0.5, 50)), List.of()))
            .as("another segment").isEmpty();
        assertThat(engine.onLabelledWindow(state, 2 * W, 3 * W, 5 * W, List.of(segmentAccuracy("c=DE", 0.6, 10)), List.of()))
            .as("too few labels").isEmpty();
        RetrainDecision d = engine.onLabelledWindow(state, 2 * W, 3 * W, 5 * W, List.of(segmentAccuracy("c=DE", 0.6, 40)),
            List.of()).orElseThrow();
        assertThat(d.trigger()).isEqualTo(Trigger.PERFORMANCE);
        assertThat(d.eventId()).isEqualTo(RetrainPolicyEngine.eventId("m", "p", 2 * W, Trigger.PERFORMANCE));
        assertThat(d.reasons()).singleElement().satisfies(r -> {
            assertThat(r.segment()).isEqualTo("c=DE");
            assertThat(r.windowStarts()).containsExactly(2 * W, 3 * W);
        });
        assertThat(d.decidedAt()).isEqualTo(5 * W);
        // more labels for the same windows (new revisions) never fire that run again
        assertThat(engine.onLabelledWindow(state, 3 * W, 4 * W, 5 * W, List.of(segmentAccuracy("c=DE", 0.4, 60)), List.of())).isEmpty();
        assertThat(engine.onLabelledWindow(state, 2 * W, 3 * W, 5 * W, List.of(segmentAccuracy("c=DE", 0.4, 60)), List.of())).isEmpty();
        // window 1 and a fresh window 4 can make a new run with... only 4 and 5, since 2 and 3 are spent
        assertThat(engine.onLabelledWindow(state, 4 * W, 5 * W, 6 * W, List.of(segmentAccuracy("c=DE", 0.4, 60)), List.of())).isEmpty();
        assertThat(engine.onLabelledWindow(state, 5 * W, 6 * W, 7 * W, List.of(segmentAccuracy("c=DE", 0.4, 60)), List.of()))
            .hasValueSatisfying(x -> assertThat(x.windowStarts()).containsExactly(4 * W, 5 * W));
    }

    @Test
    void shouldApplyCooldownToLabelledTriggersAndIgnoreWindowsOfAnEarlierModelVersion() {
        RetrainPolicy p = policy(RetrainPolicy.Mode.DYNAMIC,
            List.of(rule("performance", null, "performance:accuracy", 0.7, RetrainPolicy.Direction.BELOW, 1, 0)),
            null, 10 * W, 0, 0, 0);
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", p);
        PolicyState state = new PolicyState();
        assertThat(engine.onLabelledWindow(state, 0, W, 2 * W, List.of(accuracy(0.5, 100)), List.of())).isPresent();
        assertThat(engine.onLabelledWindow(state, W, 2 * W, 3 * W, List.of(accuracy(0.5, 100)), List.of())).as("cooling down").isEmpty();
        engine.onModelVersion(state, "1", 3 * W);
        engine.onModelVersion(state, "2", 20 * W);
        assertThat(engine.onLabelledWindow(state, 15 * W, 16 * W, 30 * W, List.of(accuracy(0.5, 100)), List.of()))
            .as("a window of the previous version").isEmpty();
        assertThat(engine.onLabelledWindow(state, 21 * W, 22 * W, 30 * W, List.of(accuracy(0.5, 100)), List.of())).isPresent();
    }

    @Test
    void shouldCombineLabelledPerformanceWithTheCurrentDriftRunsUnderAll() {
        RetrainPolicy p = policy(RetrainPolicy.Mode.DYNAMIC, List.of(
            rule("feature:*", null, "psi", 0.25, RetrainPolicy.Direction.ABOVE, 1, 0),
            rule("performance", null, "performance:accuracy", 0.8, RetrainPolicy.Direction.BELOW, 1, 0)),
            RetrainPolicy.Combine.ALL, 0, 0, 0, 0);
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", p);
        PolicyState state = new PolicyState();
        List<SignalVerdict> calm = List.of(psi("feature:a", false));
        assertThat(engine.onWindowClosed(state, 0, W, calm)).as("no performance at the close").isEmpty();
        assertThat(engine.onLabelledWindow(state, 0, W, W, List.of(accuracy(0.7, 10)), calm)).as("no drift now").isEmpty();
        List<SignalVerdict> drifting = List.of(psi("feature:a", true));
        assertThat(engine.onWindowClosed(state, W, 2 * W, drifting)).isEmpty();
        RetrainDecision d = engine.onLabelledWindow(state, W, 2 * W, 2 * W, List.of(accuracy(0.7, 10)), drifting).orElseThrow();
        assertThat(d.reasons()).extracting(RetrainDecision.Reason::signal).containsExactly("feature:a", "performance");
    }
}
