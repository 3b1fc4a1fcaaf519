package io.driftmonitor.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Everything the monitor is configured with: {@code monitor.yaml} (snake_case keys), then command
 * line flags on top. Unknown keys and bad values fail at start with the key's path.
 */
@JsonDeserialize(builder = MonitorConfig.Builder.class)
public final class MonitorConfig {
    public final Kafka kafka;
    public final Topics topics;
    public final SchemaRegistryConfig schemaRegistry;
    public final Output output;
    public final Inputs inputs;
    public final Http http;
    public final Aggregation aggregation;
    public final Alerts alerts;
    public final String stateDir;
    public final ModelPolicy defaults;
    /**
     * Per-model overrides of {@link #defaults}, as written in the file (copies: the config reads
     * them once, when it is built).
     */
    public final Map<String, JsonNode> models;
    /**
     * Partitions of the predictions topic, found at start (not configured): level 2 waits for the
     * progress of each of them, up to the idle-close time, before it closes a window.
     */
    @JsonIgnore
    public final int inputPartitions;
    /**
     * Partitions of the labels topic (and of the prediction index, which must match it), found at
     * start: level 1 batches index entries by the partition of their prediction id's labels.
     */
    @JsonIgnore
    public final int labelPartitions;

    /** Each model's policy: the defaults with its entry of {@link #models} on top. */
    private final Map<String, ModelPolicy> resolved;

    private MonitorConfig(Builder b) {
        kafka = b.kafka;
        topics = b.topics;
        schemaRegistry = b.schemaRegistry;
        output = b.output;
        inputs = b.inputs;
        http = b.http;
        aggregation = b.aggregation;
        alerts = b.alerts;
        stateDir = b.stateDir;
        defaults = b.defaults;
        models = Immutable.map(copies(b.models));
        inputPartitions = b.inputPartitions;
        labelPartitions = b.labelPartitions;
        resolved = Immutable.map(resolvePolicies(new ConfigProblems(), null));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with these values, to derive another. */
    public Builder toBuilder() {
        return new Builder(this);
    }


    @JsonDeserialize(builder = Kafka.Builder.class)
    public static final class Kafka {
        public final String bootstrapServers;
        public final String applicationId;
        public final String processingGuarantee;
        public final int numStreamThreads;
        public final int numStandbyReplicas;
        /** Passed to every Kafka client as is (security.protocol, sasl.*, ssl.*, ...). */
        public final Map<String, String> properties;

        private Kafka(Builder b) {
            bootstrapServers = b.bootstrapServers;
            applicationId = b.applicationId;
            processingGuarantee = b.processingGuarantee;
            numStreamThreads = b.numStreamThreads;
            numStandbyReplicas = b.numStandbyReplicas;
            properties = Immutable.map(b.properties);
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder with these values, to derive another. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Kafka}: the keys not set keep their defaults. */
        @JsonPOJOBuilder(withPrefix = "")
        public static final class Builder {
            private String bootstrapServers;
            private String applicationId = "drift-monitor";
            private String processingGuarantee = "exactly_once_v2";
            private int numStreamThreads = 1;
            private int numStandbyReplicas = 0;
            private Map<String, String> properties = new LinkedHashMap<>();

            private Builder() {
            }

            private Builder(Kafka from) {
                bootstrapServers = from.bootstrapServers;
                applicationId = from.applicationId;
                processingGuarantee = from.processingGuarantee;
                numStreamThreads = from.numStreamThreads;
                numStandbyReplicas = from.numStandbyReplicas;
                properties = from.properties;
            }

            public Builder bootstrapServers(String value) {
                bootstrapServers = value;
                return this;
            }

            public Builder applicationId(String value) {
                applicationId = value;
                return this;
            }

            public Builder processingGuarantee(String value) {
                processingGuarantee = value;
                return this;
            }

            public Builder numStreamThreads(int value) {
                numStreamThreads = value;
                return this;
            }

            public Builder numStandbyReplicas(int value) {
                numStandbyReplicas = value;
                return this;
            }

            public Builder properties(Map<String, String> value) {
                properties = value;
                return this;
            }

            /** Sets one entry of {@code properties}. */
            public Builder property(String name, String value) {
                properties = new LinkedHashMap<>(properties == null ? Map.of() : properties);
                properties.put(name, value);
                return this;
            }

            public Kafka build() {
                return new Kafka(this);
            }
        }
    }

    @JsonDeserialize(builder = Topics.Builder.class)
    public static final class Topics {
        public final String predictions;
        public final String labels;
        public final String baselines;
        public final String driftEvents;
        public final String retrainEvents;
        public final String promotionEvents;
        /** One report per model and closed window. */
        public final String windowReports;
        public final String dlq;
        /** Manual retrain requests (HTTP or any producer); the monitor moves each to its model's partition itself. */
        public final String retrainRequests;
        /** Create missing topics at start. */
        public final boolean create;
        public final int partitions;
        /** -1 uses the broker's default. */
        public final short replicationFactor;

        private Topics(Builder b) {
            predictions = b.predictions;
            labels = b.labels;
            baselines = b.baselines;
            driftEvents = b.driftEvents;
            retrainEvents = b.retrainEvents;
            promotionEvents = b.promotionEvents;
            windowReports = b.windowReports;
            dlq = b.dlq;
            retrainRequests = b.retrainRequests;
            create = b.create;
            partitions = b.partitions;
            replicationFactor = b.replicationFactor;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder with these values, to derive another. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Topics}: the keys not set keep their defaults. */
        @JsonPOJOBuilder(withPrefix = "")
        public static final class Builder {
            private String predictions = "predictions";
            private String labels = "labels";
            private String baselines = "baselines";
            private String driftEvents = "drift-events";
            private String retrainEvents = "retrain-events";
            private String promotionEvents = "promotion-events";
            private String windowReports = "window-reports";
            private String dlq = "drift-monitor-dlq";
            private String retrainRequests = "drift-monitor-retrain-requests";
            private boolean create = true;
            private int partitions = 6;
            private short replicationFactor = -1;

            private Builder() {
            }

            private Builder(Topics from) {
                predictions = from.predictions;
                labels = from.labels;
                baselines = from.baselines;
                driftEvents = from.driftEvents;
                retrainEvents = from.retrainEvents;
                promotionEvents = from.promotionEvents;
                windowReports = from.windowReports;
                dlq = from.dlq;
                retrainRequests = from.retrainRequests;
                create = from.create;
                partitions = from.partitions;
                replicationFactor = from.replicationFactor;
            }

            public Builder predictions(String value) {
                predictions = value;
                return this;
            }

            public Builder labels(String value) {
                labels = value;
                return this;
            }

            public Builder baselines(String value) {
                baselines = value;
                return this;
            }

            public Builder driftEvents(String value) {
                driftEvents = value;
                return this;
            }

            public Builder retrainEvents(String value) {
                retrainEvents = value;
                return this;
            }

            public Builder promotionEvents(String value) {
                promotionEvents = value;
                return this;
            }

            public Builder windowReports(String value) {
                windowReports = value;
                return this;
            }

            public Builder dlq(String value) {
                dlq = value;
                return this;
            }

            public Builder retrainRequests(String value) {
                retrainRequests = value;
                return this;
            }

            public Builder create(boolean value) {
                create = value;
                return this;
            }

            public Builder partitions(int value) {
                partitions = value;
                return this;
            }

            public Builder replicationFactor(short value) {
                replicationFactor = value;
                return this;
            }

            public Topics build() {
                return new Topics(this);
            }
        }
    }

    @JsonDeserialize(builder = SchemaRegistryConfig.Builder.class)
    public static final class SchemaRegistryConfig {
        /** Confluent-compatible REST URL, or mock://name for an in-memory registry. */
        public final String url;
        /** {@code user:password} for HTTP basic authentication. */
        public final String basicAuthUserInfo;
        /** PKCS12 or JKS trust store for https (absent: the JVM's default trust). */
        public final String sslTruststoreLocation;
        public final String sslTruststorePassword;
        public final String sslTruststoreType;
        /** Key store with a client certificate for mutual TLS. */
        public final String sslKeystoreLocation;
        public final String sslKeystorePassword;
        public final String sslKeystoreType;
        /** Schemas kept in memory by id (and ids by subject and schema). */
        public final int cacheCapacity;
        public final Duration requestTimeout;
        /** Retries of a request that failed because the registry was unreachable or answered 5xx/429. */
        public final int retries;
        /** First retry delay; doubled on each retry up to {@link #retryBackoffMax}. */
        public final Duration retryBackoff;
        public final Duration retryBackoffMax;
        /**
         * What happens to a record whose schema cannot be fetched because the registry is down:
         * {@code wait} (the task stops at the record and retries it until the registry answers; nothing
         * is committed past it) or {@code dlq} (it goes to the dead-letter topic with the reason).
         */
        public final String onUnavailable;
        /** Subjects of the output schemas: topic (topic-value), record (full name) or topic_record. */
        public final String subjectNameStrategy;

        private SchemaRegistryConfig(Builder b) {
            url = b.url;
            basicAuthUserInfo = b.basicAuthUserInfo;
            sslTruststoreLocation = b.sslTruststoreLocation;
            sslTruststorePassword = b.sslTruststorePassword;
            sslTruststoreType = b.sslTruststoreType;
            sslKeystoreLocation = b.sslKeystoreLocation;
            sslKeystorePassword = b.sslKeystorePassword;
            sslKeystoreType = b.sslKeystoreType;
            cacheCapacity = b.cacheCapacity;
            requestTimeout = b.requestTimeout;
            retries = b.retries;
            retryBackoff = b.retryBackoff;
            retryBackoffMax = b.retryBackoffMax;
            onUnavailable = b.onUnavailable;
            subjectNameStrategy = b.subjectNameStrategy;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder with these values, to derive another. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link SchemaRegistryConfig}: the keys not set keep their defaults. */
        @JsonPOJOBuilder(withPrefix = "")
        public static final class Builder {
            private String url;
            private String basicAuthUserInfo;
            private String sslTruststoreLocation;
            private String sslTruststorePassword;
            private String sslTruststoreType = "PKCS12";
            private String sslKeystoreLocation;
            private String sslKeystorePassword;
            private String sslKeystoreType = "PKCS12";
            private int cacheCapacity = 1000;
            private Duration requestTimeout = Duration.ofSeconds(10);
            private int retries = 3;
            private Duration retryBackoff = Duration.ofMillis(200);
            private Duration retryBackoffMax = Duration.ofSeconds(5);
            private String onUnavailable = "wait";
            private String subjectNameStrategy = "topic";

            private Builder() {
            }

            private Builder(SchemaRegistryConfig from) {
                url = from.url;
                basicAuthUserInfo = from.basicAuthUserInfo;
                sslTruststoreLocation = from.sslTruststoreLocation;
                sslTruststorePassword = from.sslTruststorePassword;
                sslTruststoreType = from.sslTruststoreType;
                sslKeystoreLocation = from.sslKeystoreLocation;
                sslKeystorePassword = from.sslKeystorePassword;
                sslKeystoreType = from.sslKeystoreType;
                cacheCapacity = from.cacheCapacity;
                requestTimeout = from.requestTimeout;
                retries = from.retries;
                retryBackoff = from.retryBackoff;
                retryBackoffMax = from.retryBackoffMax;
                onUnavailable = from.onUnavailable;
                subjectNameStrategy = from.subjectNameStrategy;
            }

            public Builder url(String value) {
                url = value;
                return this;
            }

            public Builder basicAuthUserInfo(String value) {
                basicAuthUserInfo = value;
                return this;
            }

            public Builder sslTruststoreLocation(String value) {
                sslTruststoreLocation = value;
                return this;
            }

            public Builder sslTruststorePassword(String value) {
                sslTruststorePassword = value;
                return this;
            }

            public Builder sslTruststoreType(String value) {
                sslTruststoreType = value;
                return this;
            }

            public Builder sslKeystoreLocation(String value) {
                sslKeystoreLocation = value;
                return this;
            }

            public Builder sslKeystorePassword(String value) {
                sslKeystorePassword = value;
                return this;
            }

            public Builder sslKeystoreType(String value) {
                sslKeystoreType = value;
                return this;
            }

            public Builder cacheCapacity(int value) {
                cacheCapacity = value;
                return this;
            }

            public Builder requestTimeout(Duration value) {
                requestTimeout = value;
                return this;
            }

            public Builder retries(int value) {
                retries = value;
                return this;
            }

            public Builder retryBackoff(Duration value) {
                retryBackoff = value;
                return this;
            }

            public Builder retryBackoffMax(Duration value) {
                retryBackoffMax = value;
                return this;
            }

            public Builder onUnavailable(String value) {
                onUnavailable = value;
                return this;
            }

            public Builder subjectNameStrategy(String value) {
                subjectNameStrategy = value;
                return this;
            }

            public SchemaRegistryConfig build() {
                return new SchemaRegistryConfig(this);
            }
        }
    }

    @JsonDeserialize(builder = Inputs.Builder.class)
    public static final class Inputs {
        public final Input predictions;

        private Inputs(Builder b) {
            predictions = b.predictions;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder with these values, to derive another. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Inputs}: the keys not set keep their defaults. */
        @JsonPOJOBuilder(withPrefix = "")
        public static final class Builder {
            private Input predictions = Input.builder().build();

            private Builder() {
            }

            private Builder(Inputs from) {
                predictions = from.predictions;
            }

            @JsonProperty
            public Builder predictions(Input value) {
                predictions = value;
                return this;
            }

            /** Changes some keys of {@code predictions}, from the defaults when it is absent. */
            @JsonIgnore
            public Builder predictions(Consumer<Input.Builder> change) {
                Input.Builder b = predictions == null ? Input.builder() : predictions.toBuilder();
                change.accept(b);
                predictions = b.build();
                return this;
            }

            public Inputs build() {
                return new Inputs(this);
            }
        }
    }

    @JsonDeserialize(builder = Input.Builder.class)
    public static final class Input {
        /** Null: records follow the monitor's PredictionEvent schema (Avro or JSON). */
        public final PredictionMapping mapping;

        private Input(Builder b) {
            mapping = b.mapping;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder with these values, to derive another. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Input}: the keys not set keep their defaults. */
        @JsonPOJOBuilder(withPrefix = "")
        public static final class Builder {
            private PredictionMapping mapping;

            private Builder() {
            }

            private Builder(Input from) {
                mapping = from.mapping;
            }

            @JsonProperty
            public Builder mapping(PredictionMapping value) {
                mapping = value;
                return this;
            }

            /** Changes some keys of {@code mapping}, from the defaults when it is absent. */
            @JsonIgnore
            public Builder mapping(Consumer<PredictionMapping.Builder> change) {
                PredictionMapping.Builder b = mapping == null ? PredictionMapping.builder() : mapping.toBuilder();
                change.accept(b);
                mapping = b.build();
                return this;
            }

            public Input build() {
                return new Input(this);
            }
        }
    }

    @JsonDeserialize(builder = Output.Builder.class)
    public static final class Output {
        /** json or avro (Avro needs schema_registry.url). */
        public final String format;
        /** all (every signal x segment of every window, the default) or non_ok (only warn, drift and insufficient_data). */
        public final String driftEvents;

        private Output(Builder b) {
            format = b.format;
            driftEvents = b.driftEvents;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder with these values, to derive another. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Output}: the keys not set keep their defaults. */
        @JsonPOJOBuilder(withPrefix = "")
        public static final class Builder {
            private String format = "json";
            private String driftEvents = "all";

            private Builder() {
            }

            private Builder(Output from) {
                format = from.format;
                driftEvents = from.driftEvents;
            }

            public Builder format(String value) {
                format = value;
                return this;
            }

            public Builder driftEvents(String value) {
                driftEvents = value;
                return this;
            }

            public Output build() {
                return new Output(this);
            }
        }
    }

    @JsonDeserialize(builder = Http.Builder.class)
    public static final class Http {
        public final int port;
        /** Host and port other instances reach this one at (application.server); default localhost:port. */
        public final String advertisedAddress;
        /** Bearer token that write endpoints require; null: env DRIFT_MONITOR_HTTP_TOKEN, if set, else none. */
        public final String token;
        /** Largest request body accepted (baseline uploads); larger ones get 413. */
        public final long maxUploadBytes;
        /** How long a request forwarded to the instance that owns a model may take. */
        public final Duration forwardTimeout;

        private Http(Builder b) {
            port = b.port;
            advertisedAddress = b.advertisedAddress;
            token = b.token;
            maxUploadBytes = b.maxUploadBytes;
            forwardTimeout = b.forwardTimeout;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder with these values, to derive another. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Where other instances reach this one: {@link #advertisedAddress}, else localhost and the port the server is bound to. */
        public String advertisedAddress(int boundPort) {
            return advertisedAddress != null ? advertisedAddress : "localhost:" + boundPort;
        }

        /** Builds {@link Http}: the keys not set keep their defaults. */
        @JsonPOJOBuilder(withPrefix = "")
        public static final class Builder {
            private int port = 8080;
            private String advertisedAddress;
            private String token;
            private long maxUploadBytes = 32L * 1024 * 1024;
            private Duration forwardTimeout = Duration.ofSeconds(10);

            private Builder() {
            }

            private Builder(Http from) {
                port = from.port;
                advertisedAddress = from.advertisedAddress;
                token = from.token;
                maxUploadBytes = from.maxUploadBytes;
                forwardTimeout = from.forwardTimeout;
            }

            public Builder port(int value) {
                port = value;
                return this;
            }

            public Builder advertisedAddress(String value) {
                advertisedAddress = value;
                return this;
            }

            public Builder token(String value) {
                token = value;
                return this;
            }

            public Builder maxUploadBytes(long value) {
                maxUploadBytes = value;
                return this;
            }

            public Builder forwardTimeout(Duration value) {
                forwardTimeout = value;
                return this;
            }

            public Http build() {
                return new Http(this);
            }
        }
    }

    @JsonDeserialize(builder = Aggregation.Builder.class)
    public static final class Aggregation {
        /** How often the per-partition accumulators are merged by model. */
        public final Duration flushInterval;
        /** A model without new records for this long closes its windows by wall clock. */
        public final Duration idleClose;
        /** Models tracked at once; records of further models are counted and dropped from drift. */
        public final int maxModels;
        /** Closed windows kept per model for queries. */
        public final int retainedWindows;

        private Aggregation(Builder b) {
            flushInterval = b.flushInterval;
            idleClose = b.idleClose;
            maxModels = b.maxModels;
            retainedWindows = b.retainedWindows;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder with these values, to derive another. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Aggregation}: the keys not set keep their defaults. */
        @JsonPOJOBuilder(withPrefix = "")
        public static final class Builder {
            private Duration flushInterval = Duration.ofSeconds(1);
            private Duration idleClose = Duration.ofSeconds(30);
            private int maxModels = 1000;
            private int retainedWindows = 1000;

            private Builder() {
            }

            private Builder(Aggregation from) {
                flushInterval = from.flushInterval;
                idleClose = from.idleClose;
                maxModels = from.maxModels;
                retainedWindows = from.retainedWindows;
            }

            public Builder flushInterval(Duration value) {
                flushInterval = value;
                return this;
            }

            public Builder idleClose(Duration value) {
                idleClose = value;
                return this;
            }

            public Builder maxModels(int value) {
                maxModels = value;
                return this;
            }

            public Builder retainedWindows(int value) {
                retainedWindows = value;
                return this;
            }

            public Aggregation build() {
                return new Aggregation(this);
            }
        }
    }

    /**
     * Alert delivery: webhooks for window reports, retrain and promotion events, delivered by a
     * consumer of the output topics of its own (never by the stream threads).
     */
    @JsonDeserialize(builder = Alerts.Builder.class)
    public static final class Alerts {
        /** Empty: no alert consumer runs. */
        public final List<Webhook> webhooks;
        /** Where a new alert consumer group starts: latest (no flood of old events when alerts are first enabled) or earliest. */
        public final String startFrom;
        /** Records whose deliveries are not finished, at most; beyond, the alert consumer pauses its partitions. */
        public final int maxInFlight;

        private Alerts(Builder b) {
            webhooks = Immutable.list(b.webhooks);
            startFrom = b.startFrom;
            maxInFlight = b.maxInFlight;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder with these values, to derive another. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Alerts}: the keys not set keep their defaults. */
        @JsonPOJOBuilder(withPrefix = "")
        public static final class Builder {
            private List<Webhook> webhooks = List.of();
            private String startFrom = "latest";
            private int maxInFlight = 100;

            private Builder() {
            }

            private Builder(Alerts from) {
                webhooks = from.webhooks;
                startFrom = from.startFrom;
                maxInFlight = from.maxInFlight;
            }

            public Builder webhooks(List<Webhook> value) {
                webhooks = value;
                return this;
            }

            public Builder startFrom(String value) {
                startFrom = value;
                return this;
            }

            public Builder maxInFlight(int value) {
                maxInFlight = value;
                return this;
            }

            public Alerts build() {
                return new Alerts(this);
            }
        }
    }

    @JsonDeserialize(builder = Webhook.Builder.class)
    public static final class Webhook {
        /** Name in metrics, logs and dead letters; default webhook-<index>. */
        public final String name;
        /** http:// or https:// URL the events are POSTed to. Required. */
        public final String url;
        /** The outputs delivered: window_reports, retrain, promotion. */
        public final List<String> events;
        /** Window reports are delivered when their status is at least this: ok (every report), warn or drift. */
        public final String minStatus;
        /** json (the event as the monitor writes it, as JSON) or slack (a Slack incoming-webhook message). */
        public final String format;
        /** Key of the HMAC-SHA256 signature header; null: requests are not signed. */
        public final String secret;
        /** Extra request headers. */
        public final Map<String, String> headers;
        /** Time one attempt may take, connection included. */
        public final Duration timeout;
        /** Attempts before a delivery fails to the dead-letter topic. */
        public final int maxAttempts;
        public final Backoff backoff;

        private Webhook(Builder b) {
            name = b.name;
            url = b.url;
            events = Immutable.list(b.events);
            minStatus = b.minStatus;
            format = b.format;
            secret = b.secret;
            headers = Immutable.map(b.headers);
            timeout = b.timeout;
            maxAttempts = b.maxAttempts;
            backoff = b.backoff;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder with these values, to derive another. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** The name in metrics and logs: {@link #name}, or webhook-<index>. */
        public String displayName(int index) {
            return name != null && !name.isBlank() ? name : "webhook-" + index;
        }

        /** Builds {@link Webhook}: the keys not set keep their defaults. */
        @JsonPOJOBuilder(withPrefix = "")
        public static final class Builder {
            private String name;
            private String url;
            private List<String> events = WEBHOOK_EVENTS;
            private String minStatus = "warn";
            private String format = "json";
            private String secret;
            private Map<String, String> headers = new LinkedHashMap<>();
            private Duration timeout = Duration.ofSeconds(10);
            private int maxAttempts = 5;
            private Backoff backoff = Backoff.builder().build();

            private Builder() {
            }

            private Builder(Webhook from) {
                name = from.name;
                url = from.url;
                events = from.events;
                minStatus = from.minStatus;
                format = from.format;
                secret = from.secret;
                headers = from.headers;
                timeout = from.timeout;
                maxAttempts = from.maxAttempts;
                backoff = from.backoff;
            }

            public Builder name(String value) {
                name = value;
                return this;
            }

            public Builder url(String value) {
                url = value;
                return this;
            }

            public Builder events(List<String> value) {
                events = value;
                return this;
            }

            public Builder minStatus(String value) {
                minStatus = value;
                return this;
            }

            public Builder format(String value) {
                format = value;
                return this;
            }

            public Builder secret(String value) {
                secret = value;
                return this;
            }

            public Builder headers(Map<String, String> value) {
                headers = value;
                return this;
            }

            public Builder timeout(Duration value) {
                timeout = value;
                return this;
            }

            public Builder maxAttempts(int value) {
                maxAttempts = value;
                return this;
            }

            @JsonProperty
            public Builder backoff(Backoff value) {
                backoff = value;
                return this;
            }

            /** Changes some keys of {@code backoff}. */
            @JsonIgnore
            public Builder backoff(Consumer<Backoff.Builder> change) {
                Backoff.Builder b = backoff == null ? Backoff.builder() : backoff.toBuilder();
                change.accept(b);
                backoff = b.build();
                return this;
            }

            public Webhook build() {
                return new Webhook(this);
            }
        }
    }

    /** Delay before a retry: initial x multiplier^(retry - 1), at most max, less a random share of up to jitter. */
    @JsonDeserialize(builder = Backoff.Builder.class)
    public static final class Backoff {
        public final Duration initial;
        public final double multiplier;
        public final Duration max;
        /** 0: no jitter; 0.5: each delay is between half and all of the exponential one. */
        public final double jitter;

        private Backoff(Builder b) {
            initial = b.initial;
            multiplier = b.multiplier;
            max = b.max;
            jitter = b.jitter;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder with these values, to derive another. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Backoff}: the keys not set keep their defaults. */
        @JsonPOJOBuilder(withPrefix = "")
        public static final class Builder {
            private Duration initial = Duration.ofSeconds(1);
            private double multiplier = 2.0;
            private Duration max = Duration.ofMinutes(1);
            private double jitter = 0.5;

            private Builder() {
            }

            private Builder(Backoff from) {
                initial = from.initial;
                multiplier = from.multiplier;
                max = from.max;
                jitter = from.jitter;
            }

            public Builder initial(Duration value) {
                initial = value;
                return this;
            }

            public Builder multiplier(double value) {
                multiplier = value;
                return this;
            }

            public Builder max(Duration value) {
                max = value;
                return this;
            }

            public Builder jitter(double value) {
                jitter = value;
                return this;
            }

            public Backoff build() {
                return new Backoff(this);
            }
        }
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
        return builder().build().validate("defaults");
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
     * Validates everything, each model's policy (the defaults plus its overrides) included.
     *
     * @return this configuration, valid
     * @throws ConfigException naming every bad key, each prefixed with {@code sourceName}
     */
    public MonitorConfig validate(String sourceName) {
        ConfigProblems problems = new ConfigProblems();
        validate(problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.list()).withSource(sourceName);
        }
        return this;
    }

    /** Validates everything, recording every bad key. */
    void validate(ConfigProblems problems) {
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
        resolvePolicies(problems, defaultsProblems.list());
    }

    /**
     * Each model's policy: the defaults with its entry of {@link #models} on top. An entry that
     * cannot be bound is recorded and left out. With {@code defaultsProblems} (those of the
     * defaults, not repeated for each model), each policy is validated too.
     */
    private Map<String, ModelPolicy> resolvePolicies(ConfigProblems problems, List<String> defaultsProblems) {
        Map<String, ModelPolicy> policies = new LinkedHashMap<>();
        if (models == null) {
            return policies;
        }
        for (Map.Entry<String, JsonNode> e : models.entrySet()) {
            String path = "models." + e.getKey();
            if (e.getValue() != null && !e.getValue().isNull() && !(e.getValue() instanceof ObjectNode)) {
                problems.add(path + ": must be a mapping of policy keys");
                continue;
            }
            ModelPolicy policy;
            try {
                policy = defaults.withOverrides(e.getValue());
            } catch (JsonMappingException ex) {
                problems.add(path + "." + keyPath(ex) + ": " + ex.getOriginalMessage());
                continue;
            } catch (IOException ex) {
                problems.add(path + ": " + ex.getMessage());
                continue;
            }
            policies.put(e.getKey(), policy);
            if (defaultsProblems == null) {
                continue;
            }
            // A bad default is reported once, under defaults, not again for every model that inherits it.
            ConfigProblems own = new ConfigProblems();
            policy.validate(path, own);
            own.list().stream()
                .filter(p -> !defaultsProblems.contains("defaults" + p.substring(path.length())))
                .forEach(problems::add);
        }
        return policies;
    }

    /** Deep copies of the models' entries, in their order. */
    private static Map<String, JsonNode> copies(Map<String, JsonNode> models) {
        if (models == null) {
            return null;
        }
        Map<String, JsonNode> copies = new LinkedHashMap<>();
        models.forEach((model, node) -> copies.put(model, node == null ? null : node.deepCopy()));
        return copies;
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
            Backoff b = w.backoff == null ? Backoff.builder().build() : w.backoff;
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
        ModelPolicy policy;
        try {
            JsonNode node = yaml.isBlank() ? null : mapper().readTree(yaml);
            if (node != null && !node.isNull() && !(node instanceof ObjectNode)) {
                throw new ConfigException(sourceName + ": must be a mapping of policy keys (as a model's entry)");
            }
            policy = policyFor(modelId).withOverrides(node);
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

    /** Builds {@link MonitorConfig}: the keys not set keep their defaults. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private Kafka kafka = Kafka.builder().build();
        private Topics topics = Topics.builder().build();
        private SchemaRegistryConfig schemaRegistry = SchemaRegistryConfig.builder().build();
        private Output output = Output.builder().build();
        private Inputs inputs = Inputs.builder().build();
        private Http http = Http.builder().build();
        private Aggregation aggregation = Aggregation.builder().build();
        private Alerts alerts = Alerts.builder().build();
        private String stateDir;
        private ModelPolicy defaults = ModelPolicy.builder().build();
        private Map<String, JsonNode> models = new LinkedHashMap<>();
        private int inputPartitions = 1;
        private int labelPartitions = 1;

        private Builder() {
        }

        private Builder(MonitorConfig from) {
            kafka = from.kafka;
            topics = from.topics;
            schemaRegistry = from.schemaRegistry;
            output = from.output;
            inputs = from.inputs;
            http = from.http;
            aggregation = from.aggregation;
            alerts = from.alerts;
            stateDir = from.stateDir;
            defaults = from.defaults;
            models = copies(from.models);
            inputPartitions = from.inputPartitions;
            labelPartitions = from.labelPartitions;
        }

        @JsonProperty
        public Builder kafka(Kafka value) {
            kafka = value;
            return this;
        }

        /** Changes some keys of {@code kafka}. */
        @JsonIgnore
        public Builder kafka(Consumer<Kafka.Builder> change) {
            Kafka.Builder b = kafka == null ? Kafka.builder() : kafka.toBuilder();
            change.accept(b);
            kafka = b.build();
            return this;
        }

        @JsonProperty
        public Builder topics(Topics value) {
            topics = value;
            return this;
        }

        /** Changes some keys of {@code topics}. */
        @JsonIgnore
        public Builder topics(Consumer<Topics.Builder> change) {
            Topics.Builder b = topics == null ? Topics.builder() : topics.toBuilder();
            change.accept(b);
            topics = b.build();
            return this;
        }

        @JsonProperty
        public Builder schemaRegistry(SchemaRegistryConfig value) {
            schemaRegistry = value;
            return this;
        }

        /** Changes some keys of {@code schemaRegistry}. */
        @JsonIgnore
        public Builder schemaRegistry(Consumer<SchemaRegistryConfig.Builder> change) {
            SchemaRegistryConfig.Builder b = schemaRegistry == null ? SchemaRegistryConfig.builder() : schemaRegistry.toBuilder();
            change.accept(b);
            schemaRegistry = b.build();
            return this;
        }

        @JsonProperty
        public Builder output(Output value) {
            output = value;
            return this;
        }

        /** Changes some keys of {@code output}. */
        @JsonIgnore
        public Builder output(Consumer<Output.Builder> change) {
            Output.Builder b = output == null ? Output.builder() : output.toBuilder();
            change.accept(b);
            output = b.build();
            return this;
        }

        @JsonProperty
        public Builder inputs(Inputs value) {
            inputs = value;
            return this;
        }

        /** Changes some keys of {@code inputs}. */
        @JsonIgnore
        public Builder inputs(Consumer<Inputs.Builder> change) {
            Inputs.Builder b = inputs == null ? Inputs.builder() : inputs.toBuilder();
            change.accept(b);
            inputs = b.build();
            return this;
        }

        @JsonProperty
        public Builder http(Http value) {
            http = value;
            return this;
        }

        /** Changes some keys of {@code http}. */
        @JsonIgnore
        public Builder http(Consumer<Http.Builder> change) {
            Http.Builder b = http == null ? Http.builder() : http.toBuilder();
            change.accept(b);
            http = b.build();
            return this;
        }

        @JsonProperty
        public Builder aggregation(Aggregation value) {
            aggregation = value;
            return this;
        }

        /** Changes some keys of {@code aggregation}. */
        @JsonIgnore
        public Builder aggregation(Consumer<Aggregation.Builder> change) {
            Aggregation.Builder b = aggregation == null ? Aggregation.builder() : aggregation.toBuilder();
            change.accept(b);
            aggregation = b.build();
            return this;
        }

        @JsonProperty
        public Builder alerts(Alerts value) {
            alerts = value;
            return this;
        }

        /** Changes some keys of {@code alerts}. */
        @JsonIgnore
        public Builder alerts(Consumer<Alerts.Builder> change) {
            Alerts.Builder b = alerts == null ? Alerts.builder() : alerts.toBuilder();
            change.accept(b);
            alerts = b.build();
            return this;
        }

        public Builder stateDir(String value) {
            stateDir = value;
            return this;
        }

        @JsonProperty
        public Builder defaults(ModelPolicy value) {
            defaults = value;
            return this;
        }

        /** Changes some keys of {@code defaults}. */
        @JsonIgnore
        public Builder defaults(Consumer<ModelPolicy.Builder> change) {
            ModelPolicy.Builder b = defaults == null ? ModelPolicy.builder() : defaults.toBuilder();
            change.accept(b);
            defaults = b.build();
            return this;
        }

        public Builder models(Map<String, JsonNode> value) {
            models = value;
            return this;
        }

        /** Sets one model's entry: the policy keys it overrides, as in the file. */
        public Builder model(String modelId, JsonNode overrides) {
            models = new LinkedHashMap<>(models == null ? Map.of() : models);
            models.put(modelId, overrides);
            return this;
        }

        @JsonIgnore
        public Builder inputPartitions(int value) {
            inputPartitions = value;
            return this;
        }

        @JsonIgnore
        public Builder labelPartitions(int value) {
            labelPartitions = value;
            return this;
        }

        public MonitorConfig build() {
            return new MonitorConfig(this);
        }
    }
}
