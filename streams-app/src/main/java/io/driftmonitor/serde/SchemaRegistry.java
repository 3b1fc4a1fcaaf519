package io.driftmonitor.serde;

import org.apache.avro.Schema;

/** The part of a Confluent-compatible schema registry the monitor uses. */
public interface SchemaRegistry {
    /** The schema with this id; throws {@link SchemaRegistryException} when unknown or unreachable. */
    Schema schemaById(int id);

    /** Registers (or finds) the schema under the subject and returns its id. */
    int register(String subject, Schema schema);

    /**
     * A registry for a URL: {@code mock://name} is an in-memory registry shared within the JVM
     * (tests and the demo), anything else a REST client.
     */
    static SchemaRegistry forUrl(String url) {
        if (url.startsWith("mock://")) {
            return InMemorySchemaRegistry.named(url.substring("mock://".length()));
        }
        return new RestSchemaRegistry(url);
    }
}
