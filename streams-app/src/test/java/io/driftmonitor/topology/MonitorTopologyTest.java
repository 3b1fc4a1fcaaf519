package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.state.PredictionIndexBatch;
import io.driftmonitor.stats.DriftMetrics;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MonitorTopologyTest {
    private static final long W = TopologyFixture.WINDOW_MS;
    private final TopologyFixture fixture = new TopologyFixture();
    private final Random random = new Random(42);
    private int ids;

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Sends n records in the window starting at start, with feature x ~ N(mean, 1) and a country tag. */
    private void window(long start, int n, double mean, String country) {
        window(fixture, start, n, mean, country);
    }

    private void window(TopologyFixture fixture, long start, int n, double mean, String country) {
        for (int i = 0; i < n; i++) {
            Map<String, Object> features = new HashMap<>();
            features.put("x", mean + random.nextGaussian());
            features.put("colour", random.nextBoolean() ? "red" : "blue");
            fixture.send(TopologyFixture.prediction("m", "p" + ids++, start + (i * (W - 1)) / n, features,
                random.nextDouble(), Map.of("country", country)));
        }
        fixture.flush();
    }

    @Test
    void shouldUseFirstWindowAsBaselineAndReportNoDriftWhenNothingShifts() {
        window(0, 200, 0, "DE");
        window(W, 200, 0, "DE");
        window(2 * W, 200, 0, "DE");

        assertThat(TopologyFixture.json(fixture.baselines)).singleElement()
            .satisfies(b -> assertThat(b.get("version").asLong()).isEqualTo(1));
        List<JsonNode> events = TopologyFixture.json(fixture.driftEvents);
        assertThat(events).isNotEmpty();
        assertThat(events).allSatisfy(e -> assertThat(e.get("window_start").asLong()).isEqualTo(W));
        assertThat(events).extracting(e -> e.get("status").asText()).doesNotContain("drift", "insufficient_data");
        assertThat(fixture.retrainEvents.isEmpty()).isTrue();
    }

    @Test
    void shouldEmitDriftWhenAFeatureShiftsWithCountsThatRecomputeToThePsi() {
        window(0, 200, 0, "DE");
        window(W, 200, 3, "DE");
        window(2 * W, 10, 3, "DE");

        List<JsonNode> x = TopologyFixture.json(fixture.driftEvents).stream()
            .filter(e -> e.get("signal").asText().equals("feature:x") && e.get("segment").isNull()).toList();
        assertThat(x).singleElement().satisfies(e -> {
            assertThat(e.get("status").asText()).isEqualTo("drift");
            assertThat(e.get("window_count").asLong()).isEqualTo(200);
            assertThat(e.get("edges")).hasSize(9);
            long[] window = longs(e.get("window_counts"));
            long[] baseline = longs(e.get("baseline_counts"));
            assertThat(window).hasSize(10);
            assertThat(e.get("value").asDouble()).isEqualTo(DriftMetrics.psi(baseline, window));
        });
    }

    @Test
    void shouldTriggerRetrainOnlyAfterTwoConsecutiveBreachingWindows() {
        window(0, 200, 0, "DE");
        window(W, 200, 3, "DE");
        window(2 * W, 200, 3, "DE");
        assertThat(fixture.retrainEvents.isEmpty()).as("one breaching window is not enough").isTrue();
        window(3 * W, 10, 3, "DE");

        List<JsonNode> retrains = TopologyFixture.json(fixture.retrainEvents);
        assertThat(retrains).singleElement().satisfies(r -> {
            assertThat(r.get("trigger").asText()).isEqualTo("drift");
            assertThat(r.get("window_end").asLong()).isEqualTo(3 * W);
            assertThat(r.get("reasons")).anySatisfy(reason -> {
                assertThat(reason.get("signal").asText()).isEqualTo("feature:x");
                assertThat(reason.get("windows")).extracting(JsonNode::asLong).containsExactly(W, 2 * W);
            });
            assertThat(r.get("training_data").get("from_time").asLong()).isEqualTo(W);
            assertThat(r.get("top_contributors")).isNotEmpty().allSatisfy(d -> assertThat(d.get("status").asText()).isEqualTo("drift"));
            assertThat(r.get("top_contributors").get(0).get("signal").asText()).isEqualTo("feature:x");
            JsonNode history = r.get("training_data").get("history");
            assertThat(history.get("from_time").asLong()).isZero();
            assertThat(history.get("to_time").asLong()).isEqualTo(W);
            assertThat(history.get("truncated").asBoolean()).as("the monitor has seen less than 30 days").isTrue();
            assertThat(history.get("partitions")).singleElement().satisfies(p -> {
                assertThat(p.get("from_offset").asLong()).isZero();
                assertThat(p.get("to_offset").asLong()).isEqualTo(199);
            });
            assertThat(r.get("training_data").get("upsample_factors").get("country=DE").asDouble())
                .as("the segment is all of the traffic").isEqualTo(1.0);
            assertThat(r.get("training_data").get("to_time").asLong()).isEqualTo(3 * W);
            assertThat(r.get("training_data").get("partitions")).singleElement()
                .satisfies(p -> assertThat(p.get("from_offset").asLong()).isEqualTo(200));
        });
    }

    /**
     * Under at-least-once a crash may restore the model state from before a window's close while the
     * partials store is restored after it. The window is then closed again from kept partials and
     * decides as before: the same retrain event id, not a cut breach run and a later trigger.
     */
    @Test
    void shouldCloseAWindowAgainFromKeptPartialsWhenTheModelStateIsRestoredFromBeforeItsClose() {
        MonitorConfig config = TopologyFixture.defaultConfig().toBuilder()
            .kafka(k -> k.processingGuarantee("at_least_once").property("commit.interval.ms", "5000"))
            .build();
        try (TopologyFixture alos = new TopologyFixture(config)) {
            KeyValueStore<String, byte[]> states = alos.driver.getKeyValueStore(TopologyNames.MODEL_STATE_STORE);
            window(alos, 0, 200, 0, "DE");
            window(alos, W, 200, 3, "DE");
            window(alos, 2 * W, 200, 3, "DE");
            byte[] beforeTheTrigger = states.get("m");
            window(alos, 3 * W, 10, 3, "DE");
            JsonNode trigger = TopologyFixture.json(alos.retrainEvents).get(0);
            List<JsonNode> driftOfWindow2 = TopologyFixture.json(alos.driftEvents).stream()
                .filter(e -> e.get("window_start").asLong() == 2 * W).toList();

            states.put("m", beforeTheTrigger);
            alos.driver.advanceWallClockTime(MergeAndCloseProcessor.IDLE_CHECK_INTERVAL);

            assertThat(TopologyFixture.json(alos.retrainEvents)).singleElement().satisfies(again -> {
                assertThat(again.get("event_id")).isEqualTo(trigger.get("event_id"));
                assertThat(again.get("reasons")).isEqualTo(trigger.get("reasons"));
            });
            assertThat(TopologyFixture.json(alos.driftEvents)).extracting(e -> e.get("event_id").asText(),
                    e -> e.get("window_count").asLong())
                .containsExactlyElementsOf(driftOfWindow2.stream().map(e -> org.assertj.core.groups.Tuple.tuple(
                    e.get("event_id").asText(), e.get("window_count").asLong())).toList());
        }
    }

    /** The kept partials go once two commit intervals have passed; under exactly-once they go at the close. */
    @Test
    void shouldDeleteAClosedWindowsPartialsAfterTwoCommitIntervalsUnderAtLeastOnceAndAtOnceUnderExactlyOnce() {
        KeyValueStore<String, Object> eosPartials = fixture.driver.getKeyValueStore(TopologyNames.WINDOWS_STORE);
        window(0, 200, 0, "DE");
        window(W, 10, 0, "DE");
        assertThat(windowsInStore(eosPartials)).containsExactly(W);

        MonitorConfig config = TopologyFixture.defaultConfig().toBuilder()
            .kafka(k -> k.processingGuarantee("at_least_once").property("commit.interval.ms", "5000"))
            .build();
        try (TopologyFixture alos = new TopologyFixture(config)) {
            KeyValueStore<String, Object> partials = alos.driver.getKeyValueStore(TopologyNames.WINDOWS_STORE);
            window(alos, 0, 200, 0, "DE");
            window(alos, W, 10, 0, "DE");
            assertThat(windowsInStore(partials)).containsExactly(0L, W);
            assertThat(modelState(alos, "m").keptPartials).containsOnlyKeys(0L);

            alos.driver.advanceWallClockTime(java.time.Duration.ofSeconds(10));
            assertThat(windowsInStore(partials)).containsExactly(W);
            assertThat(modelState(alos, "m").keptPartials).isEmpty();
        }
    }

    private static List<Long> windowsInStore(KeyValueStore<String, Object> partials) {
        List<Long> starts = new ArrayList<>();
        try (var it = partials.all()) {
            it.forEachRemaining(kv -> starts.add(((io.driftmonitor.state.WindowPartial) kv.value).windowStart()));
        }
        return starts.stream().distinct().sorted().toList();
    }

    /** One index record per batch of predictions: a full batch at once, the rest at the flush. */
    @Test
    void shouldWriteThePredictionIndexInBatches() {
        var index = fixture.driver.createOutputTopic(TopologyNames.predictionIndexTopic(fixture.config.kafka.applicationId),
            new org.apache.kafka.common.serialization.StringDeserializer(), PredictionIndexBatch.indexRecordDeserializer());
        window(0, 200, 0, "DE");

        List<Object> records = index.readValuesToList();
        assertThat(records).hasSize((200 + AccumulateProcessor.INDEX_BATCH_ENTRIES - 1) / AccumulateProcessor.INDEX_BATCH_ENTRIES);
        List<String> ids = new ArrayList<>();
        records.forEach(r -> ((PredictionIndexBatch) r).forEach((id, entry) -> {
            ids.add(id);
            assertThat(entry.windowStart()).isZero();
            assertThat(entry.segments()).containsExactly("country=DE");
        }));
        assertThat(ids).hasSize(200).doesNotHaveDuplicates();
    }

    /** A full batch goes to the label join as soon as it is full; nothing else before the flush. */
    @Test
    void shouldSendAFullIndexBatchBeforeTheFlush() {
        var index = fixture.driver.createOutputTopic(TopologyNames.predictionIndexTopic(fixture.config.kafka.applicationId),
            new org.apache.kafka.common.serialization.StringDeserializer(), PredictionIndexBatch.indexRecordDeserializer());
        int[] perPartition = new int[fixture.config.labelPartitions];
        for (int i = 0; i < 300; i++) {
            String id = "early-" + i;
            perPartition[PredictionIndexBatch.partitionOf(id, perPartition.length)]++;
            fixture.send(TopologyFixture.prediction("m", id, i, Map.of("x", 1.0), 0.5, Map.of()));
        }
        int fullBatches = java.util.Arrays.stream(perPartition).map(n -> n / AccumulateProcessor.INDEX_BATCH_ENTRIES).sum();

        List<Object> early = index.readValuesToList();
        assertThat(fullBatches).isPositive();
        assertThat(early).hasSize(fullBatches)
            .allSatisfy(b -> assertThat(((PredictionIndexBatch) b).size()).isEqualTo(AccumulateProcessor.INDEX_BATCH_ENTRIES));
        fixture.flush();
        int rest = (int) java.util.Arrays.stream(perPartition).filter(n -> n % AccumulateProcessor.INDEX_BATCH_ENTRIES > 0).count();
        assertThat(index.readValuesToList()).hasSize(rest);
    }

    @Test
    void shouldSendPoisonRecordsToTheDeadLetterTopicAndGoOn() {
        fixture.sendRaw("not json at all".getBytes(StandardCharsets.UTF_8));
        fixture.sendRaw("{\"model_id\": \"m\"}".getBytes(StandardCharsets.UTF_8));
        window(0, 200, 0, "DE");
        window(W, 10, 0, "DE");

        List<TestRecord<byte[], byte[]>> dead = fixture.deadLetters.readRecordsToList();
        assertThat(dead).extracting(d -> header(d, DeadLetters.HEADER_MESSAGE)).hasSize(2);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not json at all");
        assertThat(header(dead.get(1), DeadLetters.HEADER_MESSAGE)).contains("prediction_id is required");
        assertThat(header(dead.get(1), DeadLetters.HEADER_TOPIC)).isEqualTo("predictions");
        assertThat(header(dead.get(1), DeadLetters.HEADER_OFFSET)).isEqualTo("1");
        assertThat(TopologyFixture.json(fixture.baselines)).hasSize(1);
    }

    @Test
    void shouldReportDriftPerSegmentWhenOnlyOneSegmentShifts() {
        for (long w = 0; w < 2; w++) {
            for (int i = 0; i < 200; i++) {
                boolean de = i % 2 == 0;
                double mean = w == 1 && de ? 3 : 0;
                Map<String, Object> f = new HashMap<>();
                f.put("x", mean + random.nextGaussian());
                fixture.send(TopologyFixture.prediction("m", "p" + ids++, w * W + i * 40, f, 0.5, Map.of("country", de ? "DE" : "FR")));
            }
            fixture.flush();
        }
        window(2 * W, 10, 0, "FR");

        Map<String, String> status = new HashMap<>();
        for (JsonNode e : TopologyFixture.json(fixture.driftEvents)) {
            if (e.get("signal").asText().equals("feature:x")) {
                status.put(e.get("segment").isNull() ? "all" : e.get("segment").asText(), e.get("status").asText());
            }
        }
        assertThat(status).containsEntry("country=DE", "drift").containsEntry("country=FR", "ok");
    }

    @Test
    void shouldCountRecordsOfClosedWindowsAsLateInsteadOfDroppingThem() {
        window(0, 200, 0, "DE");
        window(W, 200, 0, "DE");
        window(2 * W, 50, 0, "DE");
        window(0, 7, 0, "DE"); // window 0 closed long ago: these are late

        ModelState state = modelState("m");
        assertThat(state.lateRecords).isEqualTo(7);
        assertThat(state.recordsCounted).isEqualTo(450);
    }

    @Test
    void shouldKeepProcessingThroughAFloodOfPoisonRecords() {
        for (int i = 0; i < 1000; i++) {
            fixture.sendRaw(new byte[] {(byte) i, 1, 2});
        }
        window(0, 200, 0, "DE");
        window(W, 10, 0, "DE");

        assertThat(fixture.deadLetters.getQueueSize()).isEqualTo(1000);
        assertThat(TopologyFixture.json(fixture.baselines)).hasSize(1);
    }

    @Test
    void shouldTakeTheFirstWindowOfANewModelVersionAsItsBaseline() {
        window(0, 200, 0, "DE");
        window(W, 200, 0, "DE");
        for (int i = 0; i < 200; i++) {
            var e = TopologyFixture.prediction("m", "v2-" + i, 2 * W + i * 40, Map.of("x", 5 + random.nextGaussian()), 0.5,
                Map.of("country", "DE"));
            e.setModelVersion("v2");
            fixture.send(e);
        }
        fixture.flush();
        for (int i = 0; i < 200; i++) {
            var e = TopologyFixture.prediction("m", "v2b-" + i, 3 * W + i * 40, Map.of("x", 5 + random.nextGaussian()), 0.5,
                Map.of("country", "DE"));
            e.setModelVersion("v2");
            fixture.send(e);
        }
        fixture.flush();
        window(4 * W, 10, 5, "DE");

        assertThat(TopologyFixture.json(fixture.baselines)).extracting(b -> b.get("version").asLong(),
            b -> b.get("source").asText()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, "first-window:0"),
                org.assertj.core.groups.Tuple.tuple(2L, "first-window:" + 3 * W));
    }

    @Test
    void shouldRollTheBaselineOverThePreviousWindowsWhenThePolicySaysSo() {
        fixture.close();
        io.driftmonitor.config.MonitorConfig config = TopologyFixture.defaultConfig().toBuilder()
            .defaults(d -> d.baseline("rolling").rollingWindows(2))
            .build();
        TopologyFixture rolling = new TopologyFixture(config);
        try {
            for (int w = 0; w < 4; w++) {
                for (int i = 0; i < (w == 3 ? 10 : 200); i++) {
                    rolling.send(TopologyFixture.prediction("m", "r" + w + "-" + i, w * W + i * 40,
                        Map.of("x", random.nextGaussian()), 0.5, Map.of()));
                }
                rolling.flush();
            }
            List<JsonNode> baselines = TopologyFixture.json(rolling.baselines);
            assertThat(baselines).extracting(b -> b.get("version").asLong()).containsExactly(1L, 2L, 3L);
            JsonNode v3 = baselines.get(2);
            assertThat(v3.get("source").asText()).isEqualTo("rolling:2-windows");
            assertThat(v3.get("effective_from").asLong()).isEqualTo(3 * W);
            for (JsonNode s : v3.get("signals")) {
                if (s.get("name").asText().equals("feature:x")) {
                    assertThat(s.get("total").asLong()).isEqualTo(400);
                    assertThat(s.get("edges")).isEqualTo(baselines.get(0).get("signals").findValue("edges"));
                }
            }
        } finally {
            rolling.close();
        }
    }

    @Test
    void shouldTellAModelBeyondTheModelCapThatItIsNotMonitored() {
        fixture.close();
        io.driftmonitor.config.MonitorConfig config = TopologyFixture.defaultConfig().toBuilder()
            .aggregation(a -> a.maxModels(1))
            .build();
        TopologyFixture capped = new TopologyFixture(config);
        try {
            capped.send(TopologyFixture.prediction("first", "a", 10, Map.of("x", 1.0), 0.5, Map.of()));
            capped.flush();
            capped.send(TopologyFixture.prediction("second", "b", 20, Map.of("x", 1.0), 0.5, Map.of()));
            capped.send(TopologyFixture.prediction("second", "c", 30, Map.of("x", 1.0), 0.5, Map.of()));
            capped.flush();
            capped.send(TopologyFixture.prediction("second", "d", 40, Map.of("x", 1.0), 0.5, Map.of()));
            capped.flush();
            assertThat(TopologyFixture.json(capped.driftEvents)).singleElement().satisfies(e -> {
                assertThat(e.get("model_id").asText()).isEqualTo("second");
                assertThat(e.get("signal").asText()).isEqualTo("data_quality:model_cap");
                assertThat(e.get("threshold").asDouble()).isEqualTo(1.0);
            });
        } finally {
            capped.close();
        }
    }

    private ModelState modelState(String model) {
        return modelState(fixture, model);
    }

    private static ModelState modelState(TopologyFixture fixture, String model) {
        KeyValueStore<String, byte[]> store = fixture.driver.getKeyValueStore(TopologyNames.MODEL_STATE_STORE);
        return MergeAndCloseProcessor.readJson(store, model, ModelState.class);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static long[] longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
