package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.config.MonitorConfig;
import org.junit.jupiter.api.Test;

/** One window report per model and closed window, naming what drove it; drift-events kept quiet on request. */
class WindowReportTopologyTest {
    private static final long W = TopologyFixture.WINDOW_MS;
    private final Random random = new Random(3);
    private int ids;

    private void window(TopologyFixture f, String model, long start, int n, double shiftA, double shiftB) {
        for (int i = 0; i < n; i++) {
            Map<String, Object> features = new HashMap<>();
            features.put("a", shiftA + random.nextGaussian());
            features.put("b", shiftB + random.nextGaussian());
            features.put("c", random.nextGaussian());
            features.put("d", random.nextGaussian());
            f.send(TopologyFixture.prediction(model, "p" + ids++, start + (i * (W - 1)) / n, features, random.nextDouble(),
                Map.of("country", i % 2 == 0 ? "DE" : "FR")));
        }
        f.flush();
    }

    @Test
    void shouldReportEachWindowOnceWithItsDriversRankedAndTheShareOfDriftingFeatures() {
        MonitorConfig config = TopologyFixture.defaultConfig().toBuilder()
            .defaults(d -> d.featureImportance(Map.of("a", 0.1, "b", 0.6, "c", 0.2, "d", 0.1)))
            .build();
        try (TopologyFixture f = new TopologyFixture(config)) {
            for (String model : List.of("m1", "m2")) {
                window(f, model, 0, 300, 0, 0);
            }
            for (String model : List.of("m1", "m2")) {
                window(f, model, W, 300, 3, 1);
            }
            for (String model : List.of("m1", "m2")) {
                window(f, model, 2 * W, 10, 0, 0);
            }
            List<JsonNode> reports = TopologyFixture.json(f.windowReports);
            assertThat(reports).extracting(r -> r.get("model_id").asText() + "@" + r.get("window_start").asLong())
                .containsExactlyInAnyOrder("m1@0", "m2@0", "m1@" + W, "m2@" + W);
            JsonNode first = reports.stream().filter(r -> r.get("window_start").asLong() == 0).findFirst().orElseThrow();
            assertThat(first.get("status").asText()).isEqualTo("baseline");
            JsonNode drifting = reports.stream().filter(r -> r.get("window_start").asLong() == W).findFirst().orElseThrow();
            assertThat(drifting.get("status").asText()).isEqualTo("drift");
            assertThat(drifting.get("window_count").asLong()).isEqualTo(300);
            assertThat(drifting.get("features_evaluated").asInt()).isEqualTo(4);
            assertThat(drifting.get("features_drift").asInt()).isEqualTo(2);
            assertThat(drifting.get("dataset_drift_share").asDouble()).isEqualTo(0.5);
            assertThat(drifting.get("dataset_drift").asBoolean()).isTrue();
            assertThat(drifting.get("importance_weighted_drift").asDouble()).isEqualTo(0.7, org.assertj.core.data.Offset.offset(1e-12));
            JsonNode top = drifting.get("drivers").get(0);
            assertThat(top.get("status").asText()).isEqualTo("drift");
            assertThat(top.get("signal").asText()).as("the larger shift, not the larger importance alone")
                .isIn("feature:a", "feature:b");
            List<Double> effects = new java.util.ArrayList<>();
            drifting.get("drivers").forEach(d -> {
                if (d.get("status").asText().equals("drift")) {
                    effects.add(d.get("effect").asDouble() * (d.get("importance").isNull() ? 1 : d.get("importance").asDouble()));
                }
            });
            assertThat(effects).isSortedAccordingTo(java.util.Comparator.reverseOrder());
            assertThat(drifting.get("segments_drifting")).extracting(JsonNode::asText).containsExactly("country=DE", "country=FR");
        }
    }

    @Test
    void shouldKeepOkVerdictsOffTheDriftTopicWhenAskedButInTheReport() {
        MonitorConfig config = TopologyFixture.defaultConfig().toBuilder().output(o -> o.driftEvents("non_ok")).build();
        try (TopologyFixture f = new TopologyFixture(config)) {
            window(f, "m", 0, 300, 0, 0);
            window(f, "m", W, 300, 3, 0);
            window(f, "m", 2 * W, 10, 0, 0);
            List<JsonNode> events = TopologyFixture.json(f.driftEvents);
            assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.get("status").asText()).isNotEqualTo("ok"));
            JsonNode report = TopologyFixture.json(f.windowReports).get(1);
            assertThat(report.get("signals_evaluated").asInt()).isGreaterThan(report.get("signals_drift").asInt()
                + report.get("signals_warn").asInt());
        }
    }
}
