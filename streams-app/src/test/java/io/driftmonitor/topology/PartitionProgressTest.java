package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftmonitor.state.Watermark;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {
    private static final long IDLE = 30_000;

    @Test
    void shouldReportAtTheFirstFlushSoThatAMovedTaskHoldsTheClockAtOnce() {
        PartitionProgress progress = new PartitionProgress(3, IDLE);
        assertThat(progress.atFlush(1_000)).isEqualTo(new Watermark(3, Long.MIN_VALUE, false));
        assertThat(progress.atFlush(2_000)).as("nothing new").isNull();
    }

    @Test
    void shouldCountIdlenessFromTheFirstFlushNotFromConstruction() {
        PartitionProgress progress = new PartitionProgress(0, IDLE);
        // Built at 0, restored for a minute, running from 60 s: not idle before 90 s.
        assertThat(progress.atFlush(60_000).idle()).isFalse();
        assertThat(progress.atFlush(89_999)).isNull();
        assertThat(progress.atFlush(90_000)).isEqualTo(new Watermark(0, Long.MIN_VALUE, true));
    }

    @Test
    void shouldReportProgressThenIdlenessAsAHeartbeatOnEveryFlushAndActivityAgainAtTheNextRecord() {
        PartitionProgress progress = new PartitionProgress(1, IDLE);
        progress.atFlush(0);
        progress.recordRead(1_000);
        progress.eventTimeSeen(500);
        assertThat(progress.atFlush(2_000)).isEqualTo(new Watermark(1, 500, false));
        assertThat(progress.atFlush(30_999)).isNull();
        assertThat(progress.atFlush(31_000)).isEqualTo(new Watermark(1, 500, true));
        assertThat(progress.atFlush(32_000)).as("heartbeat").isEqualTo(new Watermark(1, 500, true));
        progress.recordRead(33_000);
        assertThat(progress.atFlush(34_000)).isEqualTo(new Watermark(1, 500, false));
    }

    @Test
    void shouldNeverBeIdleWhenIdleCloseIsZero() {
        PartitionProgress progress = new PartitionProgress(0, 0);
        progress.atFlush(0);
        assertThat(progress.atFlush(Long.MAX_VALUE / 2)).isNull();
    }
}
