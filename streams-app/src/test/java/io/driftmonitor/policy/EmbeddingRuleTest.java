package io.driftmonitor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Retrain rules can watch the embedding signals by name or by pattern. */
class EmbeddingRuleTest {
    private static SignalVerdict verdict(String signal, String segment, String metric, boolean drift) {
        return new SignalVerdict(signal, segment, metric, 0.3, 0.1, drift, true, 500);
    }

    @Test
    void shouldMatchEmbeddingSignalsByPatternAndMetric() {
        RetrainPolicy.Rule any = new RetrainPolicy.Rule("embedding:*", null, "mmd2", null, null, 1, 0);
        assertThat(any.matches(verdict("embedding:mmd", null, "mmd2", true))).isTrue();
        assertThat(any.breaches(verdict("embedding:mmd", null, "mmd2", true))).isTrue();
        assertThat(any.breaches(verdict("embedding:mmd", null, "mmd2", false))).isFalse();
        assertThat(any.matches(verdict("embedding:centroid", null, "centroid_distance", true))).as("other metric").isFalse();
        assertThat(any.matches(verdict("feature:embedding", null, "mmd2", true))).isFalse();
        assertThat(any.matches(verdict("embedding:mmd", "country=DE", "mmd2", true))).as("whole model only").isFalse();

        RetrainPolicy.Rule centroid = new RetrainPolicy.Rule("embedding:centroid", "*", "cosine", 0.2, null, 1, 100);
        assertThat(centroid.matches(verdict("embedding:centroid", "country=DE", "cosine", false))).isTrue();
        assertThat(centroid.breaches(verdict("embedding:centroid", "country=DE", "cosine", false)))
            .as("0.3 >= 0.2 on the cosine distance in metrics").isTrue();
        assertThat(centroid.trigger()).isEqualTo(Trigger.SEGMENT);
    }

    @Test
    void shouldNotWatchEmbeddingsInTheDefaultRule() {
        RetrainPolicy.Rule rule = RetrainPolicy.defaultRule(2);
        assertThat(rule.matches(verdict("embedding:mmd", null, "psi", true))).isFalse();
    }
}
