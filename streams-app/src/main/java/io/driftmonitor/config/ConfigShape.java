package io.driftmonitor.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The shape of {@code monitor.yaml}, read from the configuration classes: every key, its type and
 * what is nested in it. It checks a parsed file before it is bound to the classes, so that every
 * unknown key and every value of the wrong type is reported (not only the first), and it tells
 * environment overrides and the JSON Schema test which keys exist.
 */
public final class ConfigShape {
    /** The kinds of value a key can hold. */
    public enum Kind { OBJECT, MAP, LIST, STRING, INTEGER, NUMBER, BOOLEAN, DURATION, INSTANT }

    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();
    private static final ConfigShape ROOT = of(MonitorConfig.class);

    private final Kind kind;
    private final Class<?> type;
    private final Map<String, ConfigShape> fields;
    private final ConfigShape element;
    private final boolean primitive;
    /** Of an object: the keys whose default is null (an explicit null keeps that meaning). */
    private final java.util.Set<String> nullByDefault;

    private ConfigShape(Kind kind, Class<?> type, Map<String, ConfigShape> fields, ConfigShape element, boolean primitive,
                        java.util.Set<String> nullByDefault) {
        this.kind = kind;
        this.type = type;
        this.fields = fields;
        this.element = element;
        this.primitive = primitive;
        this.nullByDefault = nullByDefault;
    }

    /** The shape of the whole file. */
    public static ConfigShape root() {
        return ROOT;
    }

    /** The shape of a configuration class: its public, non-static fields that are not {@link JsonIgnore}d. */
    public static ConfigShape of(Class<?> type) {
        Map<String, ConfigShape> fields = new LinkedHashMap<>();
        java.util.Set<String> nullByDefault = new java.util.HashSet<>();
        Object instance = defaultsOf(type);
        for (Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.isAnnotationPresent(JsonIgnore.class)) {
                continue;
            }
            ConfigShape shape = f.getDeclaringClass() == MonitorConfig.class && f.getName().equals("models")
                // Written as a map of JsonNode (a model's entry overrides the defaults key by key),
                // but each entry holds the keys of a model policy.
                ? new ConfigShape(Kind.MAP, Map.class, Map.of(), of(ModelPolicy.class), false, java.util.Set.of())
                : of(f.getGenericType());
            fields.put(SNAKE.translate(f.getName()), shape);
            if (instance != null && readField(f, instance) == null) {
                nullByDefault.add(SNAKE.translate(f.getName()));
            }
        }
        return new ConfigShape(Kind.OBJECT, type, Collections.unmodifiableMap(fields), null, false,
            Collections.unmodifiableSet(nullByDefault));
    }

    /** The defaults of a configuration class: what its builder builds with no key set; null for another class. */
    static Object defaultsOf(Class<?> type) {
        try {
            Object builder = type.getMethod("builder").invoke(null);
            return builder.getClass().getMethod("build").invoke(builder);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static Object readField(Field f, Object instance) {
        try {
            return f.get(instance);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static ConfigShape of(Type generic) {
        if (generic instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return new ConfigShape(Kind.LIST, raw, Map.of(), of(args[0]), false, java.util.Set.of());
            }
            if (Map.class.isAssignableFrom(raw)) {
                return new ConfigShape(Kind.MAP, raw, Map.of(), of(args[1]), false, java.util.Set.of());
            }
            throw new IllegalArgumentException("unsupported configuration type " + generic);
        }
        Class<?> c = (Class<?>) generic;
        if (c == String.class) {
            return scalar(Kind.STRING, c);
        }
        if (c == int.class || c == long.class || c == short.class || c == Integer.class || c == Long.class || c == Short.class) {
            return scalar(Kind.INTEGER, c);
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            return scalar(Kind.NUMBER, c);
        }
        if (c == boolean.class || c == Boolean.class) {
            return scalar(Kind.BOOLEAN, c);
        }
        if (c == Duration.class) {
            return scalar(Kind.DURATION, c);
        }
        if (c == java.time.Instant.class) {
            return scalar(Kind.INSTANT, c);
        }
        if (c.getName().startsWith("io.driftmonitor.config.")) {
            return of(c);
        }
        throw new IllegalArgumentException("unsupported configuration type " + c);
    }

    private static ConfigShape scalar(Kind kind, Class<?> c) {
        return new ConfigShape(kind, c, Map.of(), null, c.isPrimitive(), java.util.Set.of());
    }

    public Kind kind() {
        return kind;
    }

    /** The Java type of the value (the class of an object, the boxed or primitive type of a scalar). */
    public Class<?> type() {
        return type;
    }

    /** The keys of an object, by their name in the file. */
    public Map<String, ConfigShape> fields() {
        return fields;
    }

    /** The shape of each entry of a map or element of a list. */
    public ConfigShape element() {
        return element;
    }

    /** Whether null is not a valid value (a primitive field). */
    public boolean primitive() {
        return primitive;
    }

    /**
     * Checks a parsed file against this shape and records each problem (unknown key, wrong type, bad
     * duration) under its path. A bad value is removed from the tree, so that the rest can still be
     * bound and checked, with the default in its place.
     */
    public void check(JsonNode node, String path, ConfigProblems problems) {
        if (!(node instanceof ObjectNode object)) {
            if (node != null && !node.isNull() && !node.isMissingNode()) {
                problems.add(path.isEmpty() ? "(top level)" : path, "must be a mapping of keys");
            }
            return;
        }
        checkFields(object, path, problems);
    }

    private void checkFields(ObjectNode object, String path, ConfigProblems problems) {
        List<String> remove = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            ConfigShape shape = fields.get(e.getKey());
            if (shape == null) {
                String near = nearest(e.getKey(), fields.keySet());
                problems.add(key, "unknown key" + (near != null ? " (did you mean " + near + "?)"
                    : "; known keys here: " + String.join(", ", fields.keySet())));
                remove.add(e.getKey());
            } else if ((e.getValue() == null || e.getValue().isNull()) && nullByDefault.contains(e.getKey())) {
                // null is the default (e.g. retrain: null, the default policy): an explicit null keeps that meaning
                continue;
            } else if (!shape.checkValue(e.getValue(), key, problems)) {
                remove.add(e.getKey());
            }
        }
        object.remove(remove);
    }

    /** Checks one value; false when it is bad (or absent as a null mapping) and must be left out. */
    private boolean checkValue(JsonNode value, String path, ConfigProblems problems) {
        if (value == null || value.isNull()) {
            if (kind == Kind.OBJECT || kind == Kind.MAP || kind == Kind.LIST) {
                // "http:" with every key commented out: the same as no section at all (the default).
                return false;
            }
            if (primitive) {
                problems.add(path, "must not be null");
                return false;
            }
            return true;
        }
        switch (kind) {
            case OBJECT -> {
                if (!(value instanceof ObjectNode o)) {
                    problems.add(path, "must be a mapping of keys, got " + describe(value));
                    return false;
                }
                checkFields(o, path, problems);
                return true;
            }
            case MAP -> {
                if (!(value instanceof ObjectNode o)) {
                    problems.add(path, "must be a mapping, got " + describe(value));
                    return false;
                }
                List<String> remove = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    boolean modelEntry = element.kind == Kind.OBJECT && e.getValue() != null && e.getValue().isNull();
                    if (!modelEntry && !element.checkValue(e.getValue(), path + "." + e.getKey(), problems)) {
                        remove.add(e.getKey());
                    }
                }
                o.remove(remove);
                return true;
            }
            case LIST -> {
                if (!(value instanceof ArrayNode a)) {
                    problems.add(path, "must be a list, got " + describe(value));
                    return false;
                }
                boolean ok = true;
                for (int i = 0; i < a.size(); i++) {
                    JsonNode item = a.get(i);
                    if (item == null || item.isNull()) {
                        continue;
                    }
                    ok &= element.checkValue(item, path + "[" + i + "]", problems);
                }
                return ok;
            }
            case STRING -> {
                if (!value.isValueNode()) {
                    problems.add(path, "must be a text value, got " + describe(value));
                    return false;
                }
                return true;
            }
            case INTEGER -> {
                Long n = value.canConvertToLong() && value.isIntegralNumber() ? Long.valueOf(value.asLong())
                    : value.isTextual() ? parseLong(value.asText()) : null;
                if (n == null) {
                    problems.add(path, "must be a whole number, got " + describe(value));
                    return false;
                }
                long min = type == short.class || type == Short.class ? Short.MIN_VALUE
                    : type == int.class || type == Integer.class ? Integer.MIN_VALUE : Long.MIN_VALUE;
                long max = type == short.class || type == Short.class ? Short.MAX_VALUE
                    : type == int.class || type == Integer.class ? Integer.MAX_VALUE : Long.MAX_VALUE;
                if (n < min || n > max) {
                    problems.add(path, "must be between " + min + " and " + max + ", got " + n);
                    return false;
                }
                return true;
            }
            case NUMBER -> {
                if (value.isNumber() || value.isTextual() && parseDouble(value.asText()) != null) {
                    return true;
                }
                problems.add(path, "must be a number, got " + describe(value));
                return false;
            }
            case BOOLEAN -> {
                if (value.isBoolean() || value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
                    return true;
                }
                problems.add(path, "must be true or false, got " + describe(value));
                return false;
            }
            case DURATION -> {
                if (!value.isTextual()) {
                    problems.add(path, "must be a duration such as 500ms, 10s, 1m, 2h or 7d, got " + describe(value));
                    return false;
                }
                try {
                    Durations.parse(value.asText());
                    return true;
                } catch (IllegalArgumentException e) {
                    problems.add(path, e.getMessage());
                    return false;
                }
            }
            case INSTANT -> {
                try {
                    Durations.parseInstant(value.asText());
                    return true;
                } catch (IllegalArgumentException e) {
                    problems.add(path, e.getMessage());
                    return false;
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private static Long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double parseDouble(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isTextual()) {
            return "'" + value.asText() + "'";
        }
        return value.toString();
    }

    /** The known key closest to a misspelt one, or null when none is close. */
    static String nearest(String key, Iterable<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(key, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 4) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
