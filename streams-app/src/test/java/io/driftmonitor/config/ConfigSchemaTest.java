package io.driftmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/monitor.schema.json} describes the configuration classes exactly: every key of the
 * classes is in the schema and every key of the schema is in the classes, with the same type and
 * the same default; and the values its enums list are the ones the monitor accepts.
 */
class ConfigSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode schema;

    @BeforeAll
    static void readSchema() throws IOException {
        schema = JSON.readTree(Files.readString(Path.of("..", "docs", "monitor.schema.json")));
    }

    @Test
    void everyConfigurationKeyIsInTheSchemaAndViceVersa() throws Exception {
        List<String> mismatches = new ArrayList<>();
        compare(ConfigShape.root(), schema, null, "", mismatches);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void theComparisonNoticesAMissingKeyAWrongTypeAndAWrongDefault() throws Exception {
        ObjectNode broken = schema.deepCopy();
        ObjectNode kafka = (ObjectNode) broken.at("/properties/kafka/properties");
        kafka.remove("application_id");
        kafka.putObject("not_a_key").put("type", "string").putNull("default");
        ((ObjectNode) broken.at("/properties/http/properties/port")).put("type", "string");
        ((ObjectNode) broken.at("/$defs/policy/properties/bins")).put("default", 11);
        List<String> mismatches = new ArrayList<>();
        JsonNode saved = schema;
        schema = broken;
        try {
            compare(ConfigShape.root(), broken, null, "", mismatches);
        } finally {
            schema = saved;
        }
        assertThat(mismatches).anyMatch(m -> m.startsWith("kafka.application_id: in the classes, not in the schema"))
            .anyMatch(m -> m.startsWith("kafka.not_a_key: in the schema, not in the classes"))
            .anyMatch(m -> m.startsWith("http.port: type"))
            .anyMatch(m -> m.startsWith("defaults.bins: default"));
    }

    @Test
    void theMonitorAcceptsEveryValueOfAnEnumAndRejectsOthers() {
        List<String> checked = new ArrayList<>();
        forEachEnum(schema.get("properties"), "", (path, values) -> {
            checked.add(path);
            for (JsonNode v : values) {
                if (!v.isNull()) {
                    assertThat(problemsAt(path, v.asText())).as(path + " = " + v).noneMatch(p -> p.contains(": must be"));
                }
            }
            assertThat(problemsAt(path, "__not_a_value__")).as(path + " rejects an unknown value").isNotEmpty();
        });
        assertThat(checked).contains("kafka.processing_guarantee", "output.format", "defaults.metric",
            "defaults.retrain.mode", "defaults.promotion.metric");
    }

    @Test
    void theReferenceDocumentsEveryKeyInAValidExample(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        java.util.regex.Matcher blocks = java.util.regex.Pattern.compile("```yaml\\n(.*?)```", java.util.regex.Pattern.DOTALL)
            .matcher(doc.substring(doc.indexOf("## Every key")));
        assertThat(blocks.find()).isTrue();
        Path password = Files.writeString(dir.resolve("truststore-password"), "changeit\n");
        String yaml = blocks.group(1).replace("/etc/drift-monitor/secrets/truststore-password", password.toString());
        MonitorConfig config = ConfigLoader.withEnvironment(Map.of("REGISTRY_USER_INFO", "monitor:secret", "WEBHOOK_SECRET", "s3cret"))
            .parse(yaml, "configuration.md").config();
        assertThat(config.schemaRegistry.sslTruststorePassword).isEqualTo("changeit");

        JsonNode tree = MonitorConfig.mapper().readTree(yaml);
        List<String> undocumented = new ArrayList<>();
        for (Map.Entry<String, ConfigShape> section : ConfigShape.root().fields().entrySet()) {
            if (!tree.has(section.getKey())) {
                undocumented.add(section.getKey());
            } else if (section.getValue().kind() == ConfigShape.Kind.OBJECT && !section.getKey().equals("defaults")) {
                section.getValue().fields().keySet().stream().filter(k -> !tree.get(section.getKey()).has(k))
                    .forEach(k -> undocumented.add(section.getKey() + "." + k));
            }
        }
        JsonNode model = tree.get("models").elements().next();
        for (String key : ConfigShape.of(ModelPolicy.class).fields().keySet()) {
            if (!tree.get("defaults").has(key) && !model.has(key)) {
                undocumented.add("defaults." + key);
            }
        }
        assertThat(undocumented).isEmpty();
    }

    private interface EnumCheck {
        void check(String path, JsonNode values);
    }

    private static void forEachEnum(JsonNode properties, String prefix, EnumCheck check) {
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode node = resolve(e.getValue());
            if (node.has("enum")) {
                check.check(path, node.get("enum"));
            } else if (node.has("properties")) {
                forEachEnum(node.get("properties"), path, check);
            }
        }
    }

    /** The problems under {@code path} of a file that sets it to {@code value} (and what it needs to be judged). */
    private static List<String> problemsAt(String path, String value) {
        ObjectNode root = JSON.createObjectNode();
        String[] parts = path.split("\\.");
        ObjectNode parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = parent.has(parts[i]) ? (ObjectNode) parent.get(parts[i]) : parent.putObject(parts[i]);
        }
        parent.put(parts[parts.length - 1], value);
        if (path.contains(".promotion.") && !path.endsWith(".strategy")) {
            parent.put("strategy", "shadow");
        }
        if (path.equals("output.format")) {
            root.putObject("schema_registry").put("url", "mock://schema-test");
        }
        try {
            ConfigLoader.withEnvironment(Map.of()).parse(root.toString(), "test");
            return List.of();
        } catch (ConfigException e) {
            return e.problems().stream().filter(p -> p.startsWith("test: " + path + ":")).toList();
        }
    }

    private static JsonNode resolve(JsonNode node) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            return resolve(schema.at(ref.substring(1)));
        }
        if (node.has("anyOf")) {
            for (JsonNode alternative : node.get("anyOf")) {
                if (!"null".equals(alternative.path("type").asText())) {
                    return resolve(alternative);
                }
            }
        }
        return node;
    }

    private static boolean isDuration(JsonNode node) {
        if (node.has("$ref")) {
            return node.get("$ref").asText().equals("#/$defs/duration");
        }
        if (node.has("anyOf")) {
            for (JsonNode alternative : node.get("anyOf")) {
                if (isDuration(alternative)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Set<String> types(JsonNode node) {
        Set<String> types = new TreeSet<>();
        JsonNode t = node.get("type");
        if (t == null) {
            return types;
        }
        if (t.isArray()) {
            t.forEach(x -> types.add(x.asText()));
        } else {
            types.add(t.asText());
        }
        types.remove("null");
        return types;
    }

    private static void compare(ConfigShape shape, JsonNode declared, JsonNode classDefault, String path, List<String> mismatches)
            throws Exception {
        JsonNode node = resolve(declared);
        String where = path.isEmpty() ? "(top level)" : path;
        switch (shape.kind()) {
            case OBJECT -> {
                if (!types(node).equals(Set.of("object")) || !node.has("properties")) {
                    mismatches.add(where + ": an object in the classes, not in the schema");
                    return;
                }
                if (!node.path("additionalProperties").isBoolean() || node.get("additionalProperties").asBoolean()) {
                    mismatches.add(where + ": the schema must refuse unknown keys (additionalProperties: false)");
                }
                JsonNode defaults = MonitorConfig.mapper().valueToTree(ConfigShape.defaultsOf(shape.type()));
                Set<String> inSchema = new TreeSet<>();
                node.get("properties").fieldNames().forEachRemaining(inSchema::add);
                for (Map.Entry<String, ConfigShape> f : shape.fields().entrySet()) {
                    String key = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                    if (!inSchema.remove(f.getKey())) {
                        mismatches.add(key + ": in the classes, not in the schema");
                        continue;
                    }
                    compare(f.getValue(), node.get("properties").get(f.getKey()), defaults.get(f.getKey()), key, mismatches);
                }
                inSchema.forEach(k -> mismatches.add((path.isEmpty() ? k : path + "." + k) + ": in the schema, not in the classes"));
                return;
            }
            case MAP -> {
                if (!types(node).equals(Set.of("object")) || !node.path("additionalProperties").isObject()) {
                    mismatches.add(where + ": a map in the classes, not in the schema");
                    return;
                }
                compare(shape.element(), node.get("additionalProperties"), null, path + ".*", mismatches);
            }
            case LIST -> {
                if (!types(node).equals(Set.of("array"))) {
                    mismatches.add(where + ": a list in the classes, not in the schema");
                    return;
                }
                compare(shape.element(), node.get("items"), null, path + "[]", mismatches);
            }
            case DURATION -> {
                if (!isDuration(declared)) {
                    mismatches.add(where + ": a duration in the classes, not in the schema");
                }
            }
            default -> {
                String expected = switch (shape.kind()) {
                    case STRING, INSTANT -> "string";
                    case INTEGER -> "integer";
                    case NUMBER -> "number";
                    case BOOLEAN -> "boolean";
                    default -> throw new IllegalStateException();
                };
                if (!types(node).contains(expected)) {
                    mismatches.add(where + ": type " + types(node) + " in the schema, " + expected + " in the classes");
                }
            }
        }
        boolean nullable = declared.has("anyOf") || declared.path("type").isArray() && declared.get("type").toString().contains("null");
        if (shape.primitive() && nullable) {
            mismatches.add(where + ": may be null in the schema, not in the classes");
        }
        if (classDefault != null && !declared.has("$ref")) {
            if (!declared.has("default")) {
                mismatches.add(where + ": no default in the schema (the classes' is " + classDefault + ")");
            } else if (!sameValue(declared.get("default"), classDefault)) {
                mismatches.add(where + ": default " + declared.get("default") + " in the schema, " + classDefault + " in the classes");
            }
        }
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.asDouble() == b.asDouble();
        }
        return a.equals(b);
    }
}
