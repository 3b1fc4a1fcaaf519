package io.driftmonitor.alerts;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One output record of the monitor, decoded, as the alert consumer delivers it.
 *
 * @param kind      which output it came from
 * @param eventId   the event's deterministic id ({@code event_id}), or {@code topic-partition-offset} when it has none
 * @param modelId   the event's model
 * @param json      the event as the monitor writes it in JSON (the exact bytes when the output is JSON)
 * @param tree      the same, parsed
 */
public record AlertEvent(AlertKind kind, String eventId, String modelId, byte[] json, JsonNode tree) {
    /** The window report's status (ok, warn, drift, insufficient_data, baseline); empty for other kinds. */
    public String status() {
        return tree.path("status").asText("");
    }
}
