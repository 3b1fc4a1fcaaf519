package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.drift.SignalNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The multivariate signal through the whole topology: two features with N(0, 1) marginals whose
 * correlation flips from +0.8 (the first-window baseline) to -0.8. Only
 * {@code multivariate:pca_reconstruction} sees it; every univariate signal stays ok.
 */
class MultivariateTopologyTest {
    private static final long W = TopologyFixture.WINDOW_MS;
    private final Random random = new Random(17);
    private TopologyFixture fixture;
    private int ids;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static MonitorConfig config() {
        ModelPolicy.Rule rule = ModelPolicy.Rule.builder()
            .signal(SignalNames.MULTIVARIATE_PCA)
            .metric("pca_reconstruction_error")
            .consecutiveWindows(1)
            .build();
        return TopologyFixture.defaultConfig().toBuilder()
            .defaults(d -> d.multivariate(ModelPolicy.Multivariate.builder().build()).retrain(r -> r.rules(List.of(rule))))
            .build();
    }

    /** n records in the window at start: x, y ~ N(0, 1) with correlation rho, half DE and half FR, and a category. */
    private void window(long start, int n, double rho) {
        for (int i = 0; i < n; i++) {
            double u = random.nextGaussian();
            double v = random.nextGaussian();
            Map<String, Object> features = new HashMap<>();
            features.put("x", u);
            features.put("y", rho * u + Math.sqrt(1 - rho * rho) * v);
            features.put("channel", i % 3 == 0 ? "web" : "app");
            fixture.send(TopologyFixture.prediction("m", "p" + ids++, start + (i * (W - 1)) / n, features, null,
                Map.of("country", i % 2 == 0 ? "DE" : "FR")));
        }
        fixture.flush();
    }

    @Test
    void shouldCatchACorrelationFlipWithTheMultivariateSignalAndNoUnivariateOne() {
        fixture = new TopologyFixture(config());
        window(0, 1000, 0.8);
        window(W, 1000, 0.8);
        window(2 * W, 1000, 0.8);
        window(3 * W, 1000, -0.8);
        window(4 * W, 10, 0.8); // closes window 3

        JsonNode baseline = TopologyFixture.json(fixture.baselines).get(0);
        JsonNode slices = baseline.get("multivariate");
        assertThat(slices).as("whole model, DE, FR").hasSize(3);
        for (JsonNode slice : slices) {
            assertThat(slice.get("features")).extracting(JsonNode::asText).containsExactly("x", "y");
            assertThat(slice.get("count").asLong()).isEqualTo(slice.get("segment").isNull() ? 1000 : 500);
            assertThat(slice.get("comoment")).hasSize(3);
        }

        List<JsonNode> events = TopologyFixture.json(fixture.driftEvents);
        Map<Long, String> expected = Map.of(1L, "ok", 2L, "ok", 3L, "drift");
        assertThat(TopologyFixture.statusByWindow(events, SignalNames.MULTIVARIATE_PCA, null)).isEqualTo(expected);
        for (String segment : List.of("country=DE", "country=FR")) {
            assertThat(TopologyFixture.statusByWindow(events, SignalNames.MULTIVARIATE_PCA, segment)).as(segment).isEqualTo(expected);
        }
        List<JsonNode> univariate = new ArrayList<>();
        for (JsonNode e : events) {
            if (!e.get("signal").asText().startsWith("multivariate:") && !e.get("status").asText().equals("insufficient_data")) {
                univariate.add(e);
            }
        }
        assertThat(univariate).extracting(e -> e.get("signal").asText()).contains("feature:x", "feature:y", "feature:channel");
        assertThat(univariate).as("every univariate signal of every window and segment")
            .allSatisfy(e -> assertThat(e.get("status").asText()).as(e.get("signal").asText() + " " + e.get("segment")
                + " in window " + e.get("window_start").asLong() / W).isEqualTo("ok"));

        JsonNode flipped = events.stream().filter(e -> e.get("signal").asText().equals(SignalNames.MULTIVARIATE_PCA)
            && e.get("segment").isNull() && e.get("window_start").asLong() == 3 * W).findFirst().orElseThrow();
        assertThat(flipped.get("metric").asText()).isEqualTo("pca_reconstruction_error");
        assertThat(flipped.get("window_count").asLong()).isEqualTo(1000);
        assertThat(flipped.get("metrics").get("components").asInt()).isEqualTo(1);
        assertThat(flipped.get("metrics").get("baseline_error").asDouble()).as("1 - 0.8").isBetween(0.15, 0.25);
        assertThat(flipped.get("value").asDouble()).as("1 + 0.8").isBetween(1.6, 2.0);
        assertThat(flipped.get("value").asDouble()).isGreaterThan(flipped.get("threshold").asDouble());

        JsonNode report = TopologyFixture.json(fixture.windowReports).stream()
            .filter(r -> r.get("window_start").asLong() == 3 * W).findFirst().orElseThrow();
        assertThat(report.get("status").asText()).isEqualTo("drift");
        assertThat(report.get("multivariate")).singleElement()
            .satisfies(d -> assertThat(d.get("signal").asText()).isEqualTo(SignalNames.MULTIVARIATE_PCA));
        assertThat(report.get("drivers")).extracting(d -> d.get("signal").asText()).first()
            .isEqualTo(SignalNames.MULTIVARIATE_PCA);

        List<JsonNode> retrains = TopologyFixture.json(fixture.retrainEvents);
        assertThat(retrains).as("a rule naming the multivariate signal fires on the drifting window").singleElement()
            .satisfies(r -> assertThat(r.get("window_end").asLong()).isEqualTo(4 * W));
    }

    @Test
    void shouldComputeNoMultivariateSignalWithoutItsPolicySection() {
        fixture = new TopologyFixture();
        window(0, 200, 0.8);
        window(W, 200, -0.8);
        window(2 * W, 10, 0.8);
        assertThat(TopologyFixture.json(fixture.baselines).get(0).get("multivariate")).isEmpty();
        assertThat(TopologyFixture.json(fixture.driftEvents))
            .noneMatch(e -> e.get("signal").asText().startsWith("multivariate:"));
    }
}
