package io.driftmonitor.topology;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells level 1 that the global baseline store may have changed, so that it reads the store only
 * then (and once per flush, for changes made by a restore of the global store), not for every
 * record: a read of Kafka's store serialises the key, takes a lock and records metrics. Shared by
 * the global store's updater and every level-1 task of one topology.
 */
final class BaselineChanges {
    private final AtomicLong generation = new AtomicLong();

    /** After the updater wrote the store. */
    void changed() {
        generation.incrementAndGet();
    }

    long generation() {
        return generation.get();
    }
}
