package io.driftmonitor.query;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.serde.BaselineCodec;
import io.driftmonitor.serde.EventEncoder;
import io.driftmonitor.serde.SchemaRegistry;
import io.driftmonitor.topology.TopologyNames;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API and the dashboard: every route in {@link #routes}, JSON in and out, errors as
 * {"error", "detail"} and never a stack trace.
 *
 * <p>Each resource has a class of its own: {@link ModelsResource} (model list, drift series,
 * histograms), {@link BaselineResource} (read and publish, uploads in {@link BaselineUploads}),
 * {@link PerformanceResource}, {@link RetrainResource} (retrain and promotion history, manual
 * retrain), {@link RoiBacktest} and {@link ProbesResource} (health, readiness, metrics).
 * Model-keyed routes go through {@link ModelRouting}: answered where the model's state is, one hop
 * away at most ({@link InstanceRouter}).
 */
public final class QueryServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueryServer.class);
    static final String TOKEN_ENV = "DRIFT_MONITOR_HTTP_TOKEN";

    private final Javalin javalin;
    private final MonitorConfig config;
    private final MonitorMetrics metrics;
    private final ApiContext api;
    private final ModelRouting routing;
    private final ModelsResource models;
    private final BaselineResource baselines;
    private final PerformanceResource performance;
    private final RetrainResource retrains;
    private final RoiBacktest roi;
    private final ProbesResource probes;
    private final String token;
    private final byte[] openApi;

    private QueryServer(Javalin javalin, MonitorConfig config, PrometheusMeterRegistry registry) {
        this.javalin = javalin;
        this.config = config;
        this.metrics = new MonitorMetrics(registry);
        this.api = new ApiContext(config);
        this.routing = new ModelRouting(api);
        this.models = new ModelsResource(api);
        this.baselines = new BaselineResource(api, routing);
        this.performance = new PerformanceResource(api);
        this.retrains = new RetrainResource(api);
        this.roi = new RoiBacktest(api);
        this.probes = new ProbesResource(api, registry, metrics);
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

    /**
     * Connects the server to the streams client whose stores it answers from (its {@code application.server}
     * being {@code http.advertised_address}, else localhost and this server's port). Attach before {@code streams.start()}: the probes then watch the client as its state
     * listener (see {@link StreamsHealth}).
     */
    public void attach(KafkaStreams streams) {
        SchemaRegistry schemaRegistry = config.schemaRegistry.url == null ? null : SchemaRegistry.forUrl(config.schemaRegistry.url);
        HostInfo self = InstanceRouter.parseHost(config.http.advertisedAddress(port()));
        InstanceRouter router = new InstanceRouter(streams, self, TopologyNames.partialsTopic(config.kafka.applicationId),
            config.http.forwardTimeout);
        metrics.bindDeadLetters(streams, List.of(config.topics.predictions, config.topics.labels));
        api.attach(new ApiContext.Attached(streams, new StateReader(streams, new BaselineCodec(schemaRegistry)), router,
            new EventEncoder(EventEncoder.parseFormat(config.output.format), schemaRegistry),
            new StreamsHealth(streams, config.kafka.numStreamThreads)));
    }

    private void routes() {
        javalin.before(ctx -> ctx.attribute("t0", System.nanoTime()));
        javalin.after(this::recordLatency);
        javalin.before("/api/*", this::authorizeWrites);

        javalin.get("/health", probes::health);
        javalin.get("/ready", probes::ready);
        javalin.get("/metrics", probes::metrics);
        javalin.get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));

        javalin.get("/api/v1/models", models::list);
        javalin.get("/api/v1/models/{model}/drift", ctx -> routing.read(ctx, models::drift));
        javalin.get("/api/v1/models/{model}/windows/{window_start}/signals/<signal>", ctx -> routing.read(ctx, models::histogram));
        javalin.get("/api/v1/models/{model}/baseline", baselines::get);
        javalin.put("/api/v1/models/{model}/baseline", baselines::put);
        javalin.get("/api/v1/models/{model}/retrain-events", ctx -> routing.read(ctx, retrains::retrainEvents));
        javalin.get("/api/v1/models/{model}/promotions", ctx -> routing.read(ctx, retrains::promotions));
        javalin.get("/api/v1/models/{model}/performance", ctx -> routing.read(ctx, performance::performance));
        javalin.get("/api/v1/models/{model}/roi", ctx -> routing.read(ctx, roi::roi));
        javalin.post("/api/v1/models/{model}/retrain", ctx -> routing.write(ctx, retrains::requestRetrain));

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
        api.writer.close();
    }
}
