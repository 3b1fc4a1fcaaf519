package io.driftmonitor.serde;

import io.driftmonitor.config.MonitorConfig;
import org.apache.avro.Schema;

/**
 * The part of a Confluent-compatible schema registry the monitor uses. Failures are
 * {@link SchemaRegistryException}s; those that may pass when asked again later (registry down,
 * timeouts, 5xx) are {@link SchemaRegistryUnavailableException}s.
 */
public interface SchemaRegistry {
    /** The schema with this id; throws {@link SchemaRegistryException} when unknown or unreachable. */
    Schema schemaById(int id);

    /** Registers (or finds) the schema under the subject and returns its id. */
    int register(String subject, Schema schema);

    /** The id of a schema already registered under the subject, without registering it. */
    int lookup(String subject, Schema schema);

    /** The latest version of the subject. */
    RegisteredSchema latest(String subject);

    /** Whether the schema may be registered under the subject under its compatibility rule. */
    boolean isCompatible(String subject, Schema schema);

    /**
     * A registry for a URL: {@code mock://name} is an in-memory registry shared within the JVM
     * (tests and the demo), anything else a REST client with default settings.
     */
    static SchemaRegistry forUrl(String url) {
        return forConfig(MonitorConfig.SchemaRegistryConfig.builder().url(url).build());
    }

    /** A registry for the {@code schema_registry} section of the configuration. */
    static SchemaRegistry forConfig(MonitorConfig.SchemaRegistryConfig settings) {
        if (settings.url.startsWith("mock://")) {
            return InMemorySchemaRegistry.named(settings.url.substring("mock://".length()));
        }
        return new RestSchemaRegistry(settings);
    }
}
