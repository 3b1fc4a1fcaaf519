package io.driftmonitor.query;

import java.io.IOException;
import java.util.Map;

import io.javalin.http.Context;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers a model-keyed request where the model's state is: here if this instance owns the model's
 * partition, else one hop to the owner (a forwarded request is never forwarded again). While the
 * owner is unknown or its store is migrating the answer is 503 with Retry-After, or, with
 * {@code allow_stale=true}, a local copy (standby or restoring store) marked {@code "stale": true}.
 */
final class ModelRouting {
    private final ApiContext api;

    /** A model-keyed answer computed where the model's state is. */
    @FunctionalInterface
    interface OwnerAnswer {
        Object answer(Context ctx, String model, StateReader.Scope scope) throws IOException;
    }

    /** A body with a status other than 200. */
    record Created(int status, Map<String, Object> body) {
    }

    ModelRouting(ApiContext api) {
        this.api = api;
    }

    /** A read: answered by the owner, or from a stale local copy when the caller allows it. */
    void read(Context ctx, OwnerAnswer answer) throws IOException {
        owned(ctx, false, answer);
    }

    /** A write: answered by the owner only, never from a stale copy. */
    void write(Context ctx, OwnerAnswer answer) throws IOException {
        owned(ctx, true, answer);
    }

    private void owned(Context ctx, boolean write, OwnerAnswer answer) throws IOException {
        String model = Params.model(ctx);
        boolean allowStale = !write && Params.bool(ctx, "allow_stale");
        boolean forwarded = ctx.header(InstanceRouter.FORWARDED_HEADER) != null;
        ApiContext.Attached a = api.attached();
        InstanceRouter.Owner owner = a.router().ownerOf(model);
        HostInfo self = a.router().self();
        if (owner.known() && owner.active().equals(self)) {
            try {
                respond(ctx, answer.answer(ctx, model, new StateReader.Scope(owner.partition(), false)), false);
                return;
            } catch (ApiException e) {
                if (!(allowStale && e.status() == 503)) {
                    throw e;
                }
            }
            respond(ctx, answer.answer(ctx, model, new StateReader.Scope(owner.partition(), true)), true);
            return;
        }
        if (owner.known() && !forwarded) {
            try {
                InstanceRouter.Reply reply = a.router().forward(owner.active(), ctx.method().name(), pathAndQuery(ctx),
                    InstanceRouter.forwardableHeaders(ctx::header), write || ctx.method().name().equals("PUT") ? ctx.bodyAsBytes() : null);
                if (!(allowStale && reply.status() == 503)) {
                    pass(ctx, reply);
                    return;
                }
            } catch (ApiException e) {
                if (!allowStale) {
                    throw e;
                }
            }
        }
        if (allowStale && owner.partition() >= 0) {
            respond(ctx, answer.answer(ctx, model, new StateReader.Scope(owner.partition(), true)), true);
            return;
        }
        throw ApiException.unavailable(owner.known()
            ? "model '" + model + "' is moving between instances; retry shortly"
            : "the instance that owns model '" + model + "' is not known yet (rebalancing)");
    }

    /** Writes an answer computed here, naming this instance in {@link InstanceRouter#SERVED_BY_HEADER}. */
    void respond(Context ctx, Object body, boolean stale) {
        if (stale && body instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) map;
            m.put("stale", true);
        }
        HostInfo self = api.attached().router().self();
        ctx.header(InstanceRouter.SERVED_BY_HEADER, self.host() + ":" + self.port());
        if (body instanceof Created created) {
            ctx.status(created.status());
            body = created.body();
        }
        ctx.json(body);
    }

    /** The owner's answer, passed on as it came. */
    private static void pass(Context ctx, InstanceRouter.Reply reply) {
        ctx.status(reply.status());
        ctx.contentType(reply.contentType());
        if (reply.retryAfter() != null) {
            ctx.header("Retry-After", reply.retryAfter());
        }
        if (reply.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.header(InstanceRouter.SERVED_BY_HEADER, reply.servedBy());
        ctx.result(reply.body());
    }

    private static String pathAndQuery(Context ctx) {
        String q = ctx.queryString();
        return ctx.path() + (q == null || q.isEmpty() ? "" : "?" + q);
    }
}
