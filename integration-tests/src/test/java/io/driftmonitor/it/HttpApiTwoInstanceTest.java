package io.driftmonitor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.app.MonitorApp;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.serde.JsonRecordCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two monitor instances (one application id) on one broker: every endpoint gives the same answer
 * whichever instance is asked, model-keyed requests reach the owner in one hop, writes need the token.
 */
class HttpApiTwoInstanceTest {
    private static final List<String> MODELS = List.of("fraud", "churn", "price", "ranker", "spam");
    private static final String TOKEN = "s3cret-token";

    @TempDir
    static Path stateDirs;

    private static KafkaCluster kafka;
    private static MonitorApp first;
    private static MonitorApp second;
    private static long t0;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        kafka = KafkaCluster.start();
        String appId = "drift-monitor-http-it-" + UUID.randomUUID();
        first = new MonitorApp(config(appId, "a")).start();
        second = new MonitorApp(config(appId, "b")).start();
        t0 = DriftingTraffic.firstWindow();
        DriftingTraffic.produce(kafka.bootstrapServers(), "predictions", MODELS, t0);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (MonitorApp app : List.of(first, second)) {
                HttpResponse<String> r = send(app, "GET", "/api/v1/models", null, null, null);
                if (r.statusCode() != 200) {
                    return false;
                }
                JsonNode models = JsonRecordCodec.mapper().readTree(r.body()).get("models");
                if (models.size() != MODELS.size()) {
                    return false;
                }
                for (JsonNode m : models) {
                    if (m.get("windows_closed").asLong() < 3 || m.get("retrain_triggers").asLong() < 1) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    private static MonitorConfig config(String appId, String name) {
        return MonitorConfig.builder()
            .kafka(k -> k.bootstrapServers(kafka.bootstrapServers()).applicationId(appId))
            .http(h -> h.port(0).token(TOKEN).maxUploadBytes(64 * 1024).forwardTimeout(Duration.ofSeconds(5)))
            .stateDir(stateDirs.resolve(name).toString())
            .topics(t -> t.partitions(3))
            // Window 3 stays open for the whole test, so the series lengths below do not depend on timing.
            .aggregation(a -> a.flushInterval(Duration.ofMillis(200)).idleClose(Duration.ofMinutes(10)))
            .defaults(d -> d.window(Duration.ofMillis(DriftingTraffic.W)).grace(Duration.ZERO))
            .build()
            .validate("test-" + name);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {second, first, kafka}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Test
    void shouldGiveTheSameAnswerForEveryReadEndpointWhicheverInstanceIsAsked() throws Exception {
        List<String> paths = new ArrayList<>(List.of("/api/v1/models"));
        for (String m : MODELS) {
            paths.add("/api/v1/models/" + m + "/drift");
            paths.add("/api/v1/models/" + m + "/drift?signal=feature:income&segment=*&limit=2");
            paths.add("/api/v1/models/" + m + "/drift?from=" + (t0 + DriftingTraffic.W) + "&to=" + (t0 + 3 * DriftingTraffic.W));
            paths.add("/api/v1/models/" + m + "/windows/" + (t0 + DriftingTraffic.W) + "/signals/feature:income");
            paths.add("/api/v1/models/" + m + "/windows/" + (t0 + 2 * DriftingTraffic.W) + "/signals/feature:region?segment=country=DE");
            paths.add("/api/v1/models/" + m + "/baseline");
            paths.add("/api/v1/models/" + m + "/retrain-events");
            paths.add("/api/v1/models/" + m + "/promotions");
        }
        Set<String> servedBy = new HashSet<>();
        for (String path : paths) {
            HttpResponse<String> a = send(first, "GET", path, null, null, null);
            HttpResponse<String> b = send(second, "GET", path, null, null, null);
            assertThat(a.statusCode()).as(path + " -> " + a.body()).isEqualTo(200);
            assertThat(b.statusCode()).as(path + " -> " + b.body()).isEqualTo(200);
            assertThat(JsonRecordCodec.mapper().readTree(a.body())).as(path).isEqualTo(JsonRecordCodec.mapper().readTree(b.body()));
            a.headers().firstValue("X-Drift-Monitor-Served-By").ifPresent(servedBy::add);
            b.headers().firstValue("X-Drift-Monitor-Served-By").ifPresent(servedBy::add);
        }
        assertThat(servedBy).as("both instances own some models").hasSize(2);

        JsonNode drift = json(send(first, "GET", "/api/v1/models/fraud/drift?signal=feature:income", null, null, null));
        assertThat(drift.get("series")).hasSize(3);
        assertThat(drift.get("series").get(1).get("signals").get(0).get("status").asText()).isEqualTo("drift");
        JsonNode histogram = json(send(second, "GET", "/api/v1/models/fraud/windows/" + (t0 + DriftingTraffic.W)
            + "/signals/feature:income", null, null, null));
        assertThat(histogram.get("kind").asText()).isEqualTo("numeric");
        assertThat(histogram.get("bins")).hasSize(histogram.get("edges").size() + 1);
        long windowTotal = 0;
        for (JsonNode bin : histogram.get("bins")) {
            windowTotal += bin.get("window_count").asLong();
        }
        assertThat(windowTotal).isEqualTo(DriftingTraffic.PER_WINDOW);
        JsonNode inUse = json(send(second, "GET", "/api/v1/models/fraud/baseline", null, null, null));
        assertThat(inUse.get("source").asText()).as("the first-window baseline the model is compared with")
            .isEqualTo("first-window:" + t0);
        assertThat(inUse.get("version").asLong()).isEqualTo(drift.get("series").get(1).get("baseline_version").asLong());
        JsonNode retrains = json(send(first, "GET", "/api/v1/models/churn/retrain-events", null, null, null));
        assertThat(retrains.get("events")).anySatisfy(e -> assertThat(e.get("trigger").asText()).isEqualTo("drift"));
    }

    @Test
    void shouldForwardOnceToTheOwnerAndServeStaleCopiesOnlyWhenAllowed() throws Exception {
        for (String m : MODELS) {
            HttpResponse<String> a = send(first, "GET", "/api/v1/models/" + m + "/drift", null, null, null);
            HttpResponse<String> forwardedElsewhere = send(first, "GET", "/api/v1/models/" + m + "/drift", null, null,
                "X-Drift-Monitor-Forwarded");
            String owner = a.headers().firstValue("X-Drift-Monitor-Served-By").orElseThrow();
            if (owner.endsWith(":" + first.httpPort())) {
                assertThat(forwardedElsewhere.statusCode()).isEqualTo(200);
            } else {
                assertThat(forwardedElsewhere.statusCode()).as("a forwarded request is never forwarded again").isEqualTo(503);
                assertThat(forwardedElsewhere.headers().firstValue("Retry-After")).isPresent();
                assertThat(json(forwardedElsewhere).get("error").asText()).isEqualTo("unavailable");
            }
            assertThat(JsonRecordCodec.mapper().readTree(a.body()).has("stale")).isFalse();
        }
    }

    @Test
    void shouldRejectBadParametersUnknownNamesAndUnauthorizedWrites() throws Exception {
        for (MonitorApp app : List.of(first, second)) {
            assertError(send(app, "GET", "/api/v1/models/nope/drift", null, null, null), 404, "not_found");
            assertError(send(app, "GET", "/api/v1/models/fraud/drift?from=abc", null, null, null), 400, "bad_request");
            assertError(send(app, "GET", "/api/v1/models/fraud/drift?limit=0", null, null, null), 400, "bad_request");
            assertError(send(app, "GET", "/api/v1/models/fraud/drift?signal=feature:nope", null, null, null), 404, "not_found");
            assertError(send(app, "GET", "/api/v1/models/fraud/windows/123/signals/score", null, null, null), 404, "not_found");
            assertError(send(app, "GET", "/api/v1/models/fraud/windows/x/signals/score", null, null, null), 400, "bad_request");
            assertError(send(app, "GET", "/api/v1/models/fraud/windows/" + (t0 + DriftingTraffic.W) + "/signals/feature:nope",
                null, null, null), 404, "not_found");
            assertError(send(app, "GET", "/api/v1/models/nope/baseline", null, null, null), 404, "not_found");
            assertError(send(app, "GET", "/api/v1/nothing-here", null, null, null), 404, "not_found");
            assertError(send(app, "POST", "/api/v1/models/fraud/retrain", "{\"reason\": \"x\"}", null, null), 401, "unauthorized");
            assertError(send(app, "POST", "/api/v1/models/fraud/retrain", "{\"reason\": \"x\"}", "wrong", null), 403, "forbidden");
            assertError(send(app, "POST", "/api/v1/models/fraud/retrain", "{}", TOKEN, null), 400, "bad_request");
            assertError(send(app, "POST", "/api/v1/models/nope/retrain", "{\"reason\": \"x\"}", TOKEN, null), 404, "not_found");
            assertError(send(app, "PUT", "/api/v1/models/fraud/baseline", "a,b\n1,2\n", null, null), 401, "unauthorized");
            String big = "x\n" + "1.0\n".repeat(20_000);
            HttpResponse<String> tooLarge = sendTyped(app, "PUT", "/api/v1/models/fraud/baseline", big, "text/csv", TOKEN);
            assertError(tooLarge, 413, "payload_too_large");
            assertError(sendTyped(app, "PUT", "/api/v1/models/fraud/baseline", "x", "application/xml", TOKEN), 415,
                "unsupported_media_type");
            assertError(sendTyped(app, "PUT", "/api/v1/models/fraud/baseline", "{\"from_window\": 5}", "application/json", TOKEN),
                404, "not_found");
        }
    }

    @Test
    void shouldPublishAnUploadedSampleAsTheNextBaselineVersionSeenByBothInstances() throws Exception {
        StringBuilder csv = new StringBuilder("income,age,region,score\n");
        Random random = new Random(3);
        for (int i = 0; i < 500; i++) {
            csv.append(50_000 + 10_000 * random.nextGaussian()).append(',').append(40 + 10 * random.nextGaussian()).append(',')
                .append(i % 2 == 0 ? "north" : "\"south\"").append(',').append(random.nextDouble()).append('\n');
        }
        long before = json(send(first, "GET", "/api/v1/models/spam/baseline", null, null, null)).get("version").asLong();
        HttpResponse<String> put = sendTyped(second, "PUT", "/api/v1/models/spam/baseline", csv.toString(), "text/csv", TOKEN);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(json(put).get("version").asLong()).isEqualTo(before + 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (MonitorApp app : List.of(first, second)) {
                JsonNode b = json(send(app, "GET", "/api/v1/models/spam/baseline?signal=feature:income", null, null, null));
                assertThat(b.get("version").asLong()).isEqualTo(before + 1);
                assertThat(b.get("source").asText()).isEqualTo("upload:csv:500");
                assertThat(b.get("signals")).singleElement().satisfies(s -> {
                    assertThat(s.get("edges")).hasSize(9);
                    assertThat(s.get("total").asLong()).isEqualTo(500);
                });
            }
        });

        String jsonl = "{\"features\": {\"income\": 1.5, \"region\": \"north\"}, \"score\": 0.2}\n".repeat(150);
        HttpResponse<String> fromLines = sendTyped(first, "PUT", "/api/v1/models/brand-new-model/baseline", jsonl,
            "application/x-ndjson", TOKEN);
        assertThat(fromLines.statusCode()).as(fromLines.body()).isEqualTo(201);
        assertThat(json(fromLines).get("version").asLong()).isEqualTo(1);

        HttpResponse<String> fromWindow = sendTyped(first, "PUT", "/api/v1/models/ranker/baseline",
            "{\"from_window\": " + (t0 + 2 * DriftingTraffic.W) + "}", "application/json", TOKEN);
        assertThat(fromWindow.statusCode()).as(fromWindow.body()).isEqualTo(201);
        assertThat(json(fromWindow).get("source").asText()).isEqualTo("window:" + (t0 + 2 * DriftingTraffic.W));
    }

    @Test
    void shouldTurnAManualRetrainRequestOnAnyInstanceIntoARetrainEvent() throws Exception {
        for (MonitorApp app : List.of(first, second)) {
            String key = "ticket-" + app.httpPort();
            HttpResponse<String> post = send(app, "POST", "/api/v1/models/price/retrain",
                "{\"reason\": \"quarterly refresh\", \"requested_by\": \"ops\"}", TOKEN, null, "Idempotency-Key", key);
            assertThat(post.statusCode()).as(post.body()).isEqualTo(202);
            String eventId = json(post).get("event_id").asText();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode events = json(send(second, "GET", "/api/v1/models/price/retrain-events", null, null, null)).get("events");
                assertThat(events).anySatisfy(e -> {
                    assertThat(e.get("event_id").asText()).isEqualTo(eventId);
                    assertThat(e.get("trigger").asText()).isEqualTo("manual");
                    assertThat(e.get("reason").asText()).isEqualTo("quarterly refresh");
                });
            });
        }
    }

    @Test
    void shouldServeTheOpenApiDocumentAndTheDashboard() throws Exception {
        JsonNode openApi = json(send(second, "GET", "/api/v1/openapi.json", null, null, null));
        assertThat(openApi.get("openapi").asText()).startsWith("3.");
        assertThat(openApi.get("paths").has("/api/v1/models/{model}/windows/{window_start}/signals/{signal}")).isTrue();
        HttpResponse<String> page = send(first, "GET", "/", null, null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/vendor/echarts.min.js").doesNotContain("https://");
        assertThat(send(first, "GET", "/vendor/echarts.min.js", null, null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldExposeMetricsThatAPrometheusParserAccepts() throws Exception {
        Set<String> modelsSeen = new HashSet<>();
        for (MonitorApp app : List.of(first, second)) {
            HttpResponse<String> r = send(app, "GET", "/metrics", null, null, null);
            assertThat(r.statusCode()).isEqualTo(200);
            String text = r.body();
            assertThat(text).contains("kafka_stream_", "drift_monitor_http_requests_seconds_count",
                "drift_monitor_dlq_records_total{", "drift_monitor_signal_status{", "drift_monitor_model_late_records_total{");
            for (String line : text.split("\n")) {
                if (line.startsWith("drift_monitor_model_records_total{")) {
                    modelsSeen.add(line.replaceAll(".*model=\"([^\"]+)\".*", "$1"));
                }
            }
            PrometheusText.assertParses(text);
        }
        assertThat(modelsSeen).as("each model is reported by its owner").containsExactlyInAnyOrderElementsOf(MODELS);
    }

    @Test
    void shouldExportCumulativeCountsAsCountersAndStateAsGaugesWithJvmMetrics() throws Exception {
        // One undecodable prediction: a dead letter, counted by reason on the instance that read it.
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(java.util.Map.of(
                "bootstrap.servers", kafka.bootstrapServers()),
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("predictions",
                "bad-1".getBytes(StandardCharsets.UTF_8), "not a prediction".getBytes(StandardCharsets.UTF_8))).get();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            double dead = 0;
            for (MonitorApp app : List.of(first, second)) {
                for (String line : send(app, "GET", "/metrics", null, null, null).body().split("\n")) {
                    if (line.startsWith("drift_monitor_dlq_records_total{") && line.contains("reason=\"invalid_record\"")
                            && line.contains("topic=\"predictions\"")) {
                        dead += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
            }
            return dead >= 1;
        });

        java.util.Map<String, PrometheusText.Family> families = new java.util.TreeMap<>();
        for (MonitorApp app : List.of(first, second)) {
            families.putAll(PrometheusText.families(send(app, "GET", "/metrics", null, null, null).body()));
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(families.isEmpty(), "prometheus_client is not installed");
        for (String counter : List.of("drift_monitor_model_records", "drift_monitor_model_late_records",
                "drift_monitor_model_windows_closed", "drift_monitor_model_retrains", "drift_monitor_model_labels",
                "drift_monitor_dlq_records", "jvm_gc_memory_allocated_bytes")) {
            assertThat(families).as(counter).containsKey(counter);
            assertThat(families.get(counter).type()).as(counter).isEqualTo("counter");
            assertThat(families.get(counter).sampleNames()).as(counter).contains(counter + "_total");
        }
        for (String gauge : List.of("drift_monitor_model_status", "drift_monitor_signal_status", "drift_monitor_signal_value",
                "drift_monitor_last_window_close_timestamp_seconds", "jvm_memory_used_bytes", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "process_cpu_usage", "process_uptime_seconds", "process_files_open_files")) {
            assertThat(families).as(gauge).containsKey(gauge);
            assertThat(families.get(gauge).type()).as(gauge).isEqualTo("gauge");
        }
        assertThat(families.get("drift_monitor_signal_value").labels()).contains("model", "signal", "metric");
        assertThat(families.get("drift_monitor_model_labels").labels()).contains("model", "outcome");
        assertThat(families.get("drift_monitor_dlq_records").labels()).contains("topic", "reason");
        assertThat(families.get("drift_monitor_last_window_close_timestamp_seconds").labels()).containsExactly("model");
        assertThat(families.values().stream().filter(f -> f.name().startsWith("drift_monitor_") && f.type().equals("counter"))
            .flatMap(f -> f.labels().stream()))
            .as("no unbounded label on a counter").doesNotContain("segment", "prediction_id", "window_start");
    }

    private static void assertError(HttpResponse<String> r, int status, String error) throws Exception {
        assertThat(r.statusCode()).as(r.uri() + " -> " + r.body()).isEqualTo(status);
        JsonNode body = JsonRecordCodec.mapper().readTree(r.body());
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("detail").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JsonRecordCodec.mapper().readTree(r.body());
    }

    private static HttpResponse<String> sendTyped(MonitorApp app, String method, String path, String body, String type,
                                                  String token) throws Exception {
        return send(app, method, path, body, token, null, "Content-Type", type);
    }

    private static HttpResponse<String> send(MonitorApp app, String method, String path, String body, String token,
                                             String flagHeader, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + app.httpPort() + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (flagHeader != null) {
            b.header(flagHeader, "test");
        }
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            typed |= headers[i].equals("Content-Type");
        }
        if (body != null && !typed) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
