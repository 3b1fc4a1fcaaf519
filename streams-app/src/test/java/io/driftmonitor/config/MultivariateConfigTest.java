package io.driftmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import org.junit.jupiter.api.Test;

class MultivariateConfigTest {
    @Test
    void shouldComputeNoMultivariateSignalWithoutItsSection() {
        assertThat(MonitorConfig.parse("defaults:\n  window: 5m\n", "monitor.yaml").policyFor("m").multivariate).isNull();
    }

    @Test
    void shouldReadTheSectionWithItsDefaultsAndMergeAModelsOverrides() {
        MonitorConfig config = MonitorConfig.parse("""
            defaults:
              multivariate: {variance: 0.8}
            models:
              fraud:
                multivariate: {features: [amount, age], min_change: 0.2}
            """, "monitor.yaml");
        ModelPolicy.Multivariate all = config.policyFor("other").multivariate;
        assertThat(all.features).isNull();
        assertThat(all.maxFeatures).isEqualTo(20);
        assertThat(all.variance).isEqualTo(0.8);
        assertThat(all.minChange).isEqualTo(0.1);
        ModelPolicy.Multivariate fraud = config.policyFor("fraud").multivariate;
        assertThat(fraud.features).containsExactly("amount", "age");
        assertThat(fraud.variance).isEqualTo(0.8);
        assertThat(fraud.minChange).isEqualTo(0.2);
    }

    @Test
    void shouldNameEveryBadKeyOfTheSection() {
        assertThatThrownBy(() -> MonitorConfig.parse("""
            defaults:
              multivariate: {features: [a, a, ""], max_features: 1, variance: 1.0, min_change: -1, componets: 2}
            """, "monitor.yaml"))
            .isInstanceOf(ConfigException.class)
            .satisfies(e -> assertThat(((ConfigException) e).problems()).anySatisfy(p -> assertThat(p)
                    .startsWith("monitor.yaml: defaults.multivariate.componets: unknown key"))
                .contains("monitor.yaml: defaults.multivariate.max_features: must be between 2 and 100, got 1",
                    "monitor.yaml: defaults.multivariate.variance: must be in (0, 1), got 1.0",
                    "monitor.yaml: defaults.multivariate.min_change: must be a finite number >= 0, got -1.0",
                    "monitor.yaml: defaults.multivariate.features[1]: 'a' is listed twice",
                    "monitor.yaml: defaults.multivariate.features[2]: must name a feature",
                    "monitor.yaml: defaults.multivariate.features: needs 2 to max_features (1) names, got 3"));
    }
}
