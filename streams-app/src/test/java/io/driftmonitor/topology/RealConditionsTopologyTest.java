package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.config.MonitorConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Counts that stay exact under what production does to a stream: producers that pause longer than
 * {@code idle_close} while their data runs behind the wall clock, timestamps that cannot be true,
 * tags that look like roles, segment keys with more values than are named. Default idle_close,
 * default timestamp limits (the wall clock of these drivers starts in 2026).
 */
class RealConditionsTopologyTest {
    private static final long W = TopologyFixture.WINDOW_MS;
    /** A window boundary in 2026. */
    private static final long T0 = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    private final Random random = new Random(7);
    private int ids;

    private static MonitorConfig config() {
        return TopologyFixture.defaultConfig().toBuilder() // the default min_timestamp, 2000-01-01
            .defaults(d -> d.minTimestamp(io.driftmonitor.config.ModelPolicy.builder().build().minTimestamp))
            .build();
    }

    private void send(TopologyFixture f, long t, Map<String, String> tags) {
        Map<String, Object> features = new HashMap<>();
        features.put("x", random.nextGaussian());
        f.send(TopologyFixture.prediction("m", "p" + ids++, t, features, random.nextDouble(), tags));
    }

    /** Whole-model window_count per closed window, from the drift events (or the baseline's total). */
    private static Map<Long, Long> windowCounts(List<JsonNode> events) {
        return events.stream().filter(e -> e.get("segment").isNull() && e.get("signal").asText().equals("feature:x"))
            .collect(Collectors.toMap(e -> e.get("window_start").asLong(), e -> e.get("window_count").asLong(),
                (a, b) -> a, TreeMap::new));
    }

    @Test
    void shouldKeepEveryWindowExactWhenAProducerBehindTheWallClockPausesLongerThanIdleClose() {
        // Event time runs 400 s behind the wall clock.
        try (TopologyFixture f = new TopologyFixture(config(), Instant.ofEpochMilli(T0 + 400_000))) {
            Map<Long, Long> produced = new TreeMap<>();
            long t = T0;
            for (int w = 0; w < 3; w++) {
                for (int i = 0; i < 150; i++) {
                    send(f, t + w * W + i * (W / 150), Map.of());
                    produced.merge(T0 + w * W, 1L, Long::sum);
                    if (i % 50 == 49) {
                        f.flush();
                    }
                }
            }
            // A 45 s pause: longer than idle_close (30 s); the producer's clock goes on meanwhile.
            for (int s = 0; s < 45; s++) {
                f.flush();
            }
            long resume = T0 + 3 * W + 45_000;
            long resumeWindow = Math.floorDiv(resume, W) * W;
            for (int w = 0; w < 6; w++) {
                for (int i = 0; i < 150; i++) {
                    send(f, resumeWindow + w * W + i * (W / 150), Map.of());
                    produced.merge(resumeWindow + w * W, 1L, Long::sum);
                    if (i % 50 == 49) {
                        f.flush();
                    }
                }
            }
            for (int s = 0; s < 35; s++) {
                f.flush(); // idle again: the newest window closes too
            }

            Map<Long, Long> counted = windowCounts(TopologyFixture.json(f.driftEvents));
            produced.remove(T0); // the first window is the baseline
            assertThat(counted).isEqualTo(produced);
        }
    }

    @Test
    void shouldSendARecordStampedTenYearsAheadToTheDeadLettersWithoutMovingAnyClock() {
        try (TopologyFixture f = new TopologyFixture(config(), Instant.ofEpochMilli(T0))) {
            for (int w = 0; w < 3; w++) {
                for (int i = 0; i < 120; i++) {
                    send(f, T0 + w * W + i * (W / 120), Map.of());
                    if (w == 1 && i == 60) {
                        send(f, T0 + Duration.ofDays(3650).toMillis(), Map.of()); // a broken clock
                        send(f, 946_684_799_999L, Map.of()); // 1999-12-31T23:59:59.999Z
                    }
                }
                f.flush();
                f.driver.advanceWallClockTime(Duration.ofMillis(W - 1000));
            }
            send(f, T0 + 3 * W, Map.of());
            f.flush();

            List<TestRecord<byte[], byte[]>> dead = f.deadLetters.readRecordsToList();
            assertThat(dead).extracting(r -> header(r, DeadLetters.HEADER_MESSAGE).split(":")[0])
                .containsExactly(TimestampCheck.IN_FUTURE, TimestampCheck.OUT_OF_RANGE);
            List<JsonNode> events = TopologyFixture.json(f.driftEvents);
            assertThat(windowCounts(events)).containsExactly(Map.entry(T0 + W, 120L), Map.entry(T0 + 2 * W, 120L));
            assertThat(events).filteredOn(e -> e.get("signal").asText().equals(DataQualityEvents.TIMESTAMPS)).singleElement()
                .satisfies(e -> {
                    assertThat(e.get("window_start").asLong()).as("the next window to close").isEqualTo(T0);
                    assertThat(e.get("metrics").get(TimestampCheck.IN_FUTURE).asDouble()).isEqualTo(1);
                    assertThat(e.get("metrics").get(TimestampCheck.OUT_OF_RANGE).asDouble()).isEqualTo(1);
                });
            ModelState state = MergeAndCloseProcessor.readState(
                f.driver.<String, byte[]>getKeyValueStore(TopologyNames.MODEL_STATE_STORE).get("m"));
            assertThat(state.timestampsInFuture).isEqualTo(1);
            assertThat(state.timestampsOutOfRange).isEqualTo(1);
            assertThat(state.lateRecords).isZero();
        }
    }

    @Test
    void shouldCountATagNamedDeploymentAsAnOrdinarySegmentNotARole() {
        try (TopologyFixture f = new TopologyFixture(config(), Instant.ofEpochMilli(T0))) {
            for (int w = 0; w < 3; w++) {
                for (int i = 0; i < 120; i++) {
                    send(f, T0 + w * W + i * (W / 120), Map.of("deployment", i % 2 == 0 ? "eu" : "us"));
                }
                f.flush();
            }
            List<JsonNode> events = TopologyFixture.json(f.driftEvents);
            assertThat(events).extracting(e -> e.get("segment").isNull() ? null : e.get("segment").asText())
                .contains("tag:deployment=eu", "tag:deployment=us").doesNotContain("deployment=eu", "deployment=us");
            assertThat(windowCounts(events)).containsExactly(Map.entry(T0 + W, 120L));
            JsonNode baseline = TopologyFixture.json(f.baselines).get(0);
            assertThat(baseline.get("signals")).anySatisfy(s -> assertThat(s.get("segment").asText()).isEqualTo("tag:deployment=eu"));
        }
    }

    @Test
    void shouldNameTheFirstValuesOfASegmentKeyForGoodAndCountLaterOnesAsOther() {
        MonitorConfig config = config().toBuilder().defaults(d -> d.maxSegmentValues(2)).build();
        try (TopologyFixture f = new TopologyFixture(config, Instant.ofEpochMilli(T0))) {
            for (int w = 0; w < 3; w++) {
                for (int i = 0; i < 120; i++) {
                    String country = w == 0 ? (i % 2 == 0 ? "DE" : "FR") : List.of("DE", "FR", "IT", "ES").get(i % 4);
                    send(f, T0 + w * W + i * (W / 120), Map.of("country", country));
                }
                f.flush();
            }
            List<JsonNode> events = TopologyFixture.json(f.driftEvents);
            Map<String, Long> counts = events.stream()
                .filter(e -> e.get("window_start").asLong() == T0 + W && e.get("signal").asText().equals("feature:x")
                    && !e.get("segment").isNull())
                .collect(Collectors.toMap(e -> e.get("segment").asText(), e -> e.get("window_count").asLong()));
            assertThat(counts).containsOnly(Map.entry("country=DE", 30L), Map.entry("country=FR", 30L),
                Map.entry("country=__other__", 60L));
            assertThat(events).filteredOn(e -> e.get("signal").asText().equals(DataQualityEvents.SEGMENT_VALUES))
                .singleElement().satisfies(e -> {
                    assertThat(e.get("segment").asText()).isEqualTo("country=__other__");
                    assertThat(e.get("value").asDouble()).isEqualTo(2);
                });
        }
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
