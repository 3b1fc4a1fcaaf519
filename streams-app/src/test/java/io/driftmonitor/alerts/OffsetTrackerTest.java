package io.driftmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    private final OffsetTracker<String> tracker = new OffsetTracker<>();

    @Test
    void shouldCommitOnlyUpToTheFirstUnfinishedRecord() {
        tracker.start("p0", 10);
        tracker.start("p0", 11);
        tracker.start("p0", 12);
        assertThat(tracker.toCommit()).isEqualTo(Map.of("p0", 10L));
        tracker.finish("p0", 11);
        tracker.finish("p0", 12);
        assertThat(tracker.toCommit()).as("10 still in flight").isEmpty();
        assertThat(tracker.inFlight()).isEqualTo(1);
        tracker.finish("p0", 10);
        assertThat(tracker.toCommit()).isEqualTo(Map.of("p0", 13L));
        assertThat(tracker.toCommit()).as("nothing new").isEmpty();
        assertThat(tracker.inFlight()).isZero();
    }

    @Test
    void shouldCommitPastSkippedRecordsAndKeepPartitionsApart() {
        tracker.skip("p0", 0);
        tracker.skip("p0", 1);
        tracker.start("p1", 5);
        tracker.start("p0", 2);
        tracker.skip("p0", 3);
        assertThat(tracker.toCommit()).isEqualTo(Map.of("p0", 2L, "p1", 5L));
        tracker.finish("p0", 2);
        assertThat(tracker.toCommit()).isEqualTo(Map.of("p0", 4L));
        assertThat(tracker.inFlight("p1")).isEqualTo(1);
    }

    @Test
    void shouldForgetARevokedPartitionAndIgnoreItsLateFinishes() {
        tracker.start("p0", 7);
        tracker.start("p0", 8);
        tracker.finish("p0", 7);
        assertThat(tracker.toCommit("p0")).isEqualTo(8L);
        tracker.remove("p0");
        assertThat(tracker.inFlight()).isZero();
        tracker.finish("p0", 8);
        assertThat(tracker.toCommit()).isEmpty();
        assertThat(tracker.toCommit("p0")).isEqualTo(-1L);
    }
}
