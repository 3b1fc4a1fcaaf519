package io.driftmonitor.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.topology.ModelState;
import io.driftmonitor.topology.RetrainRequest;
import io.javalin.http.Context;

/** Retrain and promotion history of a model, and the manual retrain request. */
final class RetrainResource {
    private static final int MAX_REASON_LENGTH = 2000;

    private final ApiContext api;

    RetrainResource(ApiContext api) {
        this.api = api;
    }

    /** {@code GET …/retrain-events}: policy and manual retrain events, in window-end order. */
    Object retrainEvents(Context ctx, String model, StateReader.Scope scope) {
        return historyEvents(ctx, model, scope, StateReader::retrainEvents);
    }

    /** {@code GET …/promotions}: champion/challenger decisions, the latest per window and candidate role, in window order. */
    Object promotions(Context ctx, String model, StateReader.Scope scope) {
        return historyEvents(ctx, model, scope, StateReader::promotions);
    }

    private interface History {
        List<Map<String, Object>> read(StateReader reader, String model, StateReader.Scope scope);
    }

    /** Events of a model's history store with from &lt;= window_end &lt; to, the newest {@code limit}. */
    private Object historyEvents(Context ctx, String model, StateReader.Scope scope, History history) {
        long from = Params.longQuery(ctx, "from", Long.MIN_VALUE);
        long to = Params.longQuery(ctx, "to", Long.MAX_VALUE);
        int limit = Params.limit(ctx);
        ApiContext.Attached a = api.attached();
        ApiContext.requireModel(a, model, scope);
        List<Map<String, Object>> events = new ArrayList<>(history.read(a.reader(), model, scope).stream()
            .filter(e -> {
                long end = ((Number) e.get("window_end")).longValue();
                return end >= from && end < to;
            }).toList());
        boolean hasMore = events.size() > limit;
        if (hasMore) {
            events = new ArrayList<>(events.subList(events.size() - limit, events.size()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_id", model);
        body.put("events", events);
        body.put("has_more", hasMore);
        return body;
    }

    /** {@code POST …/retrain}: a manual retrain request, produced to the retrain-requests topic (202). */
    Object requestRetrain(Context ctx, String model, StateReader.Scope scope) {
        JsonNode body;
        try {
            byte[] bytes = ctx.bodyAsBytes();
            body = bytes.length == 0 ? null : JsonRecordCodec.mapper().readTree(bytes);
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
        if (body == null || !body.path("reason").isTextual() || body.get("reason").asText().isBlank()) {
            throw ApiException.badRequest("expected {\"reason\": \"why the model should be retrained\"}");
        }
        String reason = body.get("reason").asText();
        if (reason.length() > MAX_REASON_LENGTH) {
            throw ApiException.badRequest("reason is longer than " + MAX_REASON_LENGTH + " characters");
        }
        String requestedBy = body.path("requested_by").isTextual() ? body.get("requested_by").asText() : null;
        String requestId = ctx.header("Idempotency-Key");
        if (requestId == null || requestId.isBlank()) {
            requestId = UUID.randomUUID().toString();
        } else if (requestId.length() > 200) {
            throw ApiException.badRequest("Idempotency-Key is longer than 200 characters");
        }
        ApiContext.Attached a = api.attached();
        ModelState state = ApiContext.requireModel(a, model, scope);
        if (state.lastWindow == null) {
            throw ApiException.conflict("model '" + model + "' has no closed window yet: there is nothing to train on");
        }
        RetrainRequest request = new RetrainRequest(model, requestId, reason, requestedBy, System.currentTimeMillis());
        api.writer.send(api.config.topics.retrainRequests, model, request.toJsonBytes());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", model);
        out.put("status", "accepted");
        out.put("request_id", requestId);
        out.put("event_id", RetrainRequest.eventId(model, requestId));
        return new ModelRouting.Created(202, out);
    }
}
