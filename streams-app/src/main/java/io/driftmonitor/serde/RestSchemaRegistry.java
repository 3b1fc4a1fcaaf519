package io.driftmonitor.serde;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftmonitor.config.MonitorConfig;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for the Confluent schema-registry REST protocol (Confluent, Apicurio ccompat, Karapace,
 * Redpanda): register, lookup, schema by id, latest version of a subject, compatibility check.
 * Schemas are immutable per id, so they are cached (bounded, least recently used out). Requests
 * that fail because the registry cannot be reached, times out or answers 5xx/429 are retried with
 * exponential backoff; after the last retry they throw {@link SchemaRegistryUnavailableException}.
 * Answers that will not change when asked again (404, 409, 422) throw {@link SchemaRegistryException}
 * at once.
 */
public final class RestSchemaRegistry implements SchemaRegistry {
    private static final Logger log = LoggerFactory.getLogger(RestSchemaRegistry.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final String baseUrl;
    private final HttpClient http;
    private final String authorization;
    private final Duration requestTimeout;
    private final int retries;
    private final long backoffMs;
    private final long backoffMaxMs;
    private final BoundedCache<Integer, Schema> byId;
    private final BoundedCache<String, Integer> idBySubjectAndSchema;

    public RestSchemaRegistry(String baseUrl) {
        this(settingsFor(baseUrl));
    }

    public RestSchemaRegistry(MonitorConfig.SchemaRegistryConfig settings) {
        String url = settings.url;
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.requestTimeout = settings.requestTimeout;
        this.retries = settings.retries;
        this.backoffMs = settings.retryBackoff.toMillis();
        this.backoffMaxMs = settings.retryBackoffMax.toMillis();
        this.byId = new BoundedCache<>(settings.cacheCapacity);
        this.idBySubjectAndSchema = new BoundedCache<>(settings.cacheCapacity);
        this.authorization = settings.basicAuthUserInfo == null ? null
            : "Basic " + Base64.getEncoder().encodeToString(settings.basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.requestTimeout);
        if (settings.sslTruststoreLocation != null || settings.sslKeystoreLocation != null) {
            builder.sslContext(sslContext(settings));
        }
        this.http = builder.build();
    }

    private static MonitorConfig.SchemaRegistryConfig settingsFor(String url) {
        return MonitorConfig.SchemaRegistryConfig.builder().url(url).build();
    }

    private static SSLContext sslContext(MonitorConfig.SchemaRegistryConfig s) {
        try {
            TrustManagerFactory tmf = null;
            if (s.sslTruststoreLocation != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(loadStore(s.sslTruststoreLocation, s.sslTruststorePassword, s.sslTruststoreType));
            }
            KeyManagerFactory kmf = null;
            if (s.sslKeystoreLocation != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                char[] password = s.sslKeystorePassword == null ? new char[0] : s.sslKeystorePassword.toCharArray();
                kmf.init(loadStore(s.sslKeystoreLocation, s.sslKeystorePassword, s.sslKeystoreType), password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new SchemaRegistryException("cannot set up TLS for the schema registry: " + e.getMessage(), e);
        }
    }

    private static KeyStore loadStore(String location, String password, String type) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }

    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public Schema schemaById(int id) {
        return byId.computeIfAbsent(id, key -> {
            JsonNode body = send(get("/schemas/ids/" + key), "schema id " + key);
            return parse(body, "schema id " + key);
        });
    }

    @Override
    public int register(String subject, Schema schema) {
        return idBySubjectAndSchema.computeIfAbsent(subject + "\u0000" + schema, key -> {
            JsonNode body = send(post("/subjects/" + encode(subject) + "/versions", schemaPayload(schema)), "subject " + subject);
            int id = body.path("id").asInt();
            byId.put(id, schema);
            return id;
        });
    }

    @Override
    public int lookup(String subject, Schema schema) {
        return idBySubjectAndSchema.computeIfAbsent(subject + "\u0000" + schema, key -> {
            JsonNode body = send(post("/subjects/" + encode(subject), schemaPayload(schema)), "subject " + subject);
            int id = body.path("id").asInt();
            byId.put(id, schema);
            return id;
        });
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode body = send(get("/subjects/" + encode(subject) + "/versions/latest"), "subject " + subject);
        Schema schema = parse(body, "subject " + subject);
        int id = body.path("id").asInt();
        byId.put(id, schema);
        return new RegisteredSchema(subject, id, body.path("version").asInt(), schema);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        HttpRequest.Builder request = post("/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaPayload(schema));
        JsonNode body;
        try {
            body = send(request, "compatibility of subject " + subject);
        } catch (SchemaRegistryException e) {
            if (e.getMessage() != null && e.getMessage().contains(" 404 ")) {
                return true; // no version yet: anything may be registered
            }
            throw e;
        }
        return body.path("is_compatible").asBoolean(false);
    }

    private static Schema parse(JsonNode body, String what) {
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException(what + " is a " + type + " schema; only Avro schemas are read");
        }
        try {
            return new Schema.Parser().parse(body.path("schema").asText());
        } catch (RuntimeException e) {
            throw new SchemaRegistryException(what + " is not a valid Avro schema: " + e.getMessage(), e);
        }
    }

    private static String schemaPayload(Schema schema) {
        try {
            return MAPPER.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (IOException e) {
            throw new SchemaRegistryException("cannot encode schema " + schema.getFullName(), e);
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
    }

    private HttpRequest.Builder post(String path, String payload) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", CONTENT_TYPE)
            .POST(HttpRequest.BodyPublishers.ofString(payload));
    }

    private JsonNode send(HttpRequest.Builder builder, String what) {
        builder.timeout(requestTimeout).header("Accept", CONTENT_TYPE);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        long delay = backoffMs;
        for (int attempt = 0; ; attempt++) {
            String failure;
            Exception cause = null;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return MAPPER.readTree(response.body());
                }
                if (status / 100 != 5 && status != 429) {
                    throw new SchemaRegistryException("schema registry " + baseUrl + " answered " + status + " for " + what
                        + ": " + abbreviate(response.body()));
                }
                failure = "answered " + status;
            } catch (IOException e) {
                failure = "unreachable (" + e + ")";
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryUnavailableException("interrupted while asking the schema registry for " + what, e);
            }
            if (attempt >= retries) {
                throw new SchemaRegistryUnavailableException("schema registry " + baseUrl + " " + failure + " for " + what
                    + " after " + (attempt + 1) + " attempts", cause);
            }
            log.warn("Schema registry {} {} for {}; retrying in {} ms", baseUrl, failure, what, delay);
            LockSupport.parkNanos(Duration.ofMillis(delay).toNanos());
            if (Thread.currentThread().isInterrupted()) {
                throw new SchemaRegistryUnavailableException("interrupted while waiting for the schema registry (" + what + ")", cause);
            }
            delay = Math.min(backoffMaxMs, delay * 2);
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
