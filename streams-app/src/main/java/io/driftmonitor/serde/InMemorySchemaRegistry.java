package io.driftmonitor.serde;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;

/** A registry in memory, one per name within the JVM ({@code mock://name}). */
public final class InMemorySchemaRegistry implements SchemaRegistry {
    private static final Map<String, InMemorySchemaRegistry> REGISTRIES = new ConcurrentHashMap<>();

    private final List<Schema> schemas = new ArrayList<>();

    public static InMemorySchemaRegistry named(String name) {
        return REGISTRIES.computeIfAbsent(name, n -> new InMemorySchemaRegistry());
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (id < 1 || id > schemas.size()) {
            throw new SchemaRegistryException("schema id " + id + " is not registered");
        }
        return schemas.get(id - 1);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        int existing = schemas.indexOf(schema);
        if (existing >= 0) {
            return existing + 1;
        }
        schemas.add(schema);
        return schemas.size();
    }
}
