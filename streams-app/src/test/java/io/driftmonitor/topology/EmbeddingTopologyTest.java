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
import io.driftmonitor.drift.EmbeddingDrift;
import io.driftmonitor.schema.PredictionEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Embedding drift through the whole topology: first-window baseline, centroid and MMD per window and segment. */
class EmbeddingTopologyTest {
    private static final long W = TopologyFixture.WINDOW_MS;
    private static final int DIM = 16;
    private final Random random = new Random(7);
    private TopologyFixture fixture;
    private int ids;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static MonitorConfig config() {
        ModelPolicy.Rule rule = ModelPolicy.Rule.builder().signal("embedding:*").metric("mmd2").consecutiveWindows(2).build();
        return TopologyFixture.defaultConfig().toBuilder()
            .defaults(d -> d.retrain(r -> r.rules(List.of(rule))))
            .build();
    }

    /** n records in the window at start, embeddings N(shift, I) of the given dimension, half DE and half FR. */
    private void window(long start, int n, double shift, int dimension) {
        for (int i = 0; i < n; i++) {
            List<Float> embedding = new ArrayList<>(dimension);
            for (int c = 0; c < dimension; c++) {
                embedding.add((float) (shift + random.nextGaussian()));
            }
            Map<String, Object> features = new HashMap<>();
            features.put("x", random.nextGaussian());
            PredictionEvent e = TopologyFixture.prediction("m", "p" + ids++, start + (i * (W - 1)) / n, features, null,
                Map.of("country", i % 2 == 0 ? "DE" : "FR"));
            e.setEmbedding(embedding);
            fixture.send(e);
        }
        fixture.flush();
    }

    @Test
    void shouldFlagAnEmbeddingCentroidShiftInItsFirstWindowAndNeverBefore() {
        fixture = new TopologyFixture(config());
        for (int w = 0; w < 5; w++) {
            window(w * W, 300, 0, DIM);
        }
        window(5 * W, 300, 0.5, DIM);
        window(6 * W, 300, 0.5, DIM);
        window(7 * W, 10, 0, DIM); // closes window 6

        JsonNode baseline = TopologyFixture.json(fixture.baselines).get(0);
        JsonNode embeddings = baseline.get("embeddings");
        assertThat(embeddings).hasSize(3); // whole model, DE, FR
        for (JsonNode slice : embeddings) {
            assertThat(slice.get("dimension").asInt()).isEqualTo(DIM);
            assertThat(slice.get("rff_features").asInt()).isEqualTo(EmbeddingDrift.FEATURES);
            assertThat(slice.get("rff_mean")).hasSize(EmbeddingDrift.FEATURES);
            assertThat(slice.get("rff_count").asLong()).isEqualTo(slice.get("segment").isNull() ? 256 : 150);
        }
        assertThat(embeddings.get(0).get("count").asLong()).isEqualTo(300);
        assertThat(embeddings).extracting(s -> s.get("rff_seed").asLong()).containsOnly(embeddings.get(0).get("rff_seed").asLong());

        List<JsonNode> events = TopologyFixture.json(fixture.driftEvents);
        Map<Long, String> expected = Map.of(1L, "ok", 2L, "ok", 3L, "ok", 4L, "ok", 5L, "drift", 6L, "drift");
        assertThat(TopologyFixture.statusByWindow(events, "embedding:centroid", null)).isEqualTo(expected);
        assertThat(TopologyFixture.statusByWindow(events, "embedding:mmd", null)).isEqualTo(expected);
        for (String segment : List.of("country=DE", "country=FR")) {
            for (String signal : List.of("embedding:centroid", "embedding:mmd")) {
                Map<Long, String> s = TopologyFixture.statusByWindow(events, signal, segment);
                assertThat(s).as(signal + " " + segment).containsEntry(5L, "drift").containsEntry(6L, "drift");
                assertThat(s.entrySet()).as(signal + " " + segment).filteredOn(e -> e.getKey() < 5)
                    .extracting(Map.Entry::getValue).hasSize(4).doesNotContain("drift");
            }
        }
        JsonNode shifted = events.stream().filter(e -> e.get("signal").asText().equals("embedding:centroid")
            && e.get("segment").isNull() && e.get("window_start").asLong() == 5 * W).findFirst().orElseThrow();
        assertThat(shifted.get("metric").asText()).isEqualTo("centroid_distance");
        assertThat(shifted.get("window_count").asLong()).isEqualTo(300);
        assertThat(shifted.get("value").asDouble()).as("0.5 in every dimension / spread 1 per dimension").isBetween(0.4, 0.6);
        assertThat(shifted.get("metrics").get("euclidean").asDouble()).isBetween(0.4 * 4, 0.6 * 4);

        List<JsonNode> retrains = TopologyFixture.json(fixture.retrainEvents);
        assertThat(retrains).as("a rule on embedding:* fires after two drifting windows").singleElement()
            .satisfies(r -> assertThat(r.get("window_end").asLong()).isEqualTo(7 * W));
    }

    @Test
    void shouldReportAChangedDimensionAsDataQualityAndKeepGoing() {
        fixture = new TopologyFixture();
        window(0, 200, 0, DIM);
        window(W, 200, 0, DIM);
        window(2 * W, 150, 0, DIM);
        window(2 * W, 30, 0, 8); // same window: a model that now sends 8-dimensional vectors
        window(3 * W, 10, 0, DIM);

        List<JsonNode> events = TopologyFixture.json(fixture.driftEvents);
        assertThat(TopologyFixture.statusByWindow(events, "data_quality:embedding_dimension", null)).containsOnlyKeys(2L)
            .containsEntry(2L, "warn");
        JsonNode dq = events.stream().filter(e -> e.get("signal").asText().equals("data_quality:embedding_dimension")
            && e.get("segment").isNull()).findFirst().orElseThrow();
        assertThat(dq.get("value").asLong()).isEqualTo(30);
        assertThat(dq.get("metrics").get("expected_dimension").asInt()).isEqualTo(DIM);
        assertThat(dq.get("metrics").get("observed_dimension_min").asInt()).isEqualTo(8);
        assertThat(TopologyFixture.statusByWindow(events, "embedding:centroid", null)).isEqualTo(Map.of(1L, "ok", 2L, "ok"));
        JsonNode centroid = events.stream().filter(e -> e.get("signal").asText().equals("embedding:centroid")
            && e.get("segment").isNull() && e.get("window_start").asLong() == 2 * W).findFirst().orElseThrow();
        assertThat(centroid.get("window_count").asLong()).as("only vectors of the baseline's dimension").isEqualTo(150);
        assertThat(TopologyFixture.json(fixture.windowReports)).as("windows go on closing").hasSize(3);
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }
}
