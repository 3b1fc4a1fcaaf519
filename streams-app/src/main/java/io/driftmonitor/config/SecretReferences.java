package io.driftmonitor.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Values by reference: in any text value of {@code monitor.yaml}, {@code ${env:NAME}} is replaced by
 * the environment variable NAME and {@code ${file:/path}} by the content of the file (a single
 * trailing line break removed, as secret files mounted by Kubernetes end with one). A reference can
 * be the whole value or part of it; {@code $${} writes a literal {@code ${}. Other {@code ${...}}
 * forms (Kafka's config providers, e.g. {@code ${secrets:/dir:key}}) are left as they are, and so is
 * a reference in {@code kafka.properties} whose prefix names a provider declared there in
 * {@code config.providers}: the Kafka client resolves it.
 */
public final class SecretReferences {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{(env|file):([^}]*)}");

    private final Function<String, String> environment;
    /** Paths of the values that came from a reference, with the value as written. */
    private final Map<String, String> referenced = new LinkedHashMap<>();

    public SecretReferences(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Replaces every reference in the tree, recording a problem for each that cannot be resolved. */
    public void resolve(JsonNode root, ConfigProblems problems) {
        Set<String> kafkaProviders = Set.of();
        JsonNode providers = root.path("kafka").path("properties").path("config.providers");
        if (providers.isTextual()) {
            kafkaProviders = Arrays.stream(providers.asText().split(",")).map(String::trim).collect(Collectors.toSet());
        }
        walk(root, "", kafkaProviders, problems);
    }

    /** The paths whose values came from a reference, each with the value as written (e.g. {@code ${env:TOKEN}}). */
    public Map<String, String> referenced() {
        return referenced;
    }

    private void walk(JsonNode node, String path, Set<String> kafkaProviders, ConfigProblems problems) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (e.getValue().isTextual()) {
                    boolean leftToKafka = path.equals("kafka.properties") && !kafkaProviders.isEmpty();
                    String resolved = resolve(e.getValue().asText(), key, leftToKafka ? kafkaProviders : Set.of(), problems);
                    if (resolved != null) {
                        e.setValue(TextNode.valueOf(resolved));
                    }
                } else {
                    walk(e.getValue(), key, kafkaProviders, problems);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String key = path + "[" + i + "]";
                if (a.get(i).isTextual()) {
                    String resolved = resolve(a.get(i).asText(), key, Set.of(), problems);
                    if (resolved != null) {
                        a.set(i, TextNode.valueOf(resolved));
                    }
                } else {
                    walk(a.get(i), key, kafkaProviders, problems);
                }
            }
        }
    }

    /** The text with its references replaced; null when it has none (or one could not be read). */
    String resolve(String text, String path, Set<String> leaveToKafka, ConfigProblems problems) {
        if (!text.contains("${")) {
            return null;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean changed = false;
        boolean failed = false;
        while (m.find()) {
            String replacement;
            if (m.group(1) == null) {
                replacement = "${";
            } else if (leaveToKafka.contains(m.group(1))) {
                replacement = m.group();
            } else {
                replacement = m.group(1).equals("env") ? env(m.group(2), path, problems) : file(m.group(2), path, problems);
                if (replacement == null) {
                    failed = true;
                    replacement = "";
                } else {
                    referenced.put(path, text);
                }
            }
            changed = true;
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return changed && !failed ? out.toString() : null;
    }

    private String env(String name, String path, ConfigProblems problems) {
        if (name.isBlank()) {
            problems.add(path, "${env:} needs the name of an environment variable");
            return null;
        }
        String value = environment.apply(name);
        if (value == null) {
            problems.add(path, "environment variable " + name + " (in ${env:" + name + "}) is not set");
        }
        return value;
    }

    private static String file(String name, String path, ConfigProblems problems) {
        if (name.isBlank()) {
            problems.add(path, "${file:} needs the path of a file");
            return null;
        }
        try {
            String content = Files.readString(Path.of(name), StandardCharsets.UTF_8);
            if (content.endsWith("\r\n")) {
                return content.substring(0, content.length() - 2);
            }
            return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        } catch (IOException | RuntimeException e) {
            problems.add(path, "cannot read " + name + " (in ${file:" + name + "}): " + e.getClass().getSimpleName()
                + (e.getMessage() == null || e.getMessage().equals(name) ? "" : " " + e.getMessage()));
            return null;
        }
    }
}
