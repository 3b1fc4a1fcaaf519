package io.driftmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class MonitorConfigTest {

    @Test
    void shouldApplyModelOverridesOnTopOfTheDefaults() {
        MonitorConfig config = MonitorConfig.parse("""
            defaults:
              window: 5m
              psi_drift: 0.3
            models:
              fraud:
                window: 30s
                segment_keys: [country]
            """, "monitor.yaml");
        assertThat(config.policyFor("fraud").window).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.policyFor("fraud").psiDrift).isEqualTo(0.3);
        assertThat(config.policyFor("fraud").segmentKeys).containsExactly("country");
        assertThat(config.policyFor("anything-else").window).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldNameTheKeyOfAnUnknownSetting() {
        assertThatThrownBy(() -> MonitorConfig.parse("defaults:\n  windw: 5m\n", "monitor.yaml"))
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("monitor.yaml: defaults.windw");
    }

    @Test
    void shouldNameTheKeyOfABadDuration() {
        assertThatThrownBy(() -> MonitorConfig.parse("models:\n  fraud:\n    window: soon\n", "monitor.yaml"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("models.fraud.window");
    }

    @Test
    void shouldRejectInconsistentThresholdsWithTheirKeys() {
        assertThatThrownBy(() -> MonitorConfig.parse("models:\n  m:\n    psi_warn: 0.5\n    psi_drift: 0.2\n", "monitor.yaml"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("models.m.psi_warn/psi_drift");
        assertThatThrownBy(() -> MonitorConfig.parse("kafka:\n  processing_guarantee: maybe\n", "monitor.yaml"))
            .hasMessageContaining("kafka.processing_guarantee");
        assertThatThrownBy(() -> MonitorConfig.parse("output:\n  format: avro\n", "monitor.yaml"))
            .hasMessageContaining("schema_registry.url");
        assertThatThrownBy(() -> MonitorConfig.parse("defaults:\n  bins: 1\n", "monitor.yaml"))
            .hasMessageContaining("defaults.bins");
    }

    @Test
    void shouldReadDurationsAsPeopleWriteThem() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    }
}
