package io.driftmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import io.driftmonitor.policy.RetrainPolicy;
import io.driftmonitor.policy.Trigger;

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
    void shouldNameTheKeyOfAnUnknownLabelSource() {
        assertThatThrownBy(() -> MonitorConfig.parse("models:\n  fraud:\n    labels: sometimes\n", "monitor.yaml"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("models.fraud.labels: must be topic, inline or none, got 'sometimes'");
        assertThat(MonitorConfig.parse("models:\n  fraud:\n    labels: none\n", "monitor.yaml").policyFor("fraud").labelsOnTopic())
            .isFalse();
        assertThat(MonitorConfig.parse("{}", "monitor.yaml").defaults.labels).isEqualTo("topic");
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

    @Test
    void shouldBuildTheDefaultRetrainPolicyFromTheFlatKeys() {
        MonitorConfig config = MonitorConfig.parse("defaults:\n  consecutive_windows: 3\n  cooldown: 2h\n  retrain_cost: 200\n",
            "monitor.yaml");
        RetrainPolicy p = config.policyFor("m").retrainPolicy();
        assertThat(p).isEqualTo(RetrainPolicy.defaultPolicy(3, Duration.ofHours(2).toMillis(), 200));
        assertThat(p.name()).isEqualTo("default-psi");
        assertThat(p.rules()).singleElement().satisfies(r -> {
            assertThat(r.signal()).isEqualTo("score|scores:*|feature:*");
            assertThat(r.threshold()).isNull();
            assertThat(r.consecutiveWindows()).isEqualTo(3);
        });
    }

    @Test
    void shouldReadARetrainSectionAndMergeAModelsOverridesIntoIt() {
        MonitorConfig config = MonitorConfig.parse("""
            defaults:
              consecutive_windows: 3
              retrain:
                mode: hybrid
                max_age: 14d
                rules:
                  - {signal: "feature:*", metric: psi, threshold: 0.25, direction: above, consecutive_windows: 2}
                  - {signal: performance, metric: "performance:accuracy", threshold: 0.8, direction: below, min_samples: 200}
                combine: any
                cooldown: 1h
                max_retrains_per_week: 3
                retrain_cost: 200
            models:
              fraud:
                retrain:
                  name: fraud-v2
                  cooldown: 6h
                  rules:
                    - {signal: score, segment: "*", metric: psi}
            """, "monitor.yaml");
        RetrainPolicy defaults = config.policyFor("any").retrainPolicy();
        assertThat(defaults.mode()).isEqualTo(RetrainPolicy.Mode.HYBRID);
        assertThat(defaults.maxAgeMillis()).isEqualTo(Duration.ofDays(14).toMillis());
        assertThat(defaults.name()).isEqualTo("custom");
        assertThat(defaults.rules()).extracting(RetrainPolicy.Rule::trigger).containsExactly(Trigger.DRIFT, Trigger.PERFORMANCE);
        assertThat(defaults.rules().get(1).consecutiveWindows()).as("from the flat key").isEqualTo(3);
        assertThat(defaults.rules().get(1).minSamples()).isEqualTo(200);
        assertThat(defaults.maxRetrainsPerWeek()).isEqualTo(3);
        assertThat(defaults.retrainCost()).isEqualTo(200);

        RetrainPolicy fraud = config.policyFor("fraud").retrainPolicy();
        assertThat(fraud.name()).isEqualTo("fraud-v2");
        assertThat(fraud.mode()).as("merged from the defaults").isEqualTo(RetrainPolicy.Mode.HYBRID);
        assertThat(fraud.cooldownMillis()).isEqualTo(Duration.ofHours(6).toMillis());
        assertThat(fraud.maxRetrainsPerWeek()).isEqualTo(3);
        assertThat(fraud.rules()).as("rules are replaced as a whole").singleElement()
            .satisfies(r -> assertThat(r.trigger()).isEqualTo(Trigger.SEGMENT));
    }

    @Test
    void shouldRejectAnInvalidRetrainPolicyWithTheKeyAndTheReason() {
        List.of(
            new String[] {"models:\n  m:\n    retrain: {mode: fixed}\n", "monitor.yaml: models.m.retrain.schedule: mode fixed needs a schedule"},
            new String[] {"defaults:\n  retrain: {mode: sometimes}\n", "monitor.yaml: defaults.retrain.mode: must be one of fixed, dynamic, hybrid"},
            new String[] {"defaults:\n  retrain: {mode: hybrid}\n", "defaults.retrain.max_age: mode hybrid needs a max_age"},
            new String[] {"defaults:\n  retrain: {rules: []}\n", "defaults.retrain.rules: mode dynamic needs at least one rule"},
            new String[] {"defaults:\n  retrain: {rules: [{signal: score, direction: sideways}]}\n",
                "defaults.retrain.rules[0].direction: must be one of above, below"},
            new String[] {"defaults:\n  retrain: {rules: [{metric: psi}]}\n", "defaults.retrain.rules[0].signal: must name a signal"},
            new String[] {"defaults:\n  retrain: {rules: [{signal: performance, metric: 'performance:accuracy'}]}\n",
                "defaults.retrain.rules[0].threshold: a performance rule needs a threshold"},
            new String[] {"defaults:\n  retrain: {rules: [{signal: performance, metric: 'performance_estimate:accuracy', threshold: 0.8}]}\n",
                "defaults.retrain.rules[0].metric: performance_estimate:accuracy is a label-free estimate"},
            new String[] {"defaults:\n  retrain: {rules: [{signal: score, consecutive_windows: 0}]}\n",
                "defaults.retrain.rules[0].consecutive_windows: must be between 1 and 1000"},
            new String[] {"defaults:\n  retrain: {max_retrains_per_week: -1}\n", "defaults.retrain.max_retrains_per_week: must be zero"},
            new String[] {"defaults:\n  retrain: {schedule: 0s, mode: fixed}\n", "defaults.retrain.schedule: must be a positive duration"},
            new String[] {"defaults:\n  retrain: {rulez: []}\n", "defaults.retrain.rulez"},
            new String[] {"models:\n  m:\n    retrain: {cooldown: soon}\n", "models.m.retrain.cooldown"}
        ).forEach(c -> assertThatThrownBy(() -> MonitorConfig.parse(c[0], "monitor.yaml"))
            .as(c[0]).isInstanceOf(ConfigException.class).hasMessageContaining(c[1]));
    }

    @Test
    void shouldAllowLabelFreeEstimatesWhenThePolicySaysSo() {
        MonitorConfig config = MonitorConfig.parse("""
            defaults:
              retrain:
                allow_label_free_estimate: true
                baseline_on_new_version: published
                rules: [{signal: performance, metric: "performance_estimate:accuracy", threshold: 0.8, direction: below}]
            """, "monitor.yaml");
        RetrainPolicy p = config.policyFor("m").retrainPolicy();
        assertThat(p.allowLabelFreeEstimate()).isTrue();
        assertThat(p.baselineOnNewVersion()).isEqualTo(RetrainPolicy.BaselineOnNewVersion.PUBLISHED);
    }

    @Test
    void shouldApplyACandidatePolicyOnTopOfAModelsPolicy() {
        MonitorConfig config = MonitorConfig.parse("models:\n  fraud:\n    retrain_cost: 200\n", "monitor.yaml");
        ModelPolicy candidate = config.policyWithOverrides("fraud", "retrain: {max_retrains_per_week: 2}\n", "candidate.yaml");
        assertThat(candidate.retrainPolicy().maxRetrainsPerWeek()).isEqualTo(2);
        assertThat(candidate.retrainPolicy().retrainCost()).isEqualTo(200);
        assertThat(config.policyFor("fraud").retrainPolicy().maxRetrainsPerWeek()).isZero();
        assertThatThrownBy(() -> config.policyWithOverrides("fraud", "retrain: {mode: fixed}\n", "candidate.yaml"))
            .hasMessageStartingWith("candidate.yaml: retrain.schedule: mode fixed needs a schedule");
    }
}
