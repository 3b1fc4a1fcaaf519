package io.driftmonitor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.schema.DriftEvent;
import io.driftmonitor.schema.DriftStatus;
import org.junit.jupiter.api.Test;

class FalseAlarmControlTest {

    private static DriftEvent event(double p, DriftStatus status) {
        return DriftEvent.newBuilder().setEventId("e").setModelId("m").setWindowStart(0).setWindowEnd(1).setSignal("s")
            .setMetric("psi").setValue(0.3).setThreshold(0.25).setPValue(p).setStatus(status).setWindowCount(100)
            .setBaselineCount(100).setMetrics(new LinkedHashMap<>()).build();
    }

    @Test
    void shouldDowngradeDriftThatDoesNotSurviveBenjaminiHochbergAcrossTheWindowsVerdicts() {
        List<DriftEvent> events = new ArrayList<>();
        events.add(event(1e-6, DriftStatus.drift));   // a real shift: survives
        events.add(event(0.008, DriftStatus.drift));  // 0.008 * 100 / 2 = 0.4: noise among 100 tests
        for (int i = 0; i < 98; i++) {
            events.add(event(0.5 + i * 0.005, DriftStatus.ok));
        }
        WindowEvaluator.controlFalseAlarms(events, ModelPolicy.builder().build());

        assertThat(events.get(0).getStatus()).isEqualTo(DriftStatus.drift);
        assertThat(events.get(1).getStatus()).isEqualTo(DriftStatus.ok);
        assertThat(events.get(1).getMetrics().get("p_value_adjusted")).isEqualTo(0.4, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void shouldLeaveVerdictsAloneWithoutCorrection() {
        ModelPolicy policy = ModelPolicy.builder().multipleTesting("none").build();
        List<DriftEvent> events = new ArrayList<>(List.of(event(0.008, DriftStatus.drift), event(0.9, DriftStatus.ok)));
        WindowEvaluator.controlFalseAlarms(events, policy);
        assertThat(events.get(0).getStatus()).isEqualTo(DriftStatus.drift);
    }
}
