package io.driftmonitor.serde;

/** The registry could not answer: unknown id, registry down, or a rejected schema. */
public class SchemaRegistryException extends RuntimeException {
    public SchemaRegistryException(String message) {
        super(message);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
