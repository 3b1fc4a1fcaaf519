package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The event clock against a model of what really happens: producers append records to partitions,
 * level-1 tasks read them and report (active, or idle only when they have nothing left to read),
 * level 2 and level-1 tasks restart, and producers pause and resume. Whatever the interleaving, no
 * window may close while a partition still has an unread record for it; and once every partition has
 * read everything and gone idle, every window with data closes.
 *
 * <p>The producers' rules: per partition, timestamps run forward with disorder up to the grace; a
 * partition that has reported idle resumes after the newest window seen (a pause, a batch upload,
 * data behind the wall clock) — records older than what the other partitions delivered while it was
 * idle are late by definition.
 */
class EventClockProperties {
    private static final long WINDOW = 10;

    @Property(tries = 500)
    void noWindowClosesWhileAPartitionHasUnreadRecordsForIt(@ForAll @IntRange(min = 1, max = 4) int partitions,
                                                             @ForAll @LongRange(min = 0, max = 6) long grace,
                                                             @ForAll long seed) {
        Random random = new Random(seed);
        World world = new World(partitions, grace);
        for (int step = 0; step < 300; step++) {
            world.act(random);
            world.assertNoUnreadRecordIsInAClosableWindow();
        }
        world.drainAndIdle();
        world.assertEveryReadWindowIsClosable();
    }

    @Property(tries = 200)
    void theClockNeverPassesTheNewestEventTimeReported(@ForAll @IntRange(min = 1, max = 4) int partitions,
                                                       @ForAll long seed) {
        Random random = new Random(seed);
        World world = new World(partitions, 0);
        for (int step = 0; step < 200; step++) {
            world.act(random);
            assertThat(world.clock.clock()).isLessThanOrEqualTo(Math.max(world.clock.newestEventTime(), Long.MIN_VALUE));
        }
    }

    /** Partitions, their unread records, the level-1 tasks' memory and the level-2 clock. */
    private static final class World {
        final long grace;
        final List<ArrayDeque<Long>> unread = new ArrayList<>();
        final List<List<Long>> readSinceReport = new ArrayList<>();
        final long[] appendedMax;
        /** What each level-1 task has read since it started (lost when it restarts). */
        final long[] readMax;
        /** Whether the partition's latest report to level 2 said idle. */
        final boolean[] reportedIdle;
        /** Level 2's store of progress: what survives its restart. */
        final long[] persisted;
        EventClock clock;
        long newestRead = Long.MIN_VALUE;

        World(int partitions, long grace) {
            this.grace = grace;
            appendedMax = new long[partitions];
            readMax = new long[partitions];
            reportedIdle = new boolean[partitions];
            persisted = new long[partitions];
            Arrays.fill(readMax, Long.MIN_VALUE);
            Arrays.fill(persisted, Long.MIN_VALUE);
            for (int p = 0; p < partitions; p++) {
                unread.add(new ArrayDeque<>());
                readSinceReport.add(new ArrayList<>());
            }
            clock = new EventClock(partitions);
        }

        void act(Random random) {
            int p = random.nextInt(unread.size());
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> append(p, random);
                case 3, 4 -> read(p, 1 + random.nextInt(5));
                case 5, 6 -> report(p, false);
                case 7 -> {
                    if (unread.get(p).isEmpty()) {
                        report(p, true);
                    }
                }
                case 8 -> restartLevelTwo();
                default -> restartLevelOne(p);
            }
        }

        void append(int p, Random random) {
            long ts;
            if (reportedIdle[p] && newestRead != Long.MIN_VALUE) {
                long resume = Math.floorDiv(newestRead, WINDOW) * WINDOW + WINDOW;
                ts = Math.max(resume, appendedMax[p]) + random.nextInt(30);
            } else {
                ts = Math.max(0, appendedMax[p] - grace + random.nextInt((int) grace + 8));
            }
            appendedMax[p] = Math.max(appendedMax[p], ts);
            unread.get(p).add(ts);
        }

        /**
         * A level-1 task restarts: what it read since its last report was not committed and is read
         * again; what it knew of its progress is lost.
         */
        void restartLevelOne(int p) {
            List<Long> again = readSinceReport.get(p);
            for (int i = again.size() - 1; i >= 0; i--) {
                unread.get(p).addFirst(again.get(i));
            }
            again.clear();
            readMax[p] = Long.MIN_VALUE;
        }

        void read(int p, int n) {
            for (int i = 0; i < n && !unread.get(p).isEmpty(); i++) {
                long ts = unread.get(p).poll();
                readSinceReport.get(p).add(ts);
                readMax[p] = Math.max(readMax[p], ts);
                newestRead = Math.max(newestRead, ts);
            }
        }

        void report(int p, boolean idle) {
            readSinceReport.get(p).clear();
            if (clock.report(p, readMax[p], idle)) {
                persisted[p] = clock.eventTime(p);
            }
            reportedIdle[p] = idle;
        }

        void restartLevelTwo() {
            clock = new EventClock(unread.size());
            for (int p = 0; p < persisted.length; p++) {
                if (persisted[p] != Long.MIN_VALUE) {
                    clock.restore(p, persisted[p]);
                }
                reportedIdle[p] = false;
            }
        }

        void drainAndIdle() {
            for (int p = 0; p < unread.size(); p++) {
                read(p, Integer.MAX_VALUE);
                report(p, false);
            }
            for (int round = 0; round < 2; round++) {
                for (int p = 0; p < unread.size(); p++) {
                    report(p, true);
                }
            }
        }

        void assertNoUnreadRecordIsInAClosableWindow() {
            for (int p = 0; p < unread.size(); p++) {
                for (long ts : unread.get(p)) {
                    long start = Math.floorDiv(ts, WINDOW) * WINDOW;
                    assertThat(clock.mayClose(start, start + WINDOW, grace))
                        .as("window %d closable with record %d unread on partition %d (clock %d)", start, ts, p, clock.clock())
                        .isFalse();
                }
            }
        }

        void assertEveryReadWindowIsClosable() {
            if (newestRead == Long.MIN_VALUE) {
                return;
            }
            long newestWindow = Math.floorDiv(newestRead, WINDOW) * WINDOW;
            assertThat(clock.mayClose(newestWindow, newestWindow + WINDOW, grace)).isTrue();
            assertThat(clock.clock()).isEqualTo(newestRead);
        }
    }
}
