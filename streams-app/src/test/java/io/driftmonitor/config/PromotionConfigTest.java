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
