package io.driftmonitor.query;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.schema.Baseline;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.topology.ModelBaselines;
import io.driftmonitor.topology.ModelState;
import io.driftmonitor.topology.WindowReport;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model's baseline: read it, or publish the next version to the compacted baselines topic from an
 * uploaded sample ({@link BaselineUploads}) or from a closed window.
 */
final class BaselineResource {
    private static final Logger log = LoggerFactory.getLogger(BaselineResource.class);

    private final ApiContext api;
    private final ModelRouting routing;
    private final BaselineUploads uploads;

    BaselineResource(ApiContext api, ModelRouting routing) {
        this.api = api;
        this.routing = routing;
        this.uploads = new BaselineUploads(api, this);
    }

    /**
     * {@code GET …/baseline}: the baseline the model's next window is compared with, whatever its
     * source (first window, rolling, published), answered by the model's owner from the level-2
     * baselines store; a published version newer than the model's counts, as level 2 adopts it at the
     * next close. A model that has sent nothing yet answers with its published baseline, if any.
     */
    void get(Context ctx) throws IOException {
        routing.read(ctx, this::inUse);
    }

    private Object inUse(Context ctx, String model, StateReader.Scope scope) {
        ApiContext.Attached a = api.attached();
        Baseline published = a.reader().baseline(model);
        ModelState state = a.reader().model(model, scope);
        Baseline b = state == null ? published
            : ModelBaselines.inEffect(state, a.reader().modelBaselines(model, scope), published, nextWindowStart(state));
        if (b == null) {
            throw ApiException.notFound(state == null ? "unknown model '" + model + "', and it has no published baseline"
                : "model '" + model + "' has no baseline yet: its first window of at least "
                    + api.config.policyFor(model).baselineMinCount + " records becomes one, or publish one");
        }
        return view(b, model, ctx.queryParam("signal"), ctx.queryParam("segment"));
    }

    /** The start of the model's next window to close; past every window when it has none. */
    private static long nextWindowStart(ModelState state) {
        if (!state.openWindows.isEmpty()) {
            return state.openWindows.first();
        }
        return state.closedThrough == Long.MIN_VALUE ? Long.MAX_VALUE : state.closedThrough;
    }

    /** The baseline as JSON, with only the slices of {@code signal} and {@code segment} when either is given. */
    static Map<String, Object> view(Baseline b, String model, String signal, String segment) {
        Map<String, Object> body = JsonRecordCodec.toPlain(b);
        if (signal != null || segment != null) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> slices = (List<Map<String, Object>>) body.get("signals");
            List<Map<String, Object>> kept = slices.stream()
                .filter(s -> signal == null || signal.equals(s.get("name")))
                .filter(s -> Params.segmentMatches(segment, (String) s.get("segment")))
                .toList();
            if (kept.isEmpty()) {
                throw ApiException.notFound("baseline version " + b.getVersion() + " of model '" + model
                    + "' has no such signal" + (signal == null ? "" : " '" + signal + "'"));
            }
            body.put("signals", kept);
        }
        return body;
    }

    /** {@code PUT …/baseline}: a sample (CSV, JSON lines) or {@code {"from_window": …}} becomes the next version. */
    void put(Context ctx) throws IOException {
        String type = Params.mediaType(ctx);
        switch (type) {
            case "application/json" -> routing.write(ctx, this::fromWindow);
            case "text/csv" -> uploads.publish(ctx, SampleBaselines.Format.CSV);
            case "application/x-ndjson", "application/jsonl", "application/json-lines", "application/x-jsonlines" ->
                uploads.publish(ctx, SampleBaselines.Format.JSON_LINES);
            default -> throw ApiException.unsupportedMediaType("send text/csv or application/x-ndjson (a sample), or "
                + "application/json {\"from_window\": <window start>}; got '" + type + "'");
        }
    }

    private Object fromWindow(Context ctx, String model, StateReader.Scope scope) throws IOException {
        JsonNode body;
        try {
            body = JsonRecordCodec.mapper().readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
        if (body == null || !body.path("from_window").canConvertToLong()) {
            throw ApiException.badRequest("expected {\"from_window\": <window start, epoch ms>}");
        }
        long start = body.get("from_window").asLong();
        ApiContext.Attached a = api.attached();
        ApiContext.requireModel(a, model, scope);
        WindowReport w = a.reader().window(model, start, scope);
        if (w == null) {
            throw ApiException.notFound("model '" + model + "' has no closed window starting at " + start);
        }
        if ("baseline".equals(w.status)) {
            throw ApiException.conflict("window " + start + " already is baseline version " + w.baselineVersion);
        }
        Baseline b = SampleBaselines.fromWindow(w, nextVersion(a, model), System.currentTimeMillis(),
            body.path("effective_from").asLong(0));
        String trainingDataVersion = body.path("training_data_version").isTextual() ? body.get("training_data_version").asText()
            : ctx.queryParam("training_data_version");
        b.setTrainingDataVersion(trainingDataVersion);
        return new ModelRouting.Created(201, publish(a, b));
    }

    /** The published version + 1, read from the global store. */
    long nextVersion(ApiContext.Attached a, String model) {
        Baseline current = a.reader().baseline(model);
        return current == null ? 1 : current.getVersion() + 1;
    }

    /** Writes the baseline to the baselines topic; the answer names the version. */
    Map<String, Object> publish(ApiContext.Attached a, Baseline b) {
        api.writer.send(api.config.topics.baselines, b.getModelId(), a.encoder().encode(api.config.topics.baselines, b));
        log.info("Published baseline version {} of model {} ({}, {} signal slices)", b.getVersion(), b.getModelId(),
            b.getSource(), b.getSignals().size());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", b.getModelId());
        out.put("version", b.getVersion());
        out.put("source", b.getSource());
        out.put("effective_from", b.getEffectiveFrom());
        out.put("signals", b.getSignals().size());
        return out;
    }

    void respondCreated(Context ctx, Map<String, Object> body) {
        routing.respond(ctx, new ModelRouting.Created(201, body), false);
    }
}
