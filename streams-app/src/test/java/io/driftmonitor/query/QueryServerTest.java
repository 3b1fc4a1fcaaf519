package io.driftmonitor.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.serde.JsonRecordCodec;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server before a streams client is attached: probes, routes and the error shape. */
class QueryServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private PrometheusMeterRegistry registry;
    private QueryServer server;

    @BeforeEach
    void start() {
        MonitorConfig config = MonitorConfig.builder()
            .http(h -> h.port(0))
            .kafka(k -> k.bootstrapServers("localhost:9"))
            .build();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = QueryServer.start(config, registry);
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    @Test
    void shouldBeLiveButNotReadyWhileStarting() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("UP");
        assertThat(json(health).get("streams_state").asText()).isEqualTo("STARTING");

        for (String path : new String[] {"/ready", "/ready?caught_up=true"}) {
            HttpResponse<String> ready = get(path);
            assertThat(ready.statusCode()).as(path).isEqualTo(503);
            assertThat(ready.headers().firstValue("Retry-After")).as(path).hasValue("2");
            assertThat(json(ready).get("status").asText()).isEqualTo("NOT_READY");
            assertThat(json(ready).get("streams_state").asText()).isEqualTo("STARTING");
        }
        assertError(get("/ready?caught_up=maybe"), 400, "bad_request");
    }

    @Test
    void shouldAnswer503WithRetryAfterForModelRoutesWhileStarting() throws Exception {
        for (String path : new String[] {"/api/v1/models", "/api/v1/models/fraud/drift", "/api/v1/models/fraud/baseline",
                "/api/v1/models/fraud/performance", "/api/v1/models/fraud/retrain-events", "/api/v1/models/fraud/roi",
                "/api/v1/models/fraud/windows/0/signals/score"}) {
            HttpResponse<String> r = get(path);
            assertError(r, 503, "unavailable");
            assertThat(r.headers().firstValue("Retry-After")).as(path).hasValue("2");
        }
    }

    @Test
    void shouldKeepTheErrorShapeForUnknownRoutesMethodsAndBadInput() throws Exception {
        assertError(get("/api/v1/nothing-here"), 404, "not_found");
        assertError(get("/api/v1/models/" + "x".repeat(250) + "/drift"), 400, "bad_request");
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(uri("/api/v1/models/fraud/baseline")).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isIn(404, 405);
        assertThat(json(delete).get("error").asText()).isIn("not_found", "method_not_allowed");
        HttpResponse<String> xml = http.send(HttpRequest.newBuilder(uri("/api/v1/models/fraud/baseline"))
            .header("Content-Type", "application/xml").PUT(HttpRequest.BodyPublishers.ofString("<x/>")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertError(xml, 415, "unsupported_media_type");
    }

    @Test
    void shouldServeTheDashboardTheOpenApiDocumentAndMetrics() throws Exception {
        assertThat(get("/").body()).contains("/vendor/echarts.min.js");
        assertThat(json(get("/api/v1/openapi.json")).get("openapi").asText()).startsWith("3.");
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("drift_monitor_http_requests_seconds");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + server.port() + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JsonRecordCodec.mapper().readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String error) throws Exception {
        assertThat(r.statusCode()).as(r.uri() + " -> " + r.body()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.get("error").asText()).as(r.uri().toString()).isEqualTo(error);
        assertThat(body.get("detail").asText()).isNotBlank().doesNotContain("Exception");
    }
}
