package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Measured performance as labels come: the label-free estimate made at the close and its error, a
 * segment compared with the whole model, and a degraded segment that triggers a retrain naming it.
 */
class PerformanceTriggerTest {
    private static final long W = TopologyFixture.WINDOW_MS;
    private final Random random = new Random(5);
    private TopologyFixture fixture;
    private final List<JsonNode> drift = new ArrayList<>();

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static MonitorConfig config() {
        ModelPolicy.Rule rule = ModelPolicy.Rule.builder()
            .signal("performance:accuracy")
            .segment("*")
            .metric("performance:accuracy")
            .threshold(0.7)
            .direction("below")
            .consecutiveWindows(2)
            .minSamples(20L)
            .build();
        return TopologyFixture.defaultConfig().toBuilder()
            .defaults(d -> d.minLabels(20).positiveLabel("fraud").retrain(r -> r.rules(List.of(rule))))
            .build();
    }

    /**
     * A prediction whose true class is positive with probability = score (a calibrated model); in
     * the DE segment of the drifting windows the truth is flipped, so the model fails there.
     */
    private String predictAndRemember(String id, long time, String country, List<String[]> truths, boolean failing) {
        double score = random.nextDouble();
        PredictionEvent e = TopologyFixture.prediction("m", id, time, Map.of("x", random.nextGaussian()), score,
            Map.of("country", country));
        e.setPredictedLabel(score >= 0.5 ? "fraud" : "legit");
        fixture.send(e);
        boolean positive = random.nextDouble() < score;
        if (failing) {
            positive = score < 0.5; // always wrong
        }
        truths.add(new String[] {id, positive ? "fraud" : "legit"});
        return id;
    }

    private void label(String[] truth, long time) {
        LabelEvent l = LabelEvent.newBuilder().setPredictionId(truth[0]).setModelId("m").setTimestamp(time).setLabel(truth[1]).build();
        fixture.labels.pipeInput(truth[0], JsonRecordCodec.toJsonBytes(l), time);
    }

    private List<JsonNode> events(String signal, String segment) {
        drift.addAll(TopologyFixture.json(fixture.driftEvents));
        return drift.stream().filter(e -> e.get("signal").asText().equals(signal))
            .filter(e -> segment == null ? e.get("segment").isNull() : segment.equals(e.get("segment").asText()))
            .toList();
    }

    @Test
    void shouldEstimateBeforeLabelsReportTheErrorAfterAndTriggerOnADegradedSegment() {
        fixture = new TopologyFixture(config());
        // Window 0: baseline, labelled at once (calibration for the estimate).
        List<String[]> truths0 = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            predictAndRemember("a" + i, i * 20, i % 2 == 0 ? "DE" : "FR", truths0, false);
        }
        fixture.flush();
        truths0.forEach(t -> label(t, 9_000));
        fixture.flush();
        // Windows 1 and 2: DE fails (labels come later), FR is fine.
        List<List<String[]>> truths = new ArrayList<>();
        for (int w = 1; w <= 2; w++) {
            List<String[]> t = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                boolean de = i % 2 == 0;
                predictAndRemember("w" + w + "-" + i, w * W + i * 30, de ? "DE" : "FR", t, de);
            }
            truths.add(t);
            fixture.flush();
        }
        predictAndRemember("late", 3 * W + 1, "FR", new ArrayList<>(), false);
        fixture.flush(); // windows 1 and 2 close

        List<JsonNode> estimates = events("performance_estimate:accuracy", null);
        assertThat(estimates).hasSize(2).allSatisfy(e -> {
            assertThat(e.get("value").asDouble()).as("a calibrated model's expected accuracy").isBetween(0.6, 0.9);
            assertThat(e.get("window_count").asLong()).isEqualTo(300);
            assertThat(e.get("metrics").get("calibration_labels").asDouble()).isEqualTo(400);
        });
        assertThat(fixture.retrainEvents.isEmpty()).as("no labels yet, no performance trigger").isTrue();

        truths.get(0).forEach(t -> label(t, 4 * W));
        fixture.flush();
        fixture.flush();
        JsonNode measured = events("performance:accuracy", null).stream()
            .filter(e -> e.get("window_start").asLong() == W).findFirst().orElseThrow();
        double estimated = estimates.get(0).get("value").asDouble();
        assertThat(measured.get("metrics").get("estimated").asDouble()).isEqualTo(estimated);
        assertThat(measured.get("metrics").get("estimate_error").asDouble())
            .isEqualTo(measured.get("value").asDouble() - estimated);
        JsonNode de = events("performance:accuracy", "country=DE").stream()
            .filter(e -> e.get("window_start").asLong() == W).findFirst().orElseThrow();
        assertThat(de.get("value").asDouble()).isZero();
        assertThat(de.get("status").asText()).isEqualTo("ok");
        assertThat(de.get("metrics").get("accuracy_baseline").asDouble()).as("DE in the baseline window").isGreaterThan(0.6);
        assertThat(de.get("metrics").get("accuracy_drop_p_value").asDouble()).isLessThan(1e-6);
        assertThat(de.get("metrics").get("accuracy_significant_drop").asDouble())
            .isEqualTo(de.get("metrics").get("accuracy_drop").asDouble());
        assertThat(de.get("metrics").get("calibration_shift").asDouble()).as("concept drift in DE").isGreaterThan(0.5);
        assertThat(fixture.retrainEvents.isEmpty()).as("one failing window is not yet two").isTrue();

        truths.get(1).forEach(t -> label(t, 4 * W + 5));
        fixture.flush();
        fixture.flush();
        JsonNode de2 = events("performance:accuracy", "country=DE").stream()
            .filter(e -> e.get("window_start").asLong() == 2 * W).findFirst().orElseThrow();
        assertThat(de2.get("metrics").get("accuracy_vs_model").asDouble()).isNegative();
        List<JsonNode> retrains = TopologyFixture.json(fixture.retrainEvents);
        assertThat(retrains).singleElement().satisfies(r -> {
            assertThat(r.get("trigger").asText()).isEqualTo("performance");
            assertThat(r.get("reasons")).singleElement().satisfies(reason -> {
                assertThat(reason.get("segment").asText()).isEqualTo("country=DE");
                assertThat(reason.get("value").asDouble()).isZero();
            });
        });

        // Labels of the same windows again (duplicates) and a late label: no second trigger for this cause.
        truths.get(1).subList(0, 10).forEach(t -> label(t, 4 * W + 9));
        fixture.flush();
        fixture.flush();
        assertThat(fixture.retrainEvents.isEmpty()).isTrue();
    }
}
