package io.driftmonitor.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The replay of a detector on one series fires in exactly the windows in which the topology itself
 * emits retrain events when its policy is that detector's one rule.
 */
class DetectorReplayTest {
    @ParameterizedTest
    @EnumSource(EvaluatedDetector.class)
    void shouldAlarmWhereTheTopologyWithTheSameRuleRetrains(EvaluatedDetector detector) {
        ModelPolicy.Rule rule = ModelPolicy.Rule.builder()
            .signal("feature:amount")
            .metric("psi")
            .consecutiveWindows(1)
            .detector(detector != EvaluatedDetector.THRESHOLD ? detector.wireName() : null)
            .build();
        MonitorConfig config = MonitorConfig.builder()
            .kafka(k -> k.applicationId("drift-monitor-evaluation-test"))
            .defaults(d -> d.window(Duration.ofHours(1))
                .segmentKeys(List.of("country"))
                .retrain(r -> r.rules(List.of(rule)).cooldown(Duration.ZERO)))
            .build()
            .validate("test");

        Scenario recurring = Scenario.standard("recurring", 16);
        ScenarioRun run = new EvaluationRunner(config, 300, 5).run(withAmountDrift(recurring), 17);

        TreeSet<Integer> topology = DetectorReplay.retrainWindows(run);
        Map<Series, Map<EvaluatedDetector, TreeSet<Integer>>> replay = DetectorReplay.alarms(run);
        TreeSet<Integer> replayed = replay.get(new Series("feature:amount", null, "psi")).get(detector);
        assertThat(topology).as("the topology retrained").isNotEmpty();
        assertThat(replayed).isEqualTo(topology);
        assertThat(run.windowsClosed()).isEqualTo(16);
    }

    /** The recurring intervals, with the abrupt scenario's amount shift: a series that comes and goes. */
    private static Scenario withAmountDrift(Scenario recurring) {
        return new Scenario("recurring-amount", Scenario.Kind.ABRUPT, recurring.windows(), recurring.intervals());
    }
}
