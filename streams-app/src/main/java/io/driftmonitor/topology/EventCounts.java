package io.driftmonitor.topology;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of what this process's stream threads emitted that the stores do not keep a total of: dead
 * letters by source topic and reason, promotion decisions by model and decision. They are counted
 * per Kafka Streams client (the prefix of the stream thread's name, {@code <client.id>-StreamThread-N}),
 * so that two monitors in one JVM (as in tests) each report their own; {@code /metrics} exports them
 * as counters that start at zero with the process, the Prometheus way.
 *
 * <p>Bounded: the reason is the exception's class in snake case ({@code InvalidRecordException} to
 * {@code invalid_record}), at most {@value #MAX_REASONS} per client and the rest {@code other}; the
 * topics are the ones the topology reads; the models are bounded by {@code aggregation.max_models}.
 */
public final class EventCounts {
    static final int MAX_REASONS = 32;
    private static final String THREAD_SUFFIX = "-StreamThread-";

    /** A counted series: the streams client, the metric's kind and its label values. */
    public record Key(String client, String kind, String first, String second) {
    }

    public static final String DEAD_LETTER = "dead_letter";
    public static final String PROMOTION = "promotion";

    private static final ConcurrentMap<Key, LongAdder> COUNTS = new ConcurrentHashMap<>();

    private EventCounts() {
    }

    /** A record sent to the dead-letter topic from {@code topic} (null: unknown) because of {@code e}. */
    static void deadLetter(String topic, Throwable e) {
        String client = clientOf(Thread.currentThread().getName());
        String reason = reason(e);
        Key key = new Key(client, DEAD_LETTER, topic == null ? "unknown" : topic, reason);
        if (!COUNTS.containsKey(key) && reasons(client) >= MAX_REASONS) {
            key = new Key(client, DEAD_LETTER, key.first(), "other");
        }
        COUNTS.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** A promotion event emitted for {@code model} with {@code decision} (promote, keep, rollback). */
    static void promotion(String model, String decision) {
        Key key = new Key(clientOf(Thread.currentThread().getName()), PROMOTION, model, decision);
        COUNTS.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** The live counters of one client and kind (they keep counting after the call). */
    public static Map<Key, LongAdder> of(String client, String kind) {
        Map<Key, LongAdder> out = new LinkedHashMap<>();
        COUNTS.forEach((k, v) -> {
            if (k.client().equals(client) && k.kind().equals(kind)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The counter of a key, created at zero if absent (so that a series exists before its first event). */
    public static LongAdder counter(Key key) {
        return COUNTS.computeIfAbsent(key, k -> new LongAdder());
    }

    /** The streams client a stream thread belongs to: its name up to {@code -StreamThread-}. */
    public static String clientOf(String threadName) {
        int i = threadName.lastIndexOf(THREAD_SUFFIX);
        return i < 0 ? threadName : threadName.substring(0, i);
    }

    /** {@code SchemaRegistryUnavailableException} to {@code schema_registry_unavailable}. */
    public static String reason(Throwable e) {
        if (e instanceof io.driftmonitor.serde.InvalidRecordException invalid && invalid.reason() != null) {
            return invalid.reason();
        }
        String name = e.getClass().getSimpleName();
        if (name.endsWith("Exception") && name.length() > "Exception".length()) {
            name = name.substring(0, name.length() - "Exception".length());
        } else if (name.endsWith("Error") && name.length() > "Error".length()) {
            name = name.substring(0, name.length() - "Error".length());
        }
        if (name.isEmpty()) {
            return "other";
        }
        StringBuilder b = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(name.charAt(i - 1))) {
                b.append('_');
            }
            b.append(c);
        }
        return b.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    private static int reasons(String client) {
        int n = 0;
        for (Key k : COUNTS.keySet()) {
            if (k.client().equals(client) && k.kind().equals(DEAD_LETTER)) {
                n++;
            }
        }
        return n;
    }
}
