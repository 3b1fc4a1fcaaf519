package io.driftmonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.driftmonitor.config.MonitorConfig;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against a scripted Confluent-protocol server. */
class RestSchemaRegistryTest {
    private static final Schema SCHEMA = SchemaBuilder.record("Thing").namespace("t").fields().requiredInt("x").endRecord();
    private static final String SCHEMA_JSON = SCHEMA.toString().replace("\"", "\\\"");

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        requests.add(exchange.getRequestMethod() + " " + path);
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        exchange.getRequestBody().readAllBytes();
        if (failuresLeft.getAndDecrement() > 0) {
            reply(exchange, 503, "{\"error_code\":50003,\"message\":\"unavailable\"}");
            return;
        }
        switch (exchange.getRequestMethod() + " " + path) {
            case "POST /subjects/preds-value/versions" -> reply(exchange, 200, "{\"id\":7}");
            case "POST /subjects/preds-value" -> reply(exchange, 200,
                "{\"subject\":\"preds-value\",\"id\":7,\"version\":1,\"schema\":\"" + SCHEMA_JSON + "\"}");
            case "GET /schemas/ids/7" -> reply(exchange, 200, "{\"schema\":\"" + SCHEMA_JSON + "\"}");
            case "GET /subjects/preds-value/versions/latest" -> reply(exchange, 200,
                "{\"subject\":\"preds-value\",\"id\":7,\"version\":3,\"schema\":\"" + SCHEMA_JSON + "\"}");
            case "POST /compatibility/subjects/preds-value/versions/latest" -> reply(exchange, 200, "{\"is_compatible\":false}");
            case "POST /compatibility/subjects/new-value/versions/latest" -> reply(exchange, 404,
                "{\"error_code\":40401,\"message\":\"Subject not found\"}");
            case "GET /schemas/ids/8" -> reply(exchange, 200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax\"}");
            default -> reply(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private MonitorConfig.SchemaRegistryConfig settings(String url) {
        return settingsBuilder(url).build();
    }

    private MonitorConfig.SchemaRegistryConfig.Builder settingsBuilder(String url) {
        return MonitorConfig.SchemaRegistryConfig.builder()
            .url(url)
            .retries(2)
            .retryBackoff(Duration.ofMillis(1))
            .retryBackoffMax(Duration.ofMillis(5))
            .requestTimeout(Duration.ofSeconds(2));
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Test
    void shouldRegisterLookUpAndCacheSchemas() {
        RestSchemaRegistry registry = new RestSchemaRegistry(settings(url()));

        assertThat(registry.register("preds-value", SCHEMA)).isEqualTo(7);
        assertThat(registry.register("preds-value", SCHEMA)).isEqualTo(7);
        assertThat(registry.schemaById(7)).isEqualTo(SCHEMA);
        assertThat(registry.lookup("preds-value", SCHEMA)).isEqualTo(7);

        assertThat(requests).containsExactly("POST /subjects/preds-value/versions");
    }

    @Test
    void shouldFetchSchemaByIdOnceAndLatestVersionOfSubject() {
        RestSchemaRegistry registry = new RestSchemaRegistry(settings(url()));

        assertThat(registry.schemaById(7)).isEqualTo(SCHEMA);
        assertThat(registry.schemaById(7)).isEqualTo(SCHEMA);
        RegisteredSchema latest = registry.latest("preds-value");

        assertThat(latest).isEqualTo(new RegisteredSchema("preds-value", 7, 3, SCHEMA));
        assertThat(requests).containsExactly("GET /schemas/ids/7", "GET /subjects/preds-value/versions/latest");
    }

    @Test
    void shouldCheckCompatibilityAndTreatAnUnknownSubjectAsCompatible() {
        RestSchemaRegistry registry = new RestSchemaRegistry(settings(url()));

        assertThat(registry.isCompatible("preds-value", SCHEMA)).isFalse();
        assertThat(registry.isCompatible("new-value", SCHEMA)).isTrue();
    }

    @Test
    void shouldSendBasicAuthentication() {
        MonitorConfig.SchemaRegistryConfig s = settingsBuilder(url()).basicAuthUserInfo("monitor:secret").build();
        new RestSchemaRegistry(s).schemaById(7);

        assertThat(authorizations).containsExactly("Basic bW9uaXRvcjpzZWNyZXQ=");
    }

    @Test
    void shouldRetryServerErrorsWithBackoff() {
        failuresLeft.set(2);
        RestSchemaRegistry registry = new RestSchemaRegistry(settings(url()));

        assertThat(registry.schemaById(7)).isEqualTo(SCHEMA);
        assertThat(requests).hasSize(3);
    }

    @Test
    void shouldReportUnavailableAfterTheLastRetry() {
        failuresLeft.set(10);
        RestSchemaRegistry registry = new RestSchemaRegistry(settings(url()));

        assertThatThrownBy(() -> registry.schemaById(7))
            .isInstanceOf(SchemaRegistryUnavailableException.class)
            .hasMessageContaining("answered 503").hasMessageContaining("after 3 attempts");
    }

    @Test
    void shouldReportAnUnreachableRegistryAsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RestSchemaRegistry registry = new RestSchemaRegistry(settings("http://127.0.0.1:" + closedPort));

        assertThatThrownBy(() -> registry.schemaById(1))
            .isInstanceOf(SchemaRegistryUnavailableException.class)
            .hasMessageContaining("unreachable");
    }

    @Test
    void shouldReportAnUnknownIdAsAFaultOfTheRecordNotAnOutage() {
        RestSchemaRegistry registry = new RestSchemaRegistry(settings(url()));

        assertThatThrownBy(() -> registry.schemaById(99))
            .isInstanceOf(SchemaRegistryException.class)
            .isNotInstanceOf(SchemaRegistryUnavailableException.class)
            .hasMessageContaining("404");
        assertThatThrownBy(() -> registry.schemaById(8)).hasMessageContaining("PROTOBUF");
        assertThat(requests).hasSize(2);
    }

    @Test
    void shouldKeepTheSchemaCacheBounded() {
        BoundedCache<Integer, String> cache = new BoundedCache<>(2);
        cache.put(1, "a");
        cache.put(2, "b");
        cache.get(1);
        cache.put(3, "c");
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(2)).isNull();
        assertThat(cache.get(1)).isEqualTo("a");
    }
}
