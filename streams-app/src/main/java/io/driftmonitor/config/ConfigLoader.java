package io.driftmonitor.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads {@code monitor.yaml} into a {@link MonitorConfig}: the file, then the environment overrides
 * ({@link EnvironmentOverrides}), then the values by reference ({@link SecretReferences}), checked
 * against the shape of the configuration classes and validated. Every problem is collected, so a
 * {@link ConfigException} names each bad key with its reason, not only the first.
 */
public final class ConfigLoader {
    private final Map<String, String> environment;
    private final boolean overrides;

    private ConfigLoader(Map<String, String> environment, boolean overrides) {
        this.environment = environment;
        this.overrides = overrides;
    }

    /** The loader of the command line: this process's environment, overrides included. */
    public static ConfigLoader fromSystemEnvironment() {
        return new ConfigLoader(System.getenv(), true);
    }

    /** A loader with the given environment: it overrides keys ({@code DRIFT_MONITOR_*}) and resolves {@code ${env:...}}. */
    public static ConfigLoader withEnvironment(Map<String, String> environment) {
        return new ConfigLoader(Map.copyOf(environment), true);
    }

    /** The file alone: no environment overrides; {@code ${env:...}} references read this process's environment. */
    public static ConfigLoader fileOnly() {
        return new ConfigLoader(System.getenv(), false);
    }

    /**
     * A loaded configuration and how it came about.
     *
     * @param config     the validated configuration
     * @param referenced paths of the values that came from a reference, each with the value as written
     * @param applied    the environment variables that overrode keys
     * @param ignored    environment variables with the prefix that name no key
     */
    public record Loaded(MonitorConfig config, Map<String, String> referenced, List<EnvironmentOverrides.Override> applied,
                         List<String> ignored) {
    }

    /** Loads a file; {@code null} means no file: the defaults (and the environment). */
    public Loaded load(Path file) {
        if (file == null) {
            return parse("", "defaults");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : " " + e.getMessage()));
        }
        return parse(text, file.getFileName().toString());
    }

    /** Parses the text of a file named {@code sourceName} (in messages). */
    public Loaded parse(String yaml, String sourceName) {
        ObjectMapper mapper = MonitorConfig.mapper();
        JsonNode tree;
        try {
            tree = yaml.isBlank() ? null : mapper.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(sourceName + ": not valid YAML: " + e.getOriginalMessage()
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")"), e);
        }
        ConfigProblems problems = new ConfigProblems();
        if (tree != null && !tree.isNull() && !tree.isMissingNode() && !(tree instanceof ObjectNode)) {
            problems.add("(top level)", "must be a mapping of keys such as kafka:, topics:, defaults:");
            tree = null;
        }
        ObjectNode root = tree instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        EnvironmentOverrides env = overrides ? EnvironmentOverrides.from(environment) : EnvironmentOverrides.from(Map.of());
        env.applyTo(root);
        SecretReferences references = new SecretReferences(environment::get);
        references.resolve(root, problems);
        ConfigShape.root().check(root, "", problems);
        MonitorConfig config;
        try {
            config = mapper.treeToValue(root, MonitorConfig.class);
        } catch (JsonMappingException e) {
            problems.add(MonitorConfig.keyPath(e), e.getOriginalMessage());
            throw new ConfigException(problems.list()).withSource(sourceName);
        } catch (JsonProcessingException e) {
            problems.add("(top level)", e.getOriginalMessage());
            throw new ConfigException(problems.list()).withSource(sourceName);
        }
        config.validate(problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.list()).withSource(sourceName);
        }
        return new Loaded(config, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(references.referenced())), List.copyOf(env.overrides()), List.copyOf(env.ignored()));
    }
}
