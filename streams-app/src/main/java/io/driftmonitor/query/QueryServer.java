package io.driftmonitor.query;

import java.time.Duration;

import java.util.Optional;

import io.driftmonitor.config.Durations;

import io.driftmonitor.drift.SegmentPerformance;
import io.driftmonitor.policy.RetrainPolicy;

import io.driftmonitor.policy.PolicyBacktest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.schema.Baseline;
import io.driftmonitor.serde.BaselineCodec;
import io.driftmonitor.serde.EventEncoder;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.serde.SchemaRegistry;
import io.driftmonitor.topology.ModelState;
import io.driftmonitor.topology.RetrainRequest;
import io.driftmonitor.topology.TopologyNames;
import io.driftmonitor.topology.WindowReport;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API and the dashboard: every route in {@link #routes}, JSON in and out, errors as
 * {"error", "detail"} and never a stack trace.
 *
 * <p>Model-keyed routes are answered by the instance that owns the model's partition: any other
 * instance forwards the request there, once (a forwarded request is never forwarded again). While the
 * owner is unknown or its store is migrating the answer is 503 with Retry-After, or, with
 * {@code allow_stale=true}, a local copy (standby or restoring store) marked {@code "stale": true}.
 * The model list is gathered from every instance. Baselines live in a global store on every instance.
 */
public final class QueryServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueryServer.class);
    private static final int DEFAULT_LIMIT = 500;
    /** Worst segments listed per window in the performance series. */
    private static final int WORST_SEGMENTS_SHOWN = 5;
    private static final int MAX_LIMIT = 10_000;
    private static final int MAX_REASON_LENGTH = 2000;
    static final String TOKEN_ENV = "DRIFT_MONITOR_HTTP_TOKEN";
    private static final TypeReference<Map<String, Object>> PLAIN = new TypeReference<>() { };

    private final Javalin javalin;
    private final MonitorConfig config;
    private final PrometheusMeterRegistry registry;
    private final MonitorMetrics metrics;
    private final String token;
    private final byte[] openApi;
    private volatile Attached attached;
    private KafkaProducer<String, byte[]> producer;

    /** What the server answers from once the streams client exists. */
    private record Attached(KafkaStreams streams, StateReader reader, InstanceRouter router, EventEncoder encoder) {
    }

    /** A model-keyed answer computed where the model's state is. */
    @FunctionalInterface
    private interface OwnerAnswer {
        Object answer(Context ctx, String model, StateReader.Scope scope) throws IOException;
    }

    private QueryServer(Javalin javalin, MonitorConfig config, PrometheusMeterRegistry registry) {
        this.javalin = javalin;
        this.config = config;
        this.registry = registry;
        this.metrics = new MonitorMetrics(registry);
        String configured = config.http.token != null ? config.http.token : System.getenv(TOKEN_ENV);
        this.token = configured == null || configured.isBlank() ? null : configured;
        try (InputStream in = Objects.requireNonNull(QueryServer.class.getResourceAsStream("/openapi.json"),
                "openapi.json missing from the classpath")) {
            this.openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read openapi.json", e);
        }
    }

    public static QueryServer start(MonitorConfig config, PrometheusMeterRegistry metrics) {
        Javalin javalin = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.defaultContentType = "application/json";
            c.http.maxRequestSize = config.http.maxUploadBytes;
            c.staticFiles.add(s -> {
                s.hostedPath = "/";
                s.directory = "/dashboard";
                s.location = Location.CLASSPATH;
            });
        });
        QueryServer server = new QueryServer(javalin, config, metrics);
        server.routes();
        javalin.start("0.0.0.0", config.http.port);
        return server;
    }

    /** Connects the server to the streams client whose stores it answers from ({@code application.server} must be set). */
    public void attach(KafkaStreams streams) {
        SchemaRegistry schemaRegistry = config.schemaRegistry.url == null ? null : SchemaRegistry.forUrl(config.schemaRegistry.url);
        HostInfo self = InstanceRouter.parseHost(config.http.advertisedAddress);
        InstanceRouter router = new InstanceRouter(streams, self, TopologyNames.partialsTopic(config.kafka.applicationId),
            config.http.forwardTimeout);
        metrics.bindDeadLetters(streams, List.of(config.topics.predictions, config.topics.labels));
        this.attached = new Attached(streams, new StateReader(streams, new BaselineCodec(schemaRegistry)), router,
            new EventEncoder(EventEncoder.parseFormat(config.output.format), schemaRegistry));
    }

    private void routes() {
        javalin.before(ctx -> ctx.attribute("t0", System.nanoTime()));
        javalin.after(this::recordLatency);
        javalin.before("/api/*", this::authorizeWrites);

        javalin.get("/health", ctx -> ctx.json(Map.of("status", "UP")));
        javalin.get("/ready", this::ready);
        javalin.get("/metrics", this::metrics);
        javalin.get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));

        javalin.get("/api/v1/models", this::models);
        javalin.get("/api/v1/models/{model}/drift", ctx -> owned(ctx, false, this::drift));
        javalin.get("/api/v1/models/{model}/windows/{window_start}/signals/<signal>", ctx -> owned(ctx, false, this::histogram));
        javalin.get("/api/v1/models/{model}/baseline", this::baseline);
        javalin.put("/api/v1/models/{model}/baseline", this::publishBaseline);
        javalin.get("/api/v1/models/{model}/retrain-events", ctx -> owned(ctx, false, this::retrainEvents));
        javalin.get("/api/v1/models/{model}/promotions", ctx -> owned(ctx, false, this::promotions));
        javalin.get("/api/v1/models/{model}/performance", ctx -> owned(ctx, false, this::performance));
        javalin.get("/api/v1/models/{model}/roi", ctx -> owned(ctx, false, this::roi));
        javalin.post("/api/v1/models/{model}/retrain", ctx -> owned(ctx, true, this::requestRetrain));

        javalin.exception(ApiException.class, (e, ctx) -> {
            if (e.retryAfterSeconds() != null) {
                ctx.header("Retry-After", e.retryAfterSeconds().toString());
            }
            if (e.status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer");
            }
            ctx.status(e.status()).json(error(e.error(), e.getMessage()));
        });
        javalin.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            String code = status == 413 ? "payload_too_large" : HttpStatus.forStatus(status).name().toLowerCase(Locale.ROOT);
            String detail = status == 413 ? "the body is larger than http.max_upload_bytes = " + config.http.maxUploadBytes
                : e.getMessage();
            ctx.status(status).json(error(code, detail));
        });
        javalin.exception(Exception.class, (e, ctx) -> {
            log.error("HTTP {} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(error("internal_error", "the request failed; see the monitor's log"));
        });
        javalin.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                ctx.json(error("not_found", "no route " + ctx.method() + " " + ctx.path()));
            }
        });
        javalin.error(405, ctx -> ctx.json(error("method_not_allowed", ctx.method() + " is not allowed on " + ctx.path())));
    }

    // ---------------------------------------------------------------- cross-cutting

    private void recordLatency(Context ctx) {
        Long t0 = ctx.attribute("t0");
        if (t0 == null) {
            return;
        }
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            route = null;
        }
        if (route == null || route.isEmpty() || route.equals("*")) {
            route = ctx.status().getCode() == 404 ? "unmatched" : "static";
        }
        metrics.httpTimer(ctx.method().name(), route, ctx.status().getCode())
            .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    }

    /** Write endpoints need {@code Authorization: Bearer <http.token>} when a token is configured. */
    private void authorizeWrites(Context ctx) {
        String method = ctx.method().name();
        if (token == null || method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("this endpoint needs an Authorization: Bearer token");
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.forbidden("the bearer token is not valid");
        }
    }

    private Attached attached() {
        Attached a = attached;
        if (a == null) {
            throw ApiException.unavailable("the monitor is starting");
        }
        return a;
    }

    private void ready(Context ctx) {
        Attached a = attached;
        KafkaStreams.State state = a == null ? null : a.streams().state();
        boolean ready = state == KafkaStreams.State.RUNNING && a.reader().storesQueryable(a.router().localPartitions(false));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "READY" : "NOT_READY");
        body.put("streams_state", state == null ? "STARTING" : state.name());
        if (!ready) {
            ctx.header("Retry-After", "2");
        }
        ctx.status(ready ? 200 : 503).json(body);
    }

    private void metrics(Context ctx) {
        metrics.refreshEventCounts();
        Attached a = attached;
        if (a != null && a.streams().state() == KafkaStreams.State.RUNNING) {
            try {
                List<ModelState> local = localModels(a, false);
                metrics.refresh(local, m -> a.reader().window(m.modelId, m.lastWindow.windowStart,
                    new StateReader.Scope(a.router().ownerOf(m.modelId).partition(), false)));
            } catch (ApiException e) {
                log.debug("Model metrics not refreshed: {}", e.getMessage());
            }
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }

    // ---------------------------------------------------------------- routing

    /**
     * Answers a model-keyed request where the model's state is: here if this instance owns it, else
     * one hop to the owner. Reads may fall back to a stale local copy when the caller allows it.
     */
    private void owned(Context ctx, boolean write, OwnerAnswer answer) throws IOException {
        String model = modelParam(ctx);
        boolean allowStale = !write && booleanParam(ctx, "allow_stale");
        boolean forwarded = ctx.header(InstanceRouter.FORWARDED_HEADER) != null;
        Attached a = attached();
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

    private void respond(Context ctx, Object body, boolean stale) {
        if (stale && body instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) map;
            m.put("stale", true);
        }
        HostInfo self = attached().router().self();
        ctx.header(InstanceRouter.SERVED_BY_HEADER, self.host() + ":" + self.port());
        if (body instanceof Created created) {
            ctx.status(created.status());
            body = created.body();
        }
        ctx.json(body);
    }

    /** A body with a status other than 200. */
    private record Created(int status, Map<String, Object> body) {
    }

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

    // ---------------------------------------------------------------- models (scatter-gather)

    private List<ModelState> localModels(Attached a, boolean stale) {
        List<ModelState> out = new ArrayList<>();
        for (int p : a.router().localPartitions(stale)) {
            out.addAll(a.reader().models(new StateReader.Scope(p, stale)));
        }
        return out;
    }

    private void models(Context ctx) throws Exception {
        Attached a = attached();
        boolean allowStale = booleanParam(ctx, "allow_stale");
        if ("local".equals(ctx.header(InstanceRouter.SCOPE_HEADER))) {
            ctx.json(Map.of("models", localModels(a, allowStale).stream().map(QueryServer::modelView).toList()));
            return;
        }
        if (a.streams().state() != KafkaStreams.State.RUNNING && !allowStale) {
            throw ApiException.unavailable("the monitor is " + a.streams().state() + "; the model list is not complete now");
        }
        Map<String, Map<String, Object>> byModel = new java.util.TreeMap<>();
        List<String> unreachable = new ArrayList<>();
        Map<HostInfo, CompletableFuture<InstanceRouter.Reply>> calls = new LinkedHashMap<>();
        HostInfo self = a.router().self();
        for (HostInfo host : a.router().stateHosts()) {
            if (!host.equals(self)) {
                Map<String, String> headers = new HashMap<>();
                headers.put(InstanceRouter.SCOPE_HEADER, "local");
                calls.put(host, a.router().send(host, "GET", "/api/v1/models" + (allowStale ? "?allow_stale=true" : ""),
                    headers, null));
            }
        }
        for (ModelState s : localModels(a, allowStale)) {
            merge(byModel, modelView(s));
        }
        for (Map.Entry<HostInfo, CompletableFuture<InstanceRouter.Reply>> call : calls.entrySet()) {
            HostInfo host = call.getKey();
            try {
                InstanceRouter.Reply reply = call.getValue().get(config.http.forwardTimeout.toMillis(), TimeUnit.MILLISECONDS);
                if (reply.status() != 200) {
                    throw new ApiException(reply.status(), "peer_failed", "instance " + host + " answered " + reply.status(),
                        2);
                }
                for (JsonNode m : JsonRecordCodec.mapper().readTree(reply.body()).path("models")) {
                    merge(byModel, JsonRecordCodec.mapper().convertValue(m, PLAIN));
                }
            } catch (ExecutionException | TimeoutException | ApiException e) {
                if (!allowStale) {
                    throw e instanceof ExecutionException ee ? InstanceRouter.asApiException(host, ee.getCause())
                        : e instanceof TimeoutException ? ApiException.ownerTimeout("instance " + host + " did not answer in time")
                        : ApiException.unavailable("instance " + host + " could not list its models: " + e.getMessage());
                }
                unreachable.add(host.host() + ":" + host.port());
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("models", new ArrayList<>(byModel.values()));
        if (!unreachable.isEmpty()) {
            body.put("stale", true);
            body.put("unreachable", unreachable);
        }
        ctx.json(body);
    }

    /** While a model moves, two instances may both list it: keep the one that has seen more. */
    private static void merge(Map<String, Map<String, Object>> byModel, Map<String, Object> view) {
        String id = (String) view.get("model_id");
        byModel.merge(id, view, (a, b) -> ((Number) a.get("windows_closed")).longValue()
            >= ((Number) b.get("windows_closed")).longValue() ? a : b);
    }

    static Map<String, Object> modelView(ModelState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model_id", s.modelId);
        m.put("model_version", s.modelVersion);
        m.put("status", s.lastWindow != null ? s.lastWindow.status : "no_window_closed_yet");
        m.put("records_counted", s.recordsCounted);
        m.put("windows_closed", s.windowsClosed);
        m.put("open_windows", s.openWindows.size());
        m.put("late_records", s.lateRecords);
        m.put("baseline_version", s.newestBaselineVersion());
        m.put("retrain_triggers", s.policy.triggers);
        if (s.lastWindow != null) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("window_start", s.lastWindow.windowStart);
            w.put("window_end", s.lastWindow.windowEnd);
            w.put("count", s.lastWindow.count);
            w.put("status", s.lastWindow.status);
            w.put("drifting", s.lastWindow.drifting);
            w.put("max_psi", s.lastWindow.maxPsi);
            w.put("max_psi_signal", s.lastWindow.maxPsiSignal);
            m.put("last_window", w);
        }
        return m;
    }

    // ---------------------------------------------------------------- drift series and histograms

    private ModelState requireModel(Attached a, String model, StateReader.Scope scope) {
        ModelState state = a.reader().model(model, scope);
        if (state == null) {
            throw ApiException.notFound("unknown model '" + model + "'");
        }
        return state;
    }

    private Object drift(Context ctx, String model, StateReader.Scope scope) {
        String signal = ctx.queryParam("signal");
        String segment = ctx.queryParam("segment");
        long from = longParam(ctx, "from", Long.MIN_VALUE);
        long to = longParam(ctx, "to", Long.MAX_VALUE);
        int limit = limitParam(ctx, DEFAULT_LIMIT);
        if (from >= to) {
            throw ApiException.badRequest("from must be before to");
        }
        Attached a = attached();
        requireModel(a, model, scope);
        List<WindowReport> windows = a.reader().windows(model, from, to, scope);
        boolean hasMore = windows.size() > limit;
        if (hasMore) {
            windows = windows.subList(windows.size() - limit, windows.size());
        }
        boolean signalSeen = false;
        List<Map<String, Object>> series = new ArrayList<>();
        for (WindowReport w : windows) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("window_start", w.windowStart);
            point.put("window_end", w.windowEnd);
            point.put("count", w.count);
            point.put("status", w.status);
            point.put("baseline_version", w.baselineVersion);
            point.put("model_version", w.modelVersion);
            List<Map<String, Object>> signals = new ArrayList<>();
            for (Map<String, Object> e : w.signals) {
                if (signal != null && !signal.equals(e.get("signal"))) {
                    continue;
                }
                signalSeen = true;
                if (!segmentMatches(segment, (String) e.get("segment"))) {
                    continue;
                }
                Map<String, Object> s = new LinkedHashMap<>();
                for (String k : List.of("signal", "segment", "metric", "value", "threshold", "p_value", "status",
                        "window_count", "baseline_count")) {
                    s.put(k, e.get(k));
                }
                signals.add(s);
            }
            point.put("signals", signals);
            series.add(point);
        }
        if (signal != null && !signalSeen && windows.stream().anyMatch(w -> !w.signals.isEmpty())) {
            throw ApiException.notFound("model '" + model + "' has no signal '" + signal + "' in the selected windows");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_id", model);
        body.put("series", series);
        body.put("has_more", hasMore);
        return body;
    }

    /** segment absent or empty: the whole model; {@code *}: every segment and the whole model; else that segment. */
    private static boolean segmentMatches(String wanted, String actual) {
        if ("*".equals(wanted)) {
            return true;
        }
        return wanted == null || wanted.isEmpty() ? actual == null : wanted.equals(actual);
    }

    private Object histogram(Context ctx, String model, StateReader.Scope scope) {
        long windowStart = longPathParam(ctx, "window_start");
        String signal = ctx.pathParam("signal");
        String segment = ctx.queryParam("segment");
        if ("*".equals(segment)) {
            throw ApiException.badRequest("segment names one segment (key=value) or is absent for the whole model");
        }
        Attached a = attached();
        requireModel(a, model, scope);
        WindowReport w = a.reader().window(model, windowStart, scope);
        if (w == null) {
            throw ApiException.notFound("model '" + model + "' has no closed window starting at " + windowStart);
        }
        if ("baseline".equals(w.status)) {
            throw ApiException.notFound("window " + windowStart + " of model '" + model + "' became baseline version "
                + w.baselineVersion + "; it was not compared with a baseline");
        }
        Map<String, Object> e = w.signals.stream()
            .filter(s -> signal.equals(s.get("signal")) && segmentMatches(segment, (String) s.get("segment")))
            .findFirst()
            .orElseThrow(() -> ApiException.notFound("window " + windowStart + " of model '" + model + "' has no signal '"
                + signal + "'" + (segment == null || segment.isEmpty() ? "" : " in segment '" + segment + "'")));
        return Histograms.view(w, e);
    }

    // ---------------------------------------------------------------- baselines

    private void baseline(Context ctx) {
        String model = modelParam(ctx);
        Baseline b = attached().reader().baseline(model);
        if (b == null) {
            throw ApiException.notFound("model '" + model + "' has no published baseline");
        }
        String signal = ctx.queryParam("signal");
        String segment = ctx.queryParam("segment");
        Map<String, Object> body = JsonRecordCodec.toPlain(b);
        if (signal != null || segment != null) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> slices = (List<Map<String, Object>>) body.get("signals");
            List<Map<String, Object>> kept = slices.stream()
                .filter(s -> signal == null || signal.equals(s.get("name")))
                .filter(s -> segmentMatches(segment, (String) s.get("segment")))
                .toList();
            if (kept.isEmpty()) {
                throw ApiException.notFound("baseline version " + b.getVersion() + " of model '" + model
                    + "' has no such signal" + (signal == null ? "" : " '" + signal + "'"));
            }
            body.put("signals", kept);
        }
        ctx.json(body);
    }

    private void publishBaseline(Context ctx) throws IOException {
        String type = mediaType(ctx);
        switch (type) {
            case "application/json" -> owned(ctx, true, this::baselineFromWindow);
            case "text/csv" -> publishSample(ctx, SampleBaselines.Format.CSV);
            case "application/x-ndjson", "application/jsonl", "application/json-lines", "application/x-jsonlines" ->
                publishSample(ctx, SampleBaselines.Format.JSON_LINES);
            default -> throw ApiException.unsupportedMediaType("send text/csv or application/x-ndjson (a sample), or "
                + "application/json {\"from_window\": <window start>}; got '" + type + "'");
        }
    }

    private void publishSample(Context ctx, SampleBaselines.Format format) throws IOException {
        String model = modelParam(ctx);
        long declared = ctx.contentLength();
        if (declared > config.http.maxUploadBytes) {
            throw tooLarge();
        }
        Attached a = attached();
        ModelPolicy policy = config.policyFor(model);
        long version = nextBaselineVersion(a, model);
        Baseline b;
        try (InputStream in = new LimitedInputStream(ctx.req().getInputStream(), config.http.maxUploadBytes)) {
            b = SampleBaselines.fromSample(model, in, format, policy, version, System.currentTimeMillis(),
                longParam(ctx, "effective_from", 0));
        }
        respond(ctx, new Created(201, publish(a, b)), false);
    }

    private Object baselineFromWindow(Context ctx, String model, StateReader.Scope scope) throws IOException {
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
        Attached a = attached();
        requireModel(a, model, scope);
        WindowReport w = a.reader().window(model, start, scope);
        if (w == null) {
            throw ApiException.notFound("model '" + model + "' has no closed window starting at " + start);
        }
        if ("baseline".equals(w.status)) {
            throw ApiException.conflict("window " + start + " already is baseline version " + w.baselineVersion);
        }
        Baseline b = SampleBaselines.fromWindow(w, nextBaselineVersion(a, model), System.currentTimeMillis(),
            body.path("effective_from").asLong(0));
        return new Created(201, publish(a, b));
    }

    private long nextBaselineVersion(Attached a, String model) {
        Baseline current = a.reader().baseline(model);
        return current == null ? 1 : current.getVersion() + 1;
    }

    private Map<String, Object> publish(Attached a, Baseline b) {
        send(config.topics.baselines, b.getModelId(), a.encoder().encode(config.topics.baselines, b));
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

    private ApiException tooLarge() {
        return ApiException.tooLarge("the body is larger than http.max_upload_bytes = " + config.http.maxUploadBytes);
    }

    /** Stops reading (413) once more than the upload limit has arrived, whatever Content-Length said. */
    private final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long read;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++read > limit) {
                throw tooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0 && (read += n) > limit) {
                throw tooLarge();
            }
            return n;
        }
    }

    // ---------------------------------------------------------------- retrain

    private Object retrainEvents(Context ctx, String model, StateReader.Scope scope) {
        return historyEvents(ctx, model, scope, StateReader::retrainEvents);
    }

    /** Champion/challenger decisions, the latest per window and candidate role, in window order. */
    private Object promotions(Context ctx, String model, StateReader.Scope scope) {
        return historyEvents(ctx, model, scope, StateReader::promotions);
    }

    private interface History {
        List<Map<String, Object>> read(StateReader reader, String model, StateReader.Scope scope);
    }

    /** Events of a model's history store with from &lt;= window_end &lt; to, the newest {@code limit}. */
    private Object historyEvents(Context ctx, String model, StateReader.Scope scope, History history) {
        long from = longParam(ctx, "from", Long.MIN_VALUE);
        long to = longParam(ctx, "to", Long.MAX_VALUE);
        int limit = limitParam(ctx, DEFAULT_LIMIT);
        Attached a = attached();
        requireModel(a, model, scope);
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

    /** Measured performance per closed window (and segment), with label coverage, delay and the label counters. */
    private Object performance(Context ctx, String model, StateReader.Scope scope) {
        String segment = ctx.queryParam("segment");
        long from = longParam(ctx, "from", Long.MIN_VALUE);
        long to = longParam(ctx, "to", Long.MAX_VALUE);
        int limit = limitParam(ctx, DEFAULT_LIMIT);
        if (from >= to) {
            throw ApiException.badRequest("from must be before to");
        }
        Attached a = attached();
        ModelState state = requireModel(a, model, scope);
        List<WindowReport> windows = a.reader().windows(model, from, to, scope).stream()
            .filter(w -> !w.performance.isEmpty()).toList();
        boolean hasMore = windows.size() > limit;
        if (hasMore) {
            windows = windows.subList(windows.size() - limit, windows.size());
        }
        List<Map<String, Object>> series = new ArrayList<>();
        for (WindowReport w : windows) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("window_start", w.windowStart);
            point.put("window_end", w.windowEnd);
            point.put("predictions", w.count);
            point.put("revisions", w.performanceRevisions);
            point.put("worst_segments", SegmentPerformance.worst(w.performance, WORST_SEGMENTS_SHOWN,
                config.policyFor(model).minLabels));
            if ("*".equals(segment)) {
                point.put("segments", w.performance);
            } else {
                Map<String, Double> values = w.performance.get(segment == null ? "" : segment);
                if (values == null) {
                    continue;
                }
                point.put("segment", segment == null || segment.isEmpty() ? null : segment);
                point.put("metrics", values);
            }
            series.add(point);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_id", model);
        body.put("labels_counted", state.labelsCounted);
        body.put("unmatched_labels", state.unmatchedLabels);
        body.put("expired_labels", state.expiredLabels);
        body.put("series", series);
        body.put("has_more", hasMore);
        return body;
    }

    /**
     * The policy backtest over the model's recorded windows: a fixed schedule and the model's policy
     * side by side, with their retrains, cost and the measured performance after each.
     */
    private Object roi(Context ctx, String model, StateReader.Scope scope) {
        String schedule = ctx.queryParam("fixed_schedule");
        String performanceMetric = Optional.ofNullable(ctx.queryParam("performance_metric"))
            .orElse(PolicyBacktest.DEFAULT_PERFORMANCE_METRIC);
        int windowsAfter = (int) longParam(ctx, "windows_after", 3);
        Attached a = attached();
        requireModel(a, model, scope);
        RetrainPolicy policy = config.policyFor(model).retrainPolicy();
        long interval;
        try {
            interval = schedule != null ? Durations.parse(schedule).toMillis()
                : policy.mode() == RetrainPolicy.Mode.FIXED ? policy.scheduleMillis() : Duration.ofDays(1).toMillis();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("fixed_schedule: " + e.getMessage());
        }
        if (interval <= 0 || windowsAfter < 1) {
            throw ApiException.badRequest("fixed_schedule must be positive and windows_after at least 1");
        }
        List<Map<String, Object>> events = new ArrayList<>();
        for (WindowReport w : a.reader().windows(model, Long.MIN_VALUE, Long.MAX_VALUE, scope)) {
            events.addAll(w.signals);
            w.performance.forEach((segment, values) -> values.forEach((metric, value) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("model_id", model);
                e.put("window_start", w.windowStart);
                e.put("window_end", w.windowEnd);
                e.put("signal", "performance:" + metric);
                e.put("segment", segment.isEmpty() ? null : segment);
                e.put("metric", "performance:" + metric);
                e.put("value", value);
                e.put("status", "ok");
                e.put("window_count", values.getOrDefault("labeled", 0.0).longValue());
                events.add(e);
            }));
        }
        try {
            return PolicyBacktest.run(model, PolicyBacktest.fromDriftEvents(model, events), policy, interval,
                performanceMetric, windowsAfter).toMap();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private Object requestRetrain(Context ctx, String model, StateReader.Scope scope) {
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
        Attached a = attached();
        ModelState state = requireModel(a, model, scope);
        if (state.lastWindow == null) {
            throw ApiException.conflict("model '" + model + "' has no closed window yet: there is nothing to train on");
        }
        RetrainRequest request = new RetrainRequest(requestId, reason, requestedBy, System.currentTimeMillis());
        send(config.topics.retrainRequests, model, request.toJsonBytes());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", model);
        out.put("status", "accepted");
        out.put("request_id", requestId);
        out.put("event_id", RetrainRequest.eventId(model, requestId));
        return new Created(202, out);
    }

    // ---------------------------------------------------------------- producing

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.putAll(config.kafka.properties);
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka.bootstrapServers);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, config.kafka.applicationId + "-http");
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) Math.max(1_048_576, Math.min(config.http.maxUploadBytes, 16L << 20)));
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void send(String topic, String key, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get(config.http.forwardTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw ApiException.ownerTimeout("Kafka did not acknowledge the write to " + topic + " in time");
        } catch (ExecutionException e) {
            log.warn("Write to {} for key {} failed: {}", topic, key, e.getCause().toString());
            throw ApiException.unavailable("Kafka refused the write to " + topic + ": " + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while writing to " + topic);
        }
    }

    // ---------------------------------------------------------------- parameters

    private static String modelParam(Context ctx) {
        String model = ctx.pathParam("model");
        if (model.isEmpty() || model.length() > 249 || model.chars().anyMatch(c -> c < 0x20)) {
            throw ApiException.badRequest("model ids are 1 to 249 printable characters");
        }
        return model;
    }

    private static String mediaType(Context ctx) {
        String type = ctx.contentType();
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static boolean booleanParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty() || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiException.badRequest(name + " must be true or false, got '" + v + "'");
    }

    private static int limitParam(Context ctx, int fallback) {
        long limit = longParam(ctx, "limit", fallback);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        return (int) limit;
    }

    private static long longPathParam(Context ctx, String name) {
        String v = ctx.pathParam(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer (epoch milliseconds), got '" + v + "'");
        }
    }

    private static long longParam(Context ctx, String name, long fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer (epoch milliseconds for times), got '" + v + "'");
        }
    }

    private static Map<String, Object> error(String error, String detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("detail", detail);
        return m;
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
        synchronized (this) {
            if (producer != null) {
                producer.close(java.time.Duration.ofSeconds(5));
            }
        }
    }
}
