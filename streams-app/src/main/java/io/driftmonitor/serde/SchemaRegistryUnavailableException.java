package io.driftmonitor.serde;

/**
 * The registry did not answer (connection refused, timeout, 5xx, 429) even after the configured
 * retries: the same request may succeed later, so the record is not at fault.
 */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {
    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
