package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Labels in the label join, with the default policy (label horizon 7 days, min_timestamp
 * 2000-01-01, max_future_skew 1 h) on a driver whose wall clock runs with the event times: how a
 * label is keyed does not matter, duplicates count once, what never finds its prediction is
 * unmatched, what lies about its time is refused without moving the join's clock, and a
 * prediction's entry lasts exactly its label horizon.
 */
class LabelRoutingTest {
    private static final long W = TopologyFixture.WINDOW_MS;
    /** 2026-01-01, on a window boundary: after the default min_timestamp. */
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private final TopologyFixture fixture = new TopologyFixture(defaultTimestampConfig(), Instant.ofEpochMilli(T0));

    private static io.driftmonitor.config.MonitorConfig defaultTimestampConfig() {
        io.driftmonitor.config.ModelPolicy defaults = io.driftmonitor.config.ModelPolicy.builder().build();
        io.driftmonitor.config.MonitorConfig config = TopologyFixture.defaultConfig().toBuilder()
            .defaults(d -> d.minTimestamp(defaults.minTimestamp)) // the fixture lowers it for epoch-based tests
            .build();
        assertThat(config.defaults.labelHorizon).isEqualTo(Duration.ofDays(7));
        assertThat(config.defaults.maxFutureSkew).isEqualTo(Duration.ofHours(1));
        return config;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private void predict(String id, long time) {
        PredictionEvent e = TopologyFixture.prediction("m", id, time, Map.of("x", 1.0), 0.9, Map.of());
        e.setPredictedLabel("fraud");
        fixture.send(e);
    }

    private void label(String key, String id, long time) {
        LabelEvent l = LabelEvent.newBuilder().setPredictionId(id).setModelId("m").setTimestamp(time).setLabel("fraud").build();
        fixture.labels.pipeInput(key, JsonRecordCodec.toJsonBytes(l), time);
    }

    private long wall = T0;

    private void advanceWall(Duration d) {
        long until = wall + d.toMillis();
        while (wall < until) {
            // One flush interval at a time: the driver runs each punctuation once per advance.
            Duration step = Duration.ofMillis(Math.min(fixture.config.aggregation.flushInterval.toMillis(), until - wall));
            fixture.driver.advanceWallClockTime(step);
            wall += step.toMillis();
        }
    }

    /** Days at once (nothing waits to be flushed when this is called). */
    private void jumpWallClockTo(long time) {
        fixture.driver.advanceWallClockTime(Duration.ofMillis(time - wall));
        wall = time;
    }

    private ModelState state() {
        return MergeAndCloseProcessor.readState(fixture.driver.<String, byte[]>getKeyValueStore(TopologyNames.MODEL_STATE_STORE).get("m"));
    }

    @Test
    void shouldAttributeALabelByItsPredictionIdWhateverItIsKeyedBy() {
        for (int i = 0; i < 10; i++) {
            predict("p" + i, T0 + i);
        }
        advanceWall(Duration.ofSeconds(1));
        label("p0", "p0", T0 + 100);
        label(null, "p1", T0 + 101);
        label("some-other-key", "p2", T0 + 102);
        label("p3", "p3", T0 + 103);
        label("p3", "p3", T0 + 104); // a duplicate counts once
        advanceWall(Duration.ofSeconds(2));
        assertThat(state().labelsCounted).isEqualTo(4);
        assertThat(state().unmatchedLabels).isZero();
    }

    @Test
    void shouldCountALabelWhosePredictionNeverComesAsUnmatchedOnceTheJoinClockHasWaited() {
        predict("p0", T0);
        label("ghost", "ghost", T0 + 1);
        // Ten minutes of event time later (predictions move the clock) the label is given up on.
        long later = T0 + LabelJoinProcessor.PENDING_LABEL_WAIT.toMillis() + W;
        advanceWall(Duration.ofMillis(later - T0));
        predict("p1", later);
        advanceWall(LabelJoinProcessor.HOUSEKEEPING_INTERVAL.plusSeconds(2));
        assertThat(state().unmatchedLabels).isEqualTo(1);
        assertThat(state().labelsCounted).isZero();
    }

    /** Labels for a model id that no prediction carries (a typo, a model not yet deployed) are shown with that id. */
    @Test
    void shouldCountTheUnmatchedLabelsOfAModelNoPredictionNamesUnderItsOwnId() {
        predict("p0", T0);
        LabelEvent l = LabelEvent.newBuilder().setPredictionId("ghost").setModelId("fraud-typo").setTimestamp(T0 + 1)
            .setLabel("fraud").build();
        fixture.labels.pipeInput("ghost", JsonRecordCodec.toJsonBytes(l), T0 + 1);
        long later = T0 + LabelJoinProcessor.PENDING_LABEL_WAIT.toMillis() + W;
        advanceWall(Duration.ofMillis(later - T0));
        predict("p1", later);
        advanceWall(LabelJoinProcessor.HOUSEKEEPING_INTERVAL.plusSeconds(2));
        byte[] typo = fixture.driver.<String, byte[]>getKeyValueStore(TopologyNames.MODEL_STATE_STORE).get("fraud-typo");
        assertThat(typo).isNotNull();
        assertThat(MergeAndCloseProcessor.readState(typo).unmatchedLabels).isEqualTo(1);
        assertThat(state().unmatchedLabels).isZero();
    }

    @Test
    void shouldRefuseALabelStampedTenYearsAheadWithoutExpiringTheLabelsThatWait() {
        predict("p0", T0);
        label("early", "early", T0 + 1); // waits for its prediction
        long tenYears = Duration.ofDays(3653).toMillis();
        label("liar", "p0", T0 + tenYears);
        advanceWall(LabelJoinProcessor.HOUSEKEEPING_INTERVAL.plusSeconds(2));

        List<TestRecord<byte[], byte[]>> dead = fixture.deadLetters.readRecordsToList();
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.headers().lastHeader(DeadLetters.HEADER_REASON).value(), StandardCharsets.UTF_8))
                .isEqualTo(TimestampCheck.IN_FUTURE);
            assertThat(new String(r.headers().lastHeader(DeadLetters.HEADER_MESSAGE).value(), StandardCharsets.UTF_8))
                .startsWith("timestamp_in_future");
        });
        predict("early", T0 + 2);
        advanceWall(Duration.ofSeconds(2));
        assertThat(state().labelsCounted).isEqualTo(1);
        assertThat(state().unmatchedLabels).isZero();
        assertThat(state().timestampsInFuture).isEqualTo(1);
    }

    @Test
    void shouldRefuseALabelFromBeforeTheYear2000() {
        predict("p0", T0);
        label("p0", "p0", Instant.parse("1999-12-31T23:59:59Z").toEpochMilli());
        advanceWall(Duration.ofSeconds(2));
        assertThat(fixture.deadLetters.readRecordsToList()).singleElement().satisfies(r ->
            assertThat(new String(r.headers().lastHeader(DeadLetters.HEADER_REASON).value(), StandardCharsets.UTF_8))
                .isEqualTo(TimestampCheck.OUT_OF_RANGE));
        assertThat(state().timestampsOutOfRange).isEqualTo(1);
        assertThat(state().labelsCounted).isZero();
    }

    @Test
    void shouldKeepAPredictionsEntryForItsWholeLabelHorizonAndNoLonger() {
        predict("kept", T0);
        predict("gone", T0 + 1);
        advanceWall(Duration.ofSeconds(2));
        long sixDays = T0 + Duration.ofDays(6).toMillis();
        long eightDays = T0 + Duration.ofDays(8).toMillis();
        jumpWallClockTo(sixDays);
        predict("p-six", sixDays);
        label("kept", "kept", sixDays + 1);
        advanceWall(Duration.ofSeconds(2));
        assertThat(state().labelsCounted).isEqualTo(1);

        jumpWallClockTo(eightDays);
        predict("p-eight", eightDays);
        label("gone", "gone", eightDays + 1);
        long afterWait = eightDays + LabelJoinProcessor.PENDING_LABEL_WAIT.toMillis() + W;
        jumpWallClockTo(afterWait);
        predict("p-after", afterWait);
        advanceWall(LabelJoinProcessor.HOUSEKEEPING_INTERVAL.plusSeconds(2));
        assertThat(state().labelsCounted).isEqualTo(1);
        assertThat(state().unmatchedLabels).isEqualTo(1); // its prediction's entry had expired: counted, not lost
    }
}
