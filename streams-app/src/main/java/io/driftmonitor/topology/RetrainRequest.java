package io.driftmonitor.topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A manual retrain request (from HTTP) on the retrain-requests topic, keyed by model. Level 2 turns
 * it into a {@code RetrainEvent} with trigger {@code manual}; the event id depends only on the model
 * and the request id, so a request delivered twice gives the same event.
 *
 * @param requestId   chosen by the caller (an idempotency key) or a random UUID
 * @param reason      why, in the operator's words
 * @param requestedBy who asked (free text; may be null)
 * @param requestedAt wall-clock time of the request, epoch ms
 */
public record RetrainRequest(String requestId, String reason, String requestedBy, long requestedAt) {
    private static final Logger log = LoggerFactory.getLogger(RetrainRequest.class);

    public RetrainRequest {
        if (requestId == null || requestId.isBlank()) {
            throw new IllegalArgumentException("request_id is required");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason is required");
        }
    }

    /** The deterministic id of the retrain event this request produces for a model. */
    public static String eventId(String model, String requestId) {
        String name = model + "|manual|" + requestId;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    public byte[] toJsonBytes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request_id", requestId);
        m.put("reason", reason);
        m.put("requested_by", requestedBy);
        m.put("requested_at", requestedAt);
        try {
            return JsonRecordCodec.mapper().writeValueAsBytes(m);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a retrain request", e);
        }
    }

    public static RetrainRequest fromJson(byte[] bytes) throws IOException {
        JsonNode n = JsonRecordCodec.mapper().readTree(bytes);
        if (n == null || !n.isObject()) {
            throw new IOException("a retrain request is a JSON object");
        }
        try {
            return new RetrainRequest(n.path("request_id").asText(null), n.path("reason").asText(null),
                n.path("requested_by").asText(null), n.path("requested_at").asLong());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Reads requests for the topology; an unreadable one becomes null (logged and skipped, never fatal). */
    static Deserializer<Object> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return fromJson(data);
            } catch (IOException e) {
                log.warn("Skipping unreadable retrain request on {}: {}", topic, e.getMessage());
                return null;
            }
        };
    }
}
