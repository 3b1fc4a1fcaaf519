package io.driftmonitor.query;

import java.util.EnumSet;
import java.util.Set;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * What the probes say about the Kafka Streams client.
 *
 * <ul>
 *   <li><b>Live</b> ({@code /health}) unless the client is failed or stopping (ERROR, PENDING_ERROR,
 *       NOT_RUNNING, PENDING_SHUTDOWN) or runs fewer stream threads than configured. A client still
 *       being created or started is live: a liveness probe must not kill a monitor that is starting.</li>
 *   <li><b>Ready</b> ({@code /ready}) once the client has been RUNNING, and for as long as it is live and
 *       RUNNING or REBALANCING: a rebalance or restore does not take every instance out of service at
 *       once; queries of a store that is migrating answer 503 with Retry-After on their own.</li>
 *   <li><b>Caught up</b> ({@code /ready?caught_up=true}): ready, RUNNING, and every local active
 *       level-2 store answers (none is restoring).</li>
 * </ul>
 */
final class StreamsHealth implements KafkaStreams.StateListener {
    /** States of a client that has failed or is going away: it will not process again. */
    static final Set<KafkaStreams.State> DOWN = EnumSet.of(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR,
        KafkaStreams.State.NOT_RUNNING, KafkaStreams.State.PENDING_SHUTDOWN);
    /** Thread states of a stream thread that no longer processes. */
    private static final Set<String> GONE_THREADS = Set.of("DEAD", "PENDING_SHUTDOWN");

    private final KafkaStreams streams;
    private final int configuredThreads;
    private volatile boolean reachedRunning;

    /** The client's state, its alive stream threads against the configured count, and the verdicts. */
    record Assessment(KafkaStreams.State state, int aliveThreads, int configuredThreads, boolean live, boolean ready,
                      String detail) {
    }

    /**
     * Watches {@code streams}: as its state listener when it is not started yet (Kafka Streams has
     * one listener per client; one set later replaces this one, and the probes then notice RUNNING
     * when they see it), and by reading its state and threads on every probe.
     */
    StreamsHealth(KafkaStreams streams, int configuredThreads) {
        this.streams = streams;
        this.configuredThreads = configuredThreads;
        if (streams.state() == KafkaStreams.State.CREATED) {
            streams.setStateListener(this);
        }
    }

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        if (newState == KafkaStreams.State.RUNNING) {
            reachedRunning = true;
        }
    }

    Assessment assess() {
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.RUNNING) {
            reachedRunning = true;
        }
        int alive = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING ? aliveThreads() : -1;
        return assess(state, alive, configuredThreads, reachedRunning);
    }

    /** The verdicts for a client in {@code state} with {@code alive} stream threads (-1: not counted). */
    static Assessment assess(KafkaStreams.State state, int alive, int configured, boolean reachedRunning) {
        if (DOWN.contains(state)) {
            return new Assessment(state, alive, configured, false, false, "the Kafka Streams client is " + state);
        }
        if (alive >= 0 && alive < configured) {
            return new Assessment(state, alive, configured, false, false,
                "only " + alive + " of " + configured + " stream threads are alive");
        }
        boolean serving = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        boolean ready = serving && reachedRunning;
        return new Assessment(state, alive, configured, true, ready,
            ready ? null : "the Kafka Streams client is " + state + " and has not been RUNNING yet");
    }

    private int aliveThreads() {
        try {
            int alive = 0;
            for (ThreadMetadata t : streams.metadataForLocalThreads()) {
                if (!GONE_THREADS.contains(t.threadState())) {
                    alive++;
                }
            }
            return alive;
        } catch (RuntimeException e) {
            return -1; // the client moved on between reading its state and its threads; the next probe counts
        }
    }
}
