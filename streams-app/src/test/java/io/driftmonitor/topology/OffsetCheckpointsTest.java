package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class OffsetCheckpointsTest {
    private static final long H = OffsetCheckpoints.BUCKET_MS;
    private static final long MIN = 60_000;

    @Test
    void shouldNameTheHistoryFromTheFirstHourInsideTheRequestedSpanUpToTheRecentRanges() {
        OffsetCheckpoints c = new OffsetCheckpoints();
        long keep = 30L * 24 * H;
        for (int hour = 0; hour < 48; hour++) {
            for (int m = 0; m < 60; m += 10) {
                long start = hour * H + m * MIN;
                long offset = hour * 600L + m * 10L;
                c.record(start, Map.of(0, new long[] {offset, offset + 99}, 1, new long[] {offset / 2, offset / 2 + 49}), keep);
            }
        }
        // Recent windows from hour 47; a 10-hour history.
        OffsetCheckpoints.History h = c.before(47 * H, Map.of(0, 47 * 600L, 1, 47 * 300L), 10 * H);
        assertThat(h.fromTime()).isEqualTo(37 * H);
        assertThat(h.truncated()).isFalse();
        assertThat(h.ranges().get(0)).containsExactly(37 * 600L, 47 * 600L - 1);
        assertThat(h.ranges().get(1)).containsExactly(37 * 300L, 47 * 300L - 1);
    }

    @Test
    void shouldSayWhenItHoldsLessThanTheRequestedHistoryAndForgetHoursBeyondIt() {
        OffsetCheckpoints c = new OffsetCheckpoints();
        long keep = 2 * H;
        for (int hour = 0; hour < 10; hour++) {
            c.record(hour * H, Map.of(0, new long[] {hour * 100L, hour * 100L + 99}), keep);
        }
        assertThat(c.hours.firstKey()).as("older hours are forgotten").isGreaterThanOrEqualTo(6 * H);
        OffsetCheckpoints.History h = c.before(9 * H, Map.of(0, 900L), 30 * H);
        assertThat(h.truncated()).isTrue();
        assertThat(h.ranges().get(0)[1]).isEqualTo(899);
        assertThat(c.before(0, Map.of(0, 0L), H)).as("nothing before the recent windows").isNull();
    }
}
