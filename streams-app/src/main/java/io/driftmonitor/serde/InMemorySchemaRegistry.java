package io.driftmonitor.serde;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A registry in memory, one per name within the JVM ({@code mock://name}), for tests and the demo.
 * Ids are global, versions per subject, and compatibility is Confluent's default, BACKWARD (the new
 * schema reads data written with the latest one). {@link #setAvailable} simulates an outage.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {
    private static final Map<String, InMemorySchemaRegistry> REGISTRIES = new ConcurrentHashMap<>();

    private final List<Schema> schemas = new ArrayList<>();
    private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
    private volatile boolean available = true;

    public static InMemorySchemaRegistry named(String name) {
        return REGISTRIES.computeIfAbsent(name, n -> new InMemorySchemaRegistry());
    }

    /** While false, every call fails as a registry that cannot be reached. */
    public void setAvailable(boolean available) {
        this.available = available;
    }

    private void checkAvailable() {
        if (!available) {
            throw new SchemaRegistryUnavailableException("schema registry (in memory) is unavailable",
                new java.net.ConnectException("Connection refused"));
        }
    }

    @Override
    public synchronized Schema schemaById(int id) {
        checkAvailable();
        if (id < 1 || id > schemas.size()) {
            throw new SchemaRegistryException("schema id " + id + " is not registered");
        }
        return schemas.get(id - 1);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        checkAvailable();
        List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        for (int id : versions) {
            if (schemas.get(id - 1).equals(schema)) {
                return id;
            }
        }
        if (!versions.isEmpty() && !compatible(schemas.get(versions.get(versions.size() - 1) - 1), schema)) {
            throw new SchemaRegistryException("schema for subject " + subject
                + " is incompatible with its latest version (BACKWARD)");
        }
        int id = schemas.indexOf(schema) + 1;
        if (id == 0) {
            schemas.add(schema);
            id = schemas.size();
        }
        versions.add(id);
        return id;
    }

    @Override
    public synchronized int lookup(String subject, Schema schema) {
        checkAvailable();
        for (int id : subjects.getOrDefault(subject, List.of())) {
            if (schemas.get(id - 1).equals(schema)) {
                return id;
            }
        }
        throw new SchemaRegistryException("schema not registered under subject " + subject);
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        checkAvailable();
        List<Integer> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException("subject " + subject + " not found");
        }
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, id, versions.size(), schemas.get(id - 1));
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        checkAvailable();
        List<Integer> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() || compatible(schemas.get(versions.get(versions.size() - 1) - 1), schema);
    }

    private static boolean compatible(Schema previous, Schema next) {
        return SchemaCompatibility.checkReaderWriterCompatibility(next, previous).getType()
            == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }
}
