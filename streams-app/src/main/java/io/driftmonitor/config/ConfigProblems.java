package io.driftmonitor.config;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of a configuration so that all of them are reported at once, not only the first. */
public final class ConfigProblems {
    private final List<String> problems = new ArrayList<>();

    /** Records a problem of the key at {@code path}. */
    public void add(String path, String reason) {
        problems.add(path + ": " + reason);
    }

    /** Records a problem whose message already names its key ({@code path: reason}). */
    public void add(String problem) {
        problems.add(problem);
    }

    public void addAll(ConfigException e) {
        problems.addAll(e.problems());
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<String> list() {
        return List.copyOf(problems);
    }

    /** Throws a {@link ConfigException} holding every problem, if there is any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
