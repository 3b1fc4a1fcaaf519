package io.driftmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.driftmonitor.promotion.PromotionPolicy;
import org.junit.jupiter.api.Test;

class PromotionConfigTest {
    @Test
    void shouldMakeNoPromotionDecisionsWithoutAPromotionSection() {
        assertThat(MonitorConfig.parse("defaults:\n  window: 5m\n", "monitor.yaml").policyFor("m").promotionPolicy()).isNull();
    }

    @Test
    void shouldReadAPromotionSectionWithItsDefaultsAndMergeAModelsOverrides() {
        MonitorConfig config = MonitorConfig.parse("""
            defaults:
              promotion: {strategy: shadow, min_samples: 300}
            models:
              pricing:
                promotion: {strategy: canary, metric: mae, max_degradation: 0.1}
            """, "monitor.yaml");
        PromotionPolicy shadow = config.policyFor("fraud").promotionPolicy();
        assertThat(shadow.strategy()).isEqualTo(PromotionPolicy.Strategy.SHADOW);
        assertThat(shadow.role()).isEqualTo("shadow");
        assertThat(shadow.metric()).isNull();
        assertThat(shadow.minSamples()).isEqualTo(300);
        assertThat(shadow.alpha()).isEqualTo(0.05);
        PromotionPolicy canary = config.policyFor("pricing").promotionPolicy();
        assertThat(canary.strategy()).isEqualTo(PromotionPolicy.Strategy.CANARY);
        assertThat(canary.role()).isEqualTo("canary");
        assertThat(canary.metric()).isEqualTo("mae");
        assertThat(canary.minSamples()).isEqualTo(300);
        assertThat(canary.maxDegradation()).isEqualTo(0.1);
        assertThat(canary.maxWindows()).isEqualTo(PromotionPolicy.DEFAULT_MAX_WINDOWS);
        assertThat(canary.maxDurationMillis()).isEqualTo(7L * 24 * 3600 * 1000);
        assertThat(canary.effectSize()).isEqualTo(0.05);
    }

    @Test
    void shouldReadTheExperimentsHorizonAndEffectSize() {
        PromotionPolicy p = MonitorConfig.parse("""
            defaults:
              promotion: {strategy: ab, max_windows: 24, max_duration: 2d, effect_size: 0.02}
            """, "monitor.yaml").policyFor("m").promotionPolicy();
        assertThat(p.maxWindows()).isEqualTo(24);
        assertThat(p.maxDurationMillis()).isEqualTo(2L * 24 * 3600 * 1000);
        assertThat(p.effectSize()).isEqualTo(0.02);
    }

    @Test
    void shouldReadDetectorRulesWithTheirParametersAndDefaults() {
        io.driftmonitor.policy.RetrainPolicy policy = MonitorConfig.parse("""
            defaults:
              retrain:
                rules:
                  - {signal: score, metric: psi, detector: page_hinkley, lambda: 0.8}
                  - {signal: "feature:*", metric: js, detector: cusum, drift: 0.02, h: 0.3, target: 0.01, min_windows: 5}
            """, "monitor.yaml").policyFor("m").retrainPolicy();
        io.driftmonitor.policy.Detector ph = policy.rules().get(0).detector();
        assertThat(ph.kind()).isEqualTo(io.driftmonitor.policy.Detector.Kind.PAGE_HINKLEY);
        assertThat(ph.lambda()).isEqualTo(0.8);
        assertThat(ph.delta()).isEqualTo(io.driftmonitor.policy.Detector.DEFAULT_DELTA);
        assertThat(policy.rules().get(0).consecutiveWindows()).as("a detector rule fires on its first alarm").isEqualTo(1);
        io.driftmonitor.policy.Detector cusum = policy.rules().get(1).detector();
        assertThat(cusum.kind()).isEqualTo(io.driftmonitor.policy.Detector.Kind.CUSUM);
        assertThat(cusum.drift()).isEqualTo(0.02);
        assertThat(cusum.h()).isEqualTo(0.3);
        assertThat(cusum.target()).isEqualTo(0.01);
        assertThat(cusum.minWindows()).isEqualTo(5);
    }

    @Test
    void shouldRejectAnInvalidDetectorRuleWithTheKey() {
        for (String[] c : new String[][] {
            {"{signal: score, detector: adwin}", "defaults.retrain.rules[0].detector: must be one of page_hinkley, cusum"},
            {"{signal: score, detector: cusum, lambda: 1}", "defaults.retrain.rules[0].lambda: is not a parameter of detector cusum"},
            {"{signal: score, h: 1}", "defaults.retrain.rules[0].h: is a detector parameter"},
            {"{signal: performance, metric: performance:accuracy, detector: cusum}", "defaults.retrain.rules[0].detector: needs a series"},
        }) {
            assertThatThrownBy(() -> MonitorConfig.parse("defaults:\n  retrain:\n    rules:\n      - " + c[0] + "\n", "monitor.yaml"))
                .as(c[0]).hasMessageContaining(c[1]);
        }
    }

    @Test
    void shouldRejectAnInvalidPromotionPolicyWithTheKeyAndTheReason() {
        List.of(
            new String[] {"defaults:\n  promotion: {metric: accuracy}\n", "monitor.yaml: defaults.promotion.strategy: must be shadow, ab or canary"},
            new String[] {"models:\n  m:\n    promotion: {strategy: ab, metric: f1}\n", "models.m.promotion.metric: must be one of"},
            new String[] {"defaults:\n  promotion: {strategy: ab, role: champion}\n", "defaults.promotion.role: must be one of"},
            new String[] {"defaults:\n  promotion: {strategy: ab, alpha: 0}\n", "defaults.promotion.alpha: must be in (0, 1)"},
            new String[] {"defaults:\n  promotion: {strategy: canary, max_degradation: 2}\n", "defaults.promotion.max_degradation"},
            new String[] {"defaults:\n  promotion: {strategy: ab, min_samples: 1}\n", "defaults.promotion.min_samples: must be at least 2"},
            new String[] {"defaults:\n  promotion: {strategy: ab, min_sample: 10}\n", "defaults.promotion.min_sample"}
        ).forEach(c -> assertThatThrownBy(() -> MonitorConfig.parse(c[0], "monitor.yaml"))
            .as(c[0]).isInstanceOf(ConfigException.class).hasMessageContaining(c[1]));
    }
}
