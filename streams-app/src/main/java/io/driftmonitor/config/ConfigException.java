package io.driftmonitor.config;

import java.util.List;

/**
 * A configuration that cannot work. Each problem names the key (its path, such as
 * {@code models.fraud.window}) and the reason; the message holds them one per line.
 */
public class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** Every problem found, each {@code path: reason}; none may be empty. */
    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems, one per bad key, in the order they were found. */
    public List<String> problems() {
        return problems;
    }

    /** The same problems, each prefixed with the file (or other source) they come from, unless it already is. */
    public ConfigException withSource(String source) {
        String prefix = source + ": ";
        if (problems.stream().allMatch(p -> p.startsWith(prefix))) {
            return this;
        }
        ConfigException e = new ConfigException(problems.stream().map(p -> p.startsWith(prefix) ? p : prefix + p).toList());
        e.initCause(this);
        return e;
    }
}
