package io.driftmonitor.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Environment variables that override keys of {@code monitor.yaml}: {@code DRIFT_MONITOR_} followed
 * by the key's path in upper case, with {@code _} between the parts, e.g.
 * {@code DRIFT_MONITOR_KAFKA_BOOTSTRAP_SERVERS} sets {@code kafka.bootstrap_servers} and
 * {@code DRIFT_MONITOR_DEFAULTS_WINDOW} sets {@code defaults.window}. Entries of
 * {@code kafka.properties} take their name with {@code _} for {@code .}
 * ({@code DRIFT_MONITOR_KAFKA_PROPERTIES_SASL_JAAS_CONFIG} sets {@code sasl.jaas.config}); other maps
 * take the rest of the name in lower case as the key. A list is written as {@code a,b,c}. Entries of
 * {@code models} cannot be set this way (model ids are not valid variable names). Precedence: the
 * defaults, then the file, then the environment, then command-line flags.
 */
public final class EnvironmentOverrides {
    public static final String PREFIX = "DRIFT_MONITOR_";
    /** Variables with the prefix that are not configuration keys (read elsewhere). */
    static final Set<String> NOT_CONFIGURATION = Set.of("DRIFT_MONITOR_LOG_FORMAT", "DRIFT_MONITOR_PROGRESS");

    /** One variable and the key it sets. */
    public record Override(String variable, String path, String value) {
    }

    private final List<Override> overrides = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();

    private EnvironmentOverrides() {
    }

    /** The overrides the environment holds; variables that name no key are listed in {@link #ignored()}. */
    public static EnvironmentOverrides from(Map<String, String> environment) {
        EnvironmentOverrides result = new EnvironmentOverrides();
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(PREFIX) || NOT_CONFIGURATION.contains(name)) {
                continue;
            }
            List<String> tokens = Arrays.asList(name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).split("_"));
            String path = pathOf(tokens, ConfigShape.root(), "");
            if (path == null) {
                result.ignored.add(name);
            } else {
                result.overrides.add(new Override(name, path, e.getValue()));
            }
        }
        return result;
    }

    public List<Override> overrides() {
        return overrides;
    }

    /** Variables with the prefix that name no configuration key (a typo, or a key that cannot be set this way). */
    public List<String> ignored() {
        return ignored;
    }

    /** The dotted path the tokens name under a shape, or null. Keys of kafka.properties are returned in brackets. */
    private static String pathOf(List<String> tokens, ConfigShape shape, String prefix) {
        if (tokens.isEmpty() || tokens.contains("")) {
            return null;
        }
        switch (shape.kind()) {
            case OBJECT -> {
                for (int n = tokens.size(); n >= 1; n--) {
                    String key = String.join("_", tokens.subList(0, n));
                    ConfigShape field = shape.fields().get(key);
                    if (field == null) {
                        continue;
                    }
                    String path = prefix.isEmpty() ? key : prefix + "." + key;
                    List<String> rest = tokens.subList(n, tokens.size());
                    if (rest.isEmpty()) {
                        // A list of mappings (alerts.webhooks) cannot be written as a,b,c: the file sets it.
                        boolean listOfMappings = field.kind() == ConfigShape.Kind.LIST
                            && field.element().kind() == ConfigShape.Kind.OBJECT;
                        return field.kind() == ConfigShape.Kind.OBJECT || field.kind() == ConfigShape.Kind.MAP || listOfMappings
                            ? null : path;
                    }
                    String deeper = pathOf(rest, field, path);
                    if (deeper != null) {
                        return deeper;
                    }
                }
                return null;
            }
            case MAP -> {
                if (prefix.equals("models") || shape.element().kind() != ConfigShape.Kind.STRING
                    && shape.element().kind() != ConfigShape.Kind.NUMBER && shape.element().kind() != ConfigShape.Kind.INTEGER) {
                    return null;
                }
                String key = prefix.equals("kafka.properties") ? String.join(".", tokens) : String.join("_", tokens);
                return prefix + "[" + key + "]";
            }
            default -> {
                return null;
            }
        }
    }

    /** Writes the overrides into a parsed file (a mapping, created when the file is empty). */
    public ObjectNode applyTo(JsonNode root) {
        ObjectNode tree = root instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        for (Override o : overrides) {
            String path = o.path();
            String mapKey = null;
            int bracket = path.indexOf('[');
            if (bracket >= 0) {
                mapKey = path.substring(bracket + 1, path.length() - 1);
                path = path.substring(0, bracket);
            }
            String[] parts = path.split("\\.");
            ObjectNode parent = tree;
            ConfigShape shape = ConfigShape.root();
            int last = mapKey == null ? parts.length - 1 : parts.length;
            for (int i = 0; i < last; i++) {
                JsonNode child = parent.get(parts[i]);
                if (!(child instanceof ObjectNode)) {
                    child = parent.putObject(parts[i]);
                }
                parent = (ObjectNode) child;
                shape = shape.fields().get(parts[i]);
            }
            if (mapKey != null) {
                parent.set(mapKey, TextNode.valueOf(o.value()));
            } else {
                ConfigShape field = shape.fields().get(parts[last]);
                parent.set(parts[last], value(field, o.value()));
            }
        }
        return tree;
    }

    private static JsonNode value(ConfigShape shape, String text) {
        if (shape.kind() == ConfigShape.Kind.LIST) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            String t = text.trim();
            if (t.startsWith("[") && t.endsWith("]")) {
                t = t.substring(1, t.length() - 1);
            }
            for (String item : t.split(",")) {
                if (!item.isBlank()) {
                    list.add(item.trim());
                }
            }
            return list;
        }
        if (shape.kind() != ConfigShape.Kind.STRING && text.trim().equals("null")) {
            return JsonNodeFactory.instance.nullNode();
        }
        return TextNode.valueOf(shape.kind() == ConfigShape.Kind.STRING ? text : text.trim());
    }
}
