package io.driftmonitor.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Everything the monitor is configured with: {@code monitor.yaml} (snake_case keys), then command
 * line flags on top. Unknown keys and bad values fail at start with the key's path.
 */
public class MonitorConfig {
    public Kafka kafka = new Kafka();
    public Topics topics = new Topics();
    public SchemaRegistryConfig schemaRegistry = new SchemaRegistryConfig();
    public Output output = new Output();
    public Inputs inputs = new Inputs();
    public Http http = new Http();
    public Aggregation aggregation = new Aggregation();
    public Alerts alerts = new Alerts();
    public String stateDir;
    public ModelPolicy defaults = new ModelPolicy();
    /** Per-model overrides of {@link #defaults}, as written in the file. */
    public Map<String, JsonNode> models = new LinkedHashMap<>();

    /**
     * Partitions of the predictions topic, found at start (not configured): level 2 waits for the
     * progress of each of them, up to the idle-close time, before it closes a window.
     */
    @JsonIgnore
    public int inputPartitions = 1;
    /**
     * Partitions of the labels topic (and of the prediction index, which must match it), found at
     * start: level 1 batches index entries by the partition of their prediction id's labels.
     */
    @JsonIgnore
    public int labelPartitions = 1;

    private final Map<String, ModelPolicy> resolved = new LinkedHashMap<>();

    public static class Kafka {
        public String bootstrapServers;
        public String applicationId = "drift-monitor";
        public String processingGuarantee = "exactly_once_v2";
        public int numStreamThreads = 1;
        public int numStandbyReplicas = 0;
        /** Passed to every Kafka client as is (security.protocol, sasl.*, ssl.*, ...). */
        public Map<String, String> properties = new LinkedHashMap<>();
    }

    public static class Topics {
        public String predictions = "predictions";
        public String labels = "labels";
        public String baselines = "baselines";
        public String driftEvents = "drift-events";
        public String retrainEvents = "retrain-events";
        public String promotionEvents = "promotion-events";
        /** One report per model and closed window. */
        public String windowReports = "window-reports";
        public String dlq = "drift-monitor-dlq";
        /** Manual retrain requests (HTTP or any producer); the monitor moves each to its model's partition itself. */
        public String retrainRequests = "drift-monitor-retrain-requests";
        /** Create missing topics at start. */
        public boolean create = true;
        public int partitions = 6;
        /** -1 uses the broker's default. */
        public short replicationFactor = -1;
    }

    public static class SchemaRegistryConfig {
        /** Confluent-compatible REST URL, or mock://name for an in-memory registry. */
        public String url;
        /** {@code user:password} for HTTP basic authentication. */
        public String basicAuthUserInfo;
        /** PKCS12 or JKS trust store for https (absent: the JVM's default trust). */
        public String sslTruststoreLocation;
        public String sslTruststorePassword;
        public String sslTruststoreType = "PKCS12";
        /** Key store with a client certificate for mutual TLS. */
        public String sslKeystoreLocation;
        public String sslKeystorePassword;
        public String sslKeystoreType = "PKCS12";
        /** Schemas kept in memory by id (and ids by subject and schema). */
        public int cacheCapacity = 1000;
        public Duration requestTimeout = Duration.ofSeconds(10);
        /** Retries of a request that failed because the registry was unreachable or answered 5xx/429. */
        public int retries = 3;
        /** First retry delay; doubled on each retry up to {@link #retryBackoffMax}. */
        public Duration retryBackoff = Duration.ofMillis(200);
        public Duration retryBackoffMax = Duration.ofSeconds(5);
        /**
         * What happens to a record whose schema cannot be fetched because the registry is down:
         * {@code wait} (the task stops at the record and retries it until the registry answers; nothing
         * is committed past it) or {@code dlq} (it goes to the dead-letter topic with the reason).
         */
        public String onUnavailable = "wait";
        /** Subjects of the output schemas: topic (topic-value), record (full name) or topic_record. */
        public String subjectNameStrategy = "topic";
    }

    public static class Inputs {
        public Input predictions = new Input();
    }

    public static class Input {
        /** Null: records follow the monitor's PredictionEvent schema (Avro or JSON). */
        public PredictionMapping mapping;
    }

    public static class Output {
        /** json or avro (Avro needs schema_registry.url). */
        public String format = "json";
        /** all (every signal x segment of every window, the default) or non_ok (only warn, drift and insufficient_data). */
        public String driftEvents = "all";
    }

    public static class Http {
        public int port = 8080;
        /** Host and port other instances reach this one at (application.server); default localhost:port. */
        public String advertisedAddress;
        /** Bearer token that write endpoints require; null: env DRIFT_MONITOR_HTTP_TOKEN, if set, else none. */
        public String token;
        /** Largest request body accepted (baseline uploads); larger ones get 413. */
        public long maxUploadBytes = 32L * 1024 * 1024;
        /** How long a request forwarded to the instance that owns a model may take. */
        public Duration forwardTimeout = Duration.ofSeconds(10);
    }

    public static class Aggregation {
        /** How often the per-partition accumulators are merged by model. */
        public Duration flushInterval = Duration.ofSeconds(1);
        /** A model without new records for this long closes its windows by wall clock. */
        public Duration idleClose = Duration.ofSeconds(30);
        /** Models tracked at once; records of further models are counted and dropped from drift. */
        public int maxModels = 1000;
        /** Closed windows kept per model for queries. */
        public int retainedWindows = 1000;
    }

    /**
     * Alert delivery: webhooks for window reports, retrain and promotion events, delivered by a
     * consumer of the output topics of its own (never by the stream threads).
     */
    public static class Alerts {
        /** Empty: no alert consumer runs. */
        public List<Webhook> webhooks = new ArrayList<>();
        /** Where a new alert consumer group starts: latest (no flood of old events when alerts are first enabled) or earliest. */
        public String startFrom = "latest";
        /** Records whose deliveries are not finished, at most; beyond, the alert consumer pauses its partitions. */
        public int maxInFlight = 100;
    }

    public static class Webhook {
        /** Name in metrics, logs and dead letters; default webhook-<index>. */
        public String name;
        /** http:// or https:// URL the events are POSTed to. Required. */
        public String url;
        /** The outputs delivered: window_reports, retrain, promotion. */
        public List<String> events = new ArrayList<>(WEBHOOK_EVENTS);
        /** Window reports are delivered when their status is at least this: ok (every report), warn or drift. */
        public String minStatus = "warn";
        /** json (the event as the monitor writes it, as JSON) or slack (a Slack incoming-webhook message). */
        public String format = "json";
        /** Key of the HMAC-SHA256 signature header; null: requests are not signed. */
        public String secret;
        /** Extra request headers. */
        public Map<String, String> headers = new LinkedHashMap<>();
        /** Time one attempt may take, connection included. */
        public Duration timeout = Duration.ofSeconds(10);
        /** Attempts before a delivery fails to the dead-letter topic. */
        public int maxAttempts = 5;
        public Backoff backoff = new Backoff();

        /** The name in metrics and logs: {@link #name}, or webhook-<index>. */
        public String displayName(int index) {
            return name != null && !name.isBlank() ? name : "webhook-" + index;
        }
    }

    /** Delay before a retry: initial x multiplier^(retry - 1), at most max, less a random share of up to jitter. */
    public static class Backoff {
        public Duration initial = Duration.ofSeconds(1);
        public double multiplier = 2.0;
        public Duration max = Duration.ofMinutes(1);
        /** 0: no jitter; 0.5: each delay is between half and all of the exponential one. */
        public double jitter = 0.5;
    }

    /** The values of a webhook's {@code events}. */
    public static final List<String> WEBHOOK_EVENTS = List.of("window_reports", "retrain", "promotion");
    /** The values of a webhook's {@code min_status}. */
    public static final List<String> WEBHOOK_MIN_STATUS = List.of("ok", "warn", "drift");
    /** The values of a webhook's {@code format}. */
    public static final List<String> WEBHOOK_FORMATS = List.of("json", "slack");

    /** The mapper of {@code monitor.yaml}: snake_case keys, durations as people write them, unknown keys refused. */
    static ObjectMapper mapper() {
        return new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(Durations.jacksonModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /**
     * Reads a file alone (no environment overrides; {@code ${env:...}} and {@code ${file:...}}
     * references are resolved). The command line reads files with {@link ConfigLoader#fromSystemEnvironment()}.
     */
    public static MonitorConfig load(Path file) {
        return ConfigLoader.fileOnly().load(file).config();
    }

    /** Parses the text of a file named {@code sourceName}, as {@link #load}. */
    public static MonitorConfig parse(String yaml, String sourceName) {
        return ConfigLoader.fileOnly().parse(yaml, sourceName).config();
    }

    public static MonitorConfig defaults() {
        MonitorConfig config = new MonitorConfig();
        config.resolve("defaults");
        return config;
    }

    static String keyPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "(top level)" : path.toString();
    }

    /**
     * Validates everything and builds each model's policy from the defaults plus its overrides.
     *
     * @throws ConfigException naming every bad key, each prefixed with {@code sourceName}
     */
    public void resolve(String sourceName) {
        ConfigProblems problems = new ConfigProblems();
        resolve(problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.list()).withSource(sourceName);
        }
    }

    /** Validates everything, recording every bad key, and builds each model's policy. */
    void resolve(ConfigProblems problems) {
        ConfigProblems defaultsProblems = new ConfigProblems();
        defaults.validate("defaults", defaultsProblems);
        defaultsProblems.list().forEach(problems::add);
        if (aggregation.flushInterval == null || aggregation.flushInterval.isZero() || aggregation.flushInterval.isNegative()) {
            problems.add("aggregation.flush_interval: must be a positive duration");
        }
        if (aggregation.idleClose == null || aggregation.idleClose.isNegative()) {
            problems.add("aggregation.idle_close: must be zero or positive");
        }
        if (aggregation.maxModels < 1) {
            problems.add("aggregation.max_models: must be at least 1");
        }
        if (aggregation.retainedWindows < 1) {
            problems.add("aggregation.retained_windows: must be at least 1");
        }
        if (!"exactly_once_v2".equals(kafka.processingGuarantee) && !"at_least_once".equals(kafka.processingGuarantee)) {
            problems.add("kafka.processing_guarantee: must be exactly_once_v2 or at_least_once, got '"
                + kafka.processingGuarantee + "'");
        }
        if (kafka.numStreamThreads < 1) {
            problems.add("kafka.num_stream_threads: must be at least 1, got " + kafka.numStreamThreads);
        }
        if (kafka.numStandbyReplicas < 0) {
            problems.add("kafka.num_standby_replicas: must be zero or positive, got " + kafka.numStandbyReplicas);
        }
        if (kafka.applicationId == null || kafka.applicationId.isBlank()) {
            problems.add("kafka.application_id: must not be empty");
        }
        if (!"json".equals(output.format) && !"avro".equals(output.format)) {
            problems.add("output.format: must be json or avro, got '" + output.format + "'");
        }
        if ("avro".equals(output.format) && schemaRegistry.url == null) {
            problems.add("output.format: avro needs schema_registry.url");
        }
        if (!"all".equals(output.driftEvents) && !"non_ok".equals(output.driftEvents)) {
            problems.add("output.drift_events: must be all or non_ok, got '" + output.driftEvents + "'");
        }
        validateSchemaRegistry(problems);
        validateAlerts(problems);
        if (inputs != null && inputs.predictions != null && inputs.predictions.mapping != null) {
            inputs.predictions.mapping.validate("inputs.predictions.mapping", problems);
        }
        if (http.port < 0 || http.port > 65535) {
            problems.add("http.port: must be between 0 and 65535, got " + http.port);
        }
        if (http.maxUploadBytes < 1 || http.maxUploadBytes > Integer.MAX_VALUE) {
            problems.add("http.max_upload_bytes: must be between 1 and " + Integer.MAX_VALUE);
        }
        if (http.forwardTimeout == null || http.forwardTimeout.isZero() || http.forwardTimeout.isNegative()) {
            problems.add("http.forward_timeout: must be a positive duration");
        }
        if (topics.partitions < 1) {
            problems.add("topics.partitions: must be at least 1");
        }
        if (topics.replicationFactor == 0 || topics.replicationFactor < -1) {
            problems.add("topics.replication_factor: must be -1 (the broker's default) or at least 1, got "
                + topics.replicationFactor);
        }
        ObjectMapper mapper = mapper();
        resolved.clear();
        for (Map.Entry<String, JsonNode> e : models.entrySet()) {
            String path = "models." + e.getKey();
            if (e.getValue() != null && !e.getValue().isNull() && !(e.getValue() instanceof ObjectNode)) {
                problems.add(path + ": must be a mapping of policy keys");
                continue;
            }
            ModelPolicy policy = mapper.convertValue(mapper.valueToTree(defaults), ModelPolicy.class);
            if (e.getValue() instanceof ObjectNode node) {
                try {
                    mapper.readerForUpdating(policy).readValue(node);
                } catch (JsonMappingException ex) {
                    problems.add(path + "." + keyPath(ex) + ": " + ex.getOriginalMessage());
                    continue;
                } catch (IOException ex) {
                    problems.add(path + ": " + ex.getMessage());
                    continue;
                }
            }
            // A bad default is reported once, under defaults, not again for every model that inherits it.
            ConfigProblems own = new ConfigProblems();
            policy.validate(path, own);
            own.list().stream()
                .filter(p -> !defaultsProblems.list().contains("defaults" + p.substring(path.length())))
                .forEach(problems::add);
            resolved.put(e.getKey(), policy);
        }
    }

    private void validateSchemaRegistry(ConfigProblems problems) {
        SchemaRegistryConfig r = schemaRegistry;
        if (r.url != null && !r.url.startsWith("mock://") && !r.url.startsWith("http://") && !r.url.startsWith("https://")) {
            problems.add("schema_registry.url: must start with http://, https:// or mock://, got '" + r.url + "'");
        }
        if (r.basicAuthUserInfo != null && !r.basicAuthUserInfo.contains(":")) {
            problems.add("schema_registry.basic_auth_user_info: must be user:password");
        }
        if (r.cacheCapacity < 1) {
            problems.add("schema_registry.cache_capacity: must be at least 1");
        }
        if (r.retries < 0) {
            problems.add("schema_registry.retries: must be zero or positive");
        }
        if (r.requestTimeout == null || r.requestTimeout.isZero() || r.requestTimeout.isNegative()) {
            problems.add("schema_registry.request_timeout: must be a positive duration");
        }
        if (r.retryBackoff == null || r.retryBackoff.isNegative() || r.retryBackoffMax == null
            || r.retryBackoffMax.compareTo(r.retryBackoff) < 0) {
            problems.add("schema_registry.retry_backoff_max: must be at least retry_backoff");
        }
        if (!"wait".equals(r.onUnavailable) && !"dlq".equals(r.onUnavailable)) {
            problems.add("schema_registry.on_unavailable: must be wait or dlq, got '" + r.onUnavailable + "'");
        }
        if (!"topic".equals(r.subjectNameStrategy) && !"record".equals(r.subjectNameStrategy)
            && !"topic_record".equals(r.subjectNameStrategy)) {
            problems.add("schema_registry.subject_name_strategy: must be topic, record or topic_record, got '"
                + r.subjectNameStrategy + "'");
        }
    }

    private void validateAlerts(ConfigProblems problems) {
        if (!"latest".equals(alerts.startFrom) && !"earliest".equals(alerts.startFrom)) {
            problems.add("alerts.start_from: must be latest or earliest, got '" + alerts.startFrom + "'");
        }
        if (alerts.maxInFlight < 1) {
            problems.add("alerts.max_in_flight: must be at least 1, got " + alerts.maxInFlight);
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < alerts.webhooks.size(); i++) {
            Webhook w = alerts.webhooks.get(i);
            String path = "alerts.webhooks[" + i + "]";
            if (w == null) {
                problems.add(path + ": must be a mapping with at least url");
                continue;
            }
            if (!names.add(w.displayName(i))) {
                problems.add(path + ".name: '" + w.displayName(i) + "' names another webhook too");
            }
            validateWebhookUrl(w.url, path + ".url", problems);
            if (w.events == null || w.events.isEmpty()) {
                problems.add(path + ".events: must name at least one of " + String.join(", ", WEBHOOK_EVENTS));
            } else {
                for (int e = 0; e < w.events.size(); e++) {
                    if (!WEBHOOK_EVENTS.contains(w.events.get(e))) {
                        problems.add(path + ".events[" + e + "]: must be one of " + String.join(", ", WEBHOOK_EVENTS)
                            + ", got '" + w.events.get(e) + "'");
                    }
                }
            }
            if (!WEBHOOK_MIN_STATUS.contains(w.minStatus)) {
                problems.add(path + ".min_status: must be ok, warn or drift, got '" + w.minStatus + "'");
            }
            if (!WEBHOOK_FORMATS.contains(w.format)) {
                problems.add(path + ".format: must be json or slack, got '" + w.format + "'");
            }
            if (w.secret != null && w.secret.isEmpty()) {
                problems.add(path + ".secret: must not be empty (leave the key out for unsigned requests)");
            }
            if (w.headers != null) {
                for (Map.Entry<String, String> h : w.headers.entrySet()) {
                    if (!h.getKey().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                        problems.add(path + ".headers." + h.getKey() + ": not a valid header name");
                    } else if (RESERVED_HEADERS.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                        problems.add(path + ".headers." + h.getKey() + ": set by the monitor, cannot be configured");
                    } else if (h.getValue() == null || h.getValue().contains("\n") || h.getValue().contains("\r")) {
                        problems.add(path + ".headers." + h.getKey() + ": must be a one-line text value");
                    }
                }
            }
            if (w.timeout == null || w.timeout.isZero() || w.timeout.isNegative()) {
                problems.add(path + ".timeout: must be a positive duration");
            }
            if (w.maxAttempts < 1 || w.maxAttempts > 100) {
                problems.add(path + ".max_attempts: must be between 1 and 100, got " + w.maxAttempts);
            }
            Backoff b = w.backoff == null ? new Backoff() : w.backoff;
            if (b.initial == null || b.initial.isNegative()) {
                problems.add(path + ".backoff.initial: must be zero or positive");
            }
            if (!(b.multiplier >= 1.0) || b.multiplier > 100) {
                problems.add(path + ".backoff.multiplier: must be between 1 and 100, got " + b.multiplier);
            }
            if (b.max == null || b.initial != null && b.max.compareTo(b.initial) < 0) {
                problems.add(path + ".backoff.max: must be at least backoff.initial");
            }
            if (!(b.jitter >= 0.0 && b.jitter <= 1.0)) {
                problems.add(path + ".backoff.jitter: must be between 0 and 1, got " + b.jitter);
            }
        }
    }

    /** Request headers the monitor sets itself (or the HTTP client does). */
    private static final java.util.Set<String> RESERVED_HEADERS = java.util.Set.of("content-type", "content-length", "host",
        "connection", "expect", "upgrade", "x-drift-monitor-signature", "x-drift-monitor-timestamp",
        "x-drift-monitor-event-id", "x-drift-monitor-event", "x-drift-monitor-attempt");

    private static void validateWebhookUrl(String url, String path, ConfigProblems problems) {
        if (url == null || url.isBlank()) {
            problems.add(path + ": required");
            return;
        }
        try {
            java.net.URI uri = new java.net.URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problems.add(path + ": must be an http:// or https:// URL");
            } else if (uri.getHost() == null || uri.getHost().isBlank()) {
                problems.add(path + ": must name a host");
            } else if (uri.getRawUserInfo() != null) {
                problems.add(path + ": must not hold credentials (user:password@); use headers or secret");
            }
        } catch (java.net.URISyntaxException e) {
            problems.add(path + ": not a valid URL: " + e.getReason());
        }
    }

    /** The longest label horizon of any model: how long the label join keeps a prediction's index entry. */
    public Duration longestLabelHorizon() {
        Duration longest = defaults.labelHorizon;
        for (ModelPolicy policy : resolved.values()) {
            if (policy.labelHorizon.compareTo(longest) > 0) {
                longest = policy.labelHorizon;
            }
        }
        return longest;
    }

    /** The policy of a model: its own entry, or the defaults. */
    public ModelPolicy policyFor(String modelId) {
        return resolved.getOrDefault(modelId, defaults);
    }

    /**
     * A model's policy with further overrides on top (a candidate policy file for a backtest): the
     * same keys as a model's entry in {@code monitor.yaml}, validated the same way.
     */
    public ModelPolicy policyWithOverrides(String modelId, String yaml, String sourceName) {
        ObjectMapper mapper = mapper();
        ModelPolicy policy = mapper.convertValue(mapper.valueToTree(policyFor(modelId)), ModelPolicy.class);
        try {
            JsonNode node = yaml.isBlank() ? null : mapper.readTree(yaml);
            if (node != null && !node.isNull()) {
                if (!(node instanceof ObjectNode)) {
                    throw new ConfigException(sourceName + ": must be a mapping of policy keys (as a model's entry)");
                }
                mapper.readerForUpdating(policy).readValue(node);
            }
        } catch (JsonMappingException e) {
            throw new ConfigException(sourceName + ": " + keyPath(e) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(sourceName + ": not valid YAML: " + e.getMessage(), e);
        }
        try {
            policy.validate("policy");
        } catch (ConfigException e) {
            ConfigException named = new ConfigException(e.problems().stream()
                .map(p -> sourceName + ": " + (p.startsWith("policy.") ? p.substring("policy.".length()) : p)).toList());
            named.initCause(e);
            throw named;
        }
        return policy;
    }

    /** Registers an explicit policy for a model (used by the demo and tests). */
    public void putPolicy(String modelId, ModelPolicy policy) {
        policy.validate("models." + modelId);
        resolved.put(modelId, policy);
    }
}
