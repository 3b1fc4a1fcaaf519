package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.Test;

/** A retrain event names the training-data version of the model it would replace, as its baseline says. */
class TrainingDataVersionTest {
    private static final long W = TopologyFixture.WINDOW_MS;
    private final Random random = new Random(11);
    private int ids;

    private void window(TopologyFixture f, long start, int n, double mean) {
        for (int i = 0; i < n; i++) {
            Map<String, Object> features = new HashMap<>();
            features.put("x", mean + random.nextGaussian());
            f.send(TopologyFixture.prediction("m", "p" + ids++, start + (i * (W - 1)) / n, features, random.nextDouble(),
                Map.of()));
        }
        f.flush();
    }

    @Test
    void shouldNameTheTrainingDataVersionOfThePublishedBaselineInTheRetrainEvent() throws Exception {
        try (TopologyFixture f = new TopologyFixture()) {
            window(f, 0, 200, 0);
            window(f, W, 10, 0);
            JsonNode built = TopologyFixture.json(f.baselines).get(0);
            // The same counts published again as version 2 with the data version the model was trained on.
            ObjectNode published = built.deepCopy();
            published.put("version", 2);
            published.put("source", "file:training.csv");
            published.put("effective_from", 2 * W);
            published.put("training_data_version", "dvc:v42");
            TestInputTopic<String, byte[]> baselines = f.driver.createInputTopic(f.config.topics.baselines,
                new StringSerializer(), new ByteArraySerializer());
            baselines.pipeInput("m", JsonRecordCodec.mapper().writeValueAsBytes(published));

            window(f, 2 * W, 200, 3);
            window(f, 3 * W, 200, 3);
            window(f, 4 * W, 10, 3);

            List<JsonNode> retrains = TopologyFixture.json(f.retrainEvents);
            assertThat(retrains).singleElement().satisfies(r -> {
                assertThat(r.get("baseline_version").asLong()).isEqualTo(2);
                assertThat(r.get("training_data").get("training_data_version").asText()).isEqualTo("dvc:v42");
            });
        }
    }
}
