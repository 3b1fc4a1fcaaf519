package io.driftmonitor.logging;

import java.util.Locale;

/**
 * How log lines are written: {@code text} (the default: date, time and zone, level, logger, message)
 * or {@code json} (one JSON object per line). Chosen by {@code --log-format}, else the environment
 * variable (or system property) {@value #VARIABLE}; switching takes effect on the next line.
 */
public enum LogFormat {
    TEXT, JSON;

    /** The environment variable, and system property, that chooses the format. */
    public static final String VARIABLE = "DRIFT_MONITOR_LOG_FORMAT";

    private static volatile LogFormat current = fromEnvironment();

    public static LogFormat current() {
        return current;
    }

    /** Writes the lines from now on in {@code format}. */
    public static void use(LogFormat format) {
        if (format != null) {
            current = format;
        }
    }

    /** {@code text} or {@code json}, in any case. */
    public static LogFormat parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("log format must be text or json, got " + value);
        }
    }

    static LogFormat fromEnvironment() {
        String value = System.getProperty(VARIABLE, System.getenv(VARIABLE));
        if (value == null || value.isBlank()) {
            return TEXT;
        }
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            System.err.println("drift-monitor: " + VARIABLE + "=" + value + " is neither text nor json; logging text");
            return TEXT;
        }
    }
}
