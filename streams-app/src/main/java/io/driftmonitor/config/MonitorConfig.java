package io.driftmonitor.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
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
    public Http http = new Http();
    public Aggregation aggregation = new Aggregation();
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
        public String dlq = "drift-monitor-dlq";
        /** Create missing topics at start. */
        public boolean create = true;
        public int partitions = 6;
        /** -1 uses the broker's default. */
        public short replicationFactor = -1;
    }

    public static class SchemaRegistryConfig {
        /** Confluent-compatible REST URL, or mock://name for an in-memory registry. */
        public String url;
    }

    public static class Output {
        /** json or avro (Avro needs schema_registry.url). */
        public String format = "json";
    }

    public static class Http {
        public int port = 8080;
        /** Host and port other instances reach this one at (application.server); default localhost:port. */
        public String advertisedAddress;
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

    private static ObjectMapper yamlMapper() {
        return new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(Durations.jacksonModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public static MonitorConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(text, file.getFileName().toString());
    }

    public static MonitorConfig parse(String yaml, String sourceName) {
        ObjectMapper mapper = yamlMapper();
        MonitorConfig config;
        try {
            config = yaml.isBlank() ? new MonitorConfig() : mapper.readValue(yaml, MonitorConfig.class);
            if (config == null) {
                config = new MonitorConfig();
            }
        } catch (JsonMappingException e) {
            throw new ConfigException(sourceName + ": " + keyPath(e) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(sourceName + ": not valid YAML: " + e.getMessage(), e);
        }
        config.resolve(sourceName);
        return config;
    }

    public static MonitorConfig defaults() {
        MonitorConfig config = new MonitorConfig();
        config.resolve("defaults");
        return config;
    }

    private static String keyPath(JsonMappingException e) {
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

    /** Validates everything and builds each model's policy from the defaults plus its overrides. */
    public void resolve(String sourceName) {
        try {
            defaults.validate("defaults");
            if (aggregation.flushInterval == null || aggregation.flushInterval.isZero() || aggregation.flushInterval.isNegative()) {
                throw new ConfigException("aggregation.flush_interval: must be a positive duration");
            }
            if (aggregation.idleClose == null || aggregation.idleClose.isNegative()) {
                throw new ConfigException("aggregation.idle_close: must be zero or positive");
            }
            if (aggregation.maxModels < 1) {
                throw new ConfigException("aggregation.max_models: must be at least 1");
            }
            if (aggregation.retainedWindows < 1) {
                throw new ConfigException("aggregation.retained_windows: must be at least 1");
            }
            if (!"exactly_once_v2".equals(kafka.processingGuarantee) && !"at_least_once".equals(kafka.processingGuarantee)) {
                throw new ConfigException("kafka.processing_guarantee: must be exactly_once_v2 or at_least_once, got '"
                    + kafka.processingGuarantee + "'");
            }
            if (!"json".equals(output.format) && !"avro".equals(output.format)) {
                throw new ConfigException("output.format: must be json or avro, got '" + output.format + "'");
            }
            if ("avro".equals(output.format) && schemaRegistry.url == null) {
                throw new ConfigException("output.format: avro needs schema_registry.url");
            }
            if (topics.partitions < 1) {
                throw new ConfigException("topics.partitions: must be at least 1");
            }
            ObjectMapper mapper = yamlMapper();
            resolved.clear();
            for (Map.Entry<String, JsonNode> e : models.entrySet()) {
                String path = "models." + e.getKey();
                if (e.getValue() != null && !e.getValue().isNull() && !(e.getValue() instanceof ObjectNode)) {
                    throw new ConfigException(path + ": must be a mapping of policy keys");
                }
                ModelPolicy policy = mapper.convertValue(mapper.valueToTree(defaults), ModelPolicy.class);
                if (e.getValue() instanceof ObjectNode node) {
                    try {
                        mapper.readerForUpdating(policy).readValue(node);
                    } catch (JsonMappingException ex) {
                        throw new ConfigException(path + "." + keyPath(ex) + ": " + ex.getOriginalMessage(), ex);
                    }
                }
                policy.validate(path);
                resolved.put(e.getKey(), policy);
            }
        } catch (ConfigException e) {
            throw e.getMessage().startsWith(sourceName + ":") ? e : new ConfigException(sourceName + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(sourceName + ": " + e.getMessage(), e);
        }
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
        ObjectMapper mapper = yamlMapper();
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
            throw new ConfigException(sourceName + ": " + e.getMessage().substring("policy.".length()), e);
        }
        return policy;
    }

    /** Registers an explicit policy for a model (used by the demo and tests). */
    public void putPolicy(String modelId, ModelPolicy policy) {
        policy.validate("models." + modelId);
        resolved.put(modelId, policy);
    }
}
