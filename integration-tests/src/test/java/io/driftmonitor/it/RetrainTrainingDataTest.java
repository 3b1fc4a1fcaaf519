package io.driftmonitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.app.MonitorApp;
import io.driftmonitor.config.MonitorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training data of a retrain event is a replayable data version: reading its offset ranges back
 * with a plain consumer gives exactly the predictions of the windows the event names when each
 * partition is in event-time order, and a superset that the event's model and time range filter
 * down to exactly them when the topic is shared and out of order (within grace).
 */
class RetrainTrainingDataTest {
    private static final long W = 10_000;
    private static final String MODEL = "churn-model";

    private static KafkaCluster kafka;

    @TempDir
    Path stateDir;

    private MonitorApp app;
    private MonitorConfig config;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaCluster.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    /** A monitor with topics of its own on the shared broker. */
    private void startMonitor(Duration grace) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        config = MonitorConfig.builder()
            .kafka(k -> k.bootstrapServers(kafka.bootstrapServers()).applicationId("retrain-data-it-" + id))
            .topics(t -> t.predictions("predictions-" + id)
                .labels("labels-" + id)
                .baselines("baselines-" + id)
                .driftEvents("drift-events-" + id)
                .retrainEvents("retrain-events-" + id)
                .promotionEvents("promotion-events-" + id)
                .dlq("dlq-" + id)
                .retrainRequests("retrain-requests-" + id)
                .partitions(4))
            .http(h -> h.port(0))
            .stateDir(stateDir.toString())
            // The last, partial window stays open: only the event clock closes windows in these tests.
            .aggregation(a -> a.flushInterval(Duration.ofMillis(200)).idleClose(Duration.ofMinutes(10)))
            .defaults(d -> d.window(Duration.ofMillis(W)).grace(grace))
            .build()
            .validate("test");
        app = new MonitorApp(config).start();
    }

    @AfterEach
    void stopMonitor() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldNameExactlyTheRecordsOfTheBreachingWindowsInTrainingData() {
        startMonitor(Duration.ZERO);
        long t0 = (System.currentTimeMillis() / W - 20) * W;
        try (OrderedTraffic traffic = new OrderedTraffic(kafka.bootstrapServers(), config.topics.predictions, W);
             OutputTopics retrains = new OutputTopics(kafka.bootstrapServers(), config.topics.retrainEvents)) {
            traffic.send(MODEL, t0, 400, 0);          // window 0: the baseline
            traffic.send(MODEL, t0 + W, 400, 2);      // windows 1 and 2 drift: the default policy fires on window 2
            traffic.send(MODEL, t0 + 2 * W, 350, 2);
            traffic.send(MODEL, t0 + 3 * W, 40, 2);   // moves the event clock past window 2; stays open
            JsonNode retrain = retrains.awaitUntil(Duration.ofSeconds(45), events -> !events.isEmpty()).get(0);

            JsonNode data = assertNamesWindows(retrain, t0 + W, t0 + 2 * W);
            List<JsonNode> readBack = TrainingDataReader.read(kafka.bootstrapServers(), data);
            Set<String> expected = traffic.idsBetween(MODEL, t0 + W, t0 + 3 * W);
            assertThat(expected).hasSize(750);
            assertThat(readBack).as("records in the ranges %s", data.get("partitions")).hasSize(expected.size());
            assertThat(ids(readBack)).isEqualTo(expected);
        }
    }

    @Test
    void shouldCoverTheBreachingWindowsOfAModelSharingAnOutOfOrderTopic() {
        startMonitor(Duration.ofSeconds(5));
        long t0 = (System.currentTimeMillis() / W - 20) * W;
        try (OrderedTraffic traffic = new OrderedTraffic(kafka.bootstrapServers(), config.topics.predictions, W);
             OutputTopics retrains = new OutputTopics(kafka.bootstrapServers(), config.topics.retrainEvents)) {
            List<OrderedTraffic.Planned> planned = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int n = w == 3 ? 60 : 400;
                planned.addAll(traffic.plan(MODEL, t0 + w * W, n, w == 0 ? 0 : 2));
                planned.addAll(traffic.plan("steady-model", t0 + w * W + 7, n, 0));
            }
            // Up to 3 s out of order (less than the 5 s grace, so no record is late), across window bounds.
            Random random = new Random(3);
            List<long[]> order = new ArrayList<>();
            for (int i = 0; i < planned.size(); i++) {
                order.add(new long[] {planned.get(i).time() + random.nextInt(3_000), i});
            }
            order.sort(Comparator.comparingLong(o -> o[0]));
            List<OrderedTraffic.Planned> shuffled = new ArrayList<>();
            order.forEach(o -> shuffled.add(planned.get((int) o[1])));
            traffic.sendAll(shuffled);
            JsonNode retrain = retrains.awaitUntil(Duration.ofSeconds(45),
                events -> events.stream().anyMatch(e -> e.get("model_id").asText().equals(MODEL))).stream()
                .filter(e -> e.get("model_id").asText().equals(MODEL)).findFirst().orElseThrow();

            JsonNode data = assertNamesWindows(retrain, t0 + W, t0 + 2 * W);
            long from = data.get("from_time").asLong();
            long to = data.get("to_time").asLong();
            List<JsonNode> readBack = TrainingDataReader.read(kafka.bootstrapServers(), data);
            List<JsonNode> kept = readBack.stream()
                .filter(r -> r.get("model_id").asText().equals(MODEL))
                .filter(r -> r.get("timestamp").asLong() >= from && r.get("timestamp").asLong() < to)
                .toList();
            Set<String> expected = traffic.idsBetween(MODEL, t0 + W, t0 + 3 * W);
            assertThat(expected).hasSize(800);
            assertThat(readBack.size()).as("other models' and neighbouring windows' records lie in between")
                .isGreaterThan(expected.size());
            assertThat(kept).hasSize(expected.size());
            assertThat(ids(kept)).as("the model's records in [from_time, to_time)").isEqualTo(expected);
        }
    }

    /** Asserts the event names the two windows from first to second, and returns its training data. */
    private JsonNode assertNamesWindows(JsonNode retrain, long first, long second) {
        assertThat(retrain.get("model_id").asText()).isEqualTo(MODEL);
        Set<Long> reasonWindows = new TreeSet<>();
        for (JsonNode reason : retrain.get("reasons")) {
            reason.get("windows").forEach(w -> reasonWindows.add(w.asLong()));
        }
        assertThat(reasonWindows).as("the breaching windows of every reason").containsExactly(first, second);
        JsonNode data = retrain.get("training_data");
        assertThat(data.get("topic").asText()).isEqualTo(config.topics.predictions);
        assertThat(data.get("from_time").asLong()).as("start of the first window").isEqualTo(first);
        assertThat(data.get("to_time").asLong()).as("end of the last window, exclusive").isEqualTo(second + W);
        return data;
    }

    private static Set<String> ids(List<JsonNode> records) {
        Set<String> ids = new TreeSet<>();
        records.forEach(r -> ids.add(r.get("prediction_id").asText()));
        return ids;
    }
}
