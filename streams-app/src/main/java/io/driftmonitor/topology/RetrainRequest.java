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
 * A manual retrain request (from HTTP or any producer) on the retrain-requests topic. The
 * {@link RetrainRequestRouter} moves it to its model's partition of the monitor's own
 * {@code <app>-retrain-requests-by-model} topic, where level 2 turns it into a {@code RetrainEvent}
 * with trigger {@code manual}; the event id depends only on the model and the request id, so a
 * request delivered twice gives the same event.
 *
 * @param modelId     the model to retrain: the request's {@code model_id}, else its record key
 * @param requestId   chosen by the caller (an idempotency key) or a random UUID
 * @param reason      why, in the operator's words
 * @param requestedBy who asked (free text; may be null)
 * @param requestedAt wall-clock time of the request, epoch ms
 */
public record RetrainRequest(String modelId, String requestId, String reason, String requestedBy, long requestedAt) {
    private static final Logger log = LoggerFactory.getLogger(RetrainRequest.class);

    public RetrainRequest {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("model_id is required (in the request, or as its record key)");
        }
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
        m.put("model_id", modelId);
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

    /**
     * A request as written to the retrain-requests topic; {@code key}, the record key, names the
     * model when the request has no {@code model_id} (requests of earlier versions were keyed by
     * model and had none).
     */
    public static RetrainRequest fromJson(byte[] bytes, String key) throws IOException {
        JsonNode n = bytes == null ? null : JsonRecordCodec.mapper().readTree(bytes);
        if (n == null || !n.isObject()) {
            throw new IOException("a retrain request is a JSON object");
        }
        JsonNode model = n.get("model_id");
        if (model != null && !model.isNull() && !model.isTextual()) {
            throw new IOException("model_id is not a string");
        }
        try {
            return new RetrainRequest(model == null || model.isNull() ? key : model.asText(),
                n.path("request_id").asText(null), n.path("reason").asText(null),
                n.path("requested_by").asText(null), n.path("requested_at").asLong());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Level 2's deserializer of the requests by model: the router wrote only valid ones, with their model. */
    static Deserializer<Object> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return fromJson(data, null);
            } catch (IOException e) {
                log.warn("Skipping unreadable retrain request on {}: {}", topic, e.getMessage());
                return null;
            }
        };
    }
}
