package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.serde.JsonRecordCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A retrain rule with a Page-Hinkley detector over a feature's PSI series, through the whole topology. */
class DetectorRuleTopologyTest {
    private static final long W = TopologyFixture.WINDOW_MS;
    private TopologyFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static MonitorConfig config() {
        ModelPolicy.Rule rule = ModelPolicy.Rule.builder().signal("feature:x").metric("psi").detector("page_hinkley").build();
        return TopologyFixture.defaultConfig().toBuilder()
            .defaults(d -> d.retrain(r -> r.rules(List.of(rule))))
            .build()
            .validate("test");
    }

    private void window(int w, Random random, double shift) {
        for (int i = 0; i < 300; i++) {
            fixture.send(TopologyFixture.prediction("m", "w" + w + "-" + i, w * W + i * (W / 300),
                Map.of("x", shift + random.nextGaussian()), 0.5, Map.of()));
        }
        fixture.flush();
    }

    @Test
    void shouldRetrainWhenThePageHinkleyDetectorOnAFeaturesPsiAlarms() throws Exception {
        fixture = new TopologyFixture(config());
        Random random = new Random(17);
        for (int w = 0; w <= 5; w++) {
            window(w, random, 0); // window 0 is the baseline; 1-4 are judged against it
        }
        assertThat(fixture.retrainEvents.isEmpty()).as("in control: no alarm").isTrue();
        byte[] stored = fixture.driver.<String, byte[]>getKeyValueStore(TopologyNames.MODEL_STATE_STORE).get("m");
        JsonNode detectors = JsonRecordCodec.mapper().readTree(stored).get("policy").get("detectors");
        assertThat(detectors.size()).isEqualTo(1);
        assertThat(detectors.elements().next().get("count").asLong()).as("windows 1-4 closed and judged").isEqualTo(4);

        window(6, random, 1.5); // closes window 5 (in control)
        window(7, random, 1.5); // closes window 6, the first shifted one
        List<JsonNode> retrains = TopologyFixture.json(fixture.retrainEvents);
        assertThat(retrains).singleElement().satisfies(e -> {
            assertThat(e.get("window_end").asLong()).isEqualTo(7 * W);
            assertThat(e.get("reasons")).singleElement().satisfies(r -> {
                assertThat(r.get("signal").asText()).isEqualTo("feature:x");
                assertThat(r.get("metric").asText()).isEqualTo("psi:page_hinkley");
                assertThat(r.get("threshold").asDouble()).isEqualTo(0.5);
                assertThat(r.get("value").asDouble()).isGreaterThan(0.5);
            });
        });
    }
}
