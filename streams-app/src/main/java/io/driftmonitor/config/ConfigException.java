package io.driftmonitor.config;

/** A configuration that cannot work; the message names the key and the reason. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
