package io.driftmonitor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The state machine under arbitrary window sequences. Each step is a small code: bit 0 = signal a
 * breaches, bit 1 = signal b breaches, bit 2 = the window lacks data, bit 3 = a gap of one window
 * before it, bit 4 = a manual request after it.
 */
class RetrainPolicyProperties {
    private static final long W = 6 * 3_600_000L;

    private record Fired(long time, long windowStart, Trigger trigger, List<Long> cause) {
    }

    private static List<SignalVerdict> verdicts(int code) {
        boolean undecided = (code & 4) != 0;
        return List.of(
            new SignalVerdict("feature:a", null, "psi", 0.5, 0.25, (code & 1) != 0 && !undecided, !undecided, 100),
            new SignalVerdict("feature:b", null, "psi", 0.5, 0.25, (code & 2) != 0 && !undecided, !undecided, 100));
    }

    private static List<Fired> run(RetrainPolicy policy, List<Integer> steps, boolean manual) {
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", policy);
        PolicyState state = new PolicyState();
        List<Fired> fired = new ArrayList<>();
        long start = 0;
        int requests = 0;
        for (int code : steps) {
            if ((code & 8) != 0) {
                start += W;
            }
            engine.onWindowClosed(state, start, start + W, verdicts(code))
                .ifPresent(d -> fired.add(new Fired(d.decidedAt(), d.windowStart(), d.trigger(), d.windowStarts())));
            if (manual && (code & 16) != 0) {
                ManualOutcome o = engine.onManualRequest(state, "r" + requests++, start + W, null);
                if (o.accepted()) {
                    fired.add(new Fired(start + W, start + W, Trigger.MANUAL, List.of()));
                }
            }
            start += W;
        }
        return fired;
    }

    private static RetrainPolicy dynamic(int consecutive, long cooldown, int budget, RetrainPolicy.Combine combine) {
        List<RetrainPolicy.Rule> rules = List.of(
            new RetrainPolicy.Rule("feature:a", null, "psi", null, null, consecutive, 0),
            new RetrainPolicy.Rule("feature:b", null, "psi", null, null, consecutive, 0));
        return new RetrainPolicy("p", RetrainPolicy.Mode.DYNAMIC, rules, combine, cooldown, budget, 1, 0, 0, false, null);
    }

    @Property
    void neverTwoAutomaticTriggersWithinTheCooldown(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 31) Integer> steps,
                                                    @ForAll @IntRange(min = 1, max = 4) int consecutive,
                                                    @ForAll @IntRange(min = 0, max = 40) int cooldownWindows) {
        long cooldown = cooldownWindows * W;
        List<Fired> fired = run(dynamic(consecutive, cooldown, 0, RetrainPolicy.Combine.ANY), steps, false);
        for (int i = 1; i < fired.size(); i++) {
            assertThat(fired.get(i).time() - fired.get(i - 1).time()).isGreaterThanOrEqualTo(cooldown);
        }
    }

    @Property
    void neverMoreThanTheBudgetInAnySevenDays(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 31) Integer> steps,
                                              @ForAll @IntRange(min = 1, max = 3) int consecutive,
                                              @ForAll @IntRange(min = 0, max = 8) int cooldownWindows,
                                              @ForAll @IntRange(min = 1, max = 5) int budget) {
        List<Fired> fired = run(dynamic(consecutive, cooldownWindows * W, budget, RetrainPolicy.Combine.ANY), steps, true);
        for (int i = 0; i + budget < fired.size(); i++) {
            assertThat(fired.get(i + budget).time() - fired.get(i).time())
                .as("trigger %d and %d", i, i + budget).isGreaterThanOrEqualTo(RetrainPolicy.WEEK_MILLIS);
        }
    }

    @Property
    void oneCauseNeverTriggersTwice(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 15) Integer> steps,
                                    @ForAll @IntRange(min = 1, max = 4) int consecutive,
                                    @ForAll @IntRange(min = 0, max = 10) int cooldownWindows) {
        List<Fired> fired = run(dynamic(consecutive, cooldownWindows * W, 0, RetrainPolicy.Combine.ANY), steps, false);
        for (int i = 1; i < fired.size(); i++) {
            assertThat(fired.get(i).cause()).allSatisfy(w -> assertThat(w).isGreaterThan(fired.get(0).windowStart()));
            assertThat(fired.get(i).cause().get(0)).isGreaterThan(fired.get(i - 1).windowStart());
            assertThat(fired.get(i).cause()).hasSize(consecutive);
        }
    }

    @Property
    void aWindowReplayedNeverTriggersAgainNorChangesTheState(
            @ForAll @Size(max = 100) List<@IntRange(min = 0, max = 15) Integer> steps,
            @ForAll @IntRange(min = 1, max = 3) int consecutive) throws Exception {
        ObjectMapper json = new ObjectMapper();
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", dynamic(consecutive, 0, 0, RetrainPolicy.Combine.ANY));
        PolicyState state = new PolicyState();
        List<long[]> seen = new ArrayList<>();
        long start = 0;
        for (int code : steps) {
            start += (code & 8) != 0 ? W : 0;
            engine.onWindowClosed(state, start, start + W, verdicts(code));
            String before = json.writeValueAsString(state);
            assertThat(engine.onWindowClosed(state, start, start + W, verdicts(code))).isEmpty();
            assertThat(json.writeValueAsString(state)).isEqualTo(before);
            seen.add(new long[] {start, code});
            start += W;
        }
        for (long[] s : seen) {
            assertThat(engine.onWindowClosed(state, s[0], s[0] + W, verdicts((int) s[1]))).isEmpty();
        }
    }

    @Property
    void anyFiresWhenOneRuleBreachesAndAllWhenEveryRuleDoes(
            @ForAll @Size(max = 100) List<@IntRange(min = 0, max = 7) Integer> steps,
            @ForAll boolean all) {
        RetrainPolicy.Combine combine = all ? RetrainPolicy.Combine.ALL : RetrainPolicy.Combine.ANY;
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", dynamic(1, 0, 0, combine));
        PolicyState state = new PolicyState();
        for (int i = 0; i < steps.size(); i++) {
            int code = steps.get(i);
            boolean decided = (code & 4) == 0;
            boolean a = decided && (code & 1) != 0;
            boolean b = decided && (code & 2) != 0;
            Optional<RetrainDecision> d = engine.onWindowClosed(state, i * W, (i + 1) * W, verdicts(code));
            assertThat(d.isPresent()).isEqualTo(all ? a && b : a || b);
            d.ifPresent(x -> assertThat(x.reasons()).hasSize((a ? 1 : 0) + (b ? 1 : 0)));
        }
    }

    @Property
    void aFixedScheduleFiresExactlyOncePerInterval(@ForAll @IntRange(min = 1, max = 30) int windowsPerInterval,
                                                   @ForAll @IntRange(min = 0, max = 1000) int offsetWindows,
                                                   @ForAll @IntRange(min = 1, max = 400) int windows) {
        long window = 3_600_000L;
        long interval = windowsPerInterval * window;
        RetrainPolicy fixed = RetrainPolicy.fixedSchedule("fixed", interval, 1);
        RetrainPolicyEngine engine = new RetrainPolicyEngine("m", fixed);
        PolicyState state = new PolicyState();
        List<Long> fired = new ArrayList<>();
        long first = offsetWindows * window;
        for (int i = 0; i < windows; i++) {
            long s = first + i * window;
            engine.onWindowClosed(state, s, s + window, verdicts(3)).ifPresent(d -> fired.add(d.decidedAt()));
        }
        long firstEnd = first + window;
        long lastEnd = first + windows * window;
        List<Long> boundaries = new ArrayList<>();
        for (long b = (Math.floorDiv(firstEnd, interval) + 1) * interval; b <= lastEnd; b += interval) {
            boundaries.add(b);
        }
        // contiguous windows end on every hour, so each slot boundary is met exactly by one window end
        assertThat(fired).isEqualTo(boundaries);
    }
}
