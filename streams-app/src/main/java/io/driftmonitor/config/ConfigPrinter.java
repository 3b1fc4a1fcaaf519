package io.driftmonitor.config;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * The effective configuration as a document: every key with its value after defaults, the file,
 * environment overrides and references, each model's full policy, and secrets masked. A value that
 * came from a reference is shown as written ({@code ${env:NAME}}, {@code ${file:/path}}), and so is a
 * reference left to a Kafka config provider; any other secret as {@value #MASK}.
 */
public final class ConfigPrinter {
    public static final String MASK = "******";
    /** Keys of kafka.properties whose values are secrets. */
    private static final Pattern SECRET_PROPERTY = Pattern.compile("(?i).*(password|secret|jaas|token|credential|key\\.pem|keystore\\.key).*");
    /** Secret keys of the file. */
    private static final java.util.Set<String> SECRET_KEYS = java.util.Set.of("schema_registry.basic_auth_user_info",
        "schema_registry.ssl_truststore_password", "schema_registry.ssl_keystore_password", "http.token");

    private ConfigPrinter() {
    }

    /** A webhook's secret and its extra headers (which often carry a token). */
    private static final Pattern SECRET_WEBHOOK_KEY = Pattern.compile("alerts\\.webhooks\\[\\d+]\\.(secret|headers\\..+)");
    /** A webhook's URL: its path and query may be the credential (Slack's incoming-webhook URLs are). */
    private static final Pattern WEBHOOK_URL = Pattern.compile("alerts\\.webhooks\\[\\d+]\\.url");

    /**
     * Whether the value at this path (a dotted key, kafka.properties entries as {@code kafka.properties.<name>},
     * list elements as {@code [index]}) is a secret.
     */
    public static boolean isSecret(String path) {
        return SECRET_KEYS.contains(path)
            || path.startsWith("kafka.properties.") && SECRET_PROPERTY.matcher(path.substring("kafka.properties.".length())).matches()
            || SECRET_WEBHOOK_KEY.matcher(path).matches();
    }

    /** A webhook URL as it may be shown: scheme, host and port, the rest masked ({@code https://hooks.slack.com/******}). */
    public static String maskUrl(String url) {
        try {
            java.net.URI uri = new java.net.URI(url);
            if (uri.getScheme() == null || uri.getRawAuthority() == null) {
                return MASK;
            }
            String hostPort = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
            boolean more = uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                || uri.getRawQuery() != null;
            return uri.getScheme() + "://" + hostPort + "/" + (more ? MASK : "");
        } catch (java.net.URISyntaxException e) {
            return MASK;
        }
    }

    /** The effective configuration, secrets masked. */
    public static ObjectNode effective(ConfigLoader.Loaded loaded) {
        ObjectMapper mapper = MonitorConfig.mapper();
        MonitorConfig config = loaded.config();
        ObjectNode tree = mapper.valueToTree(config);
        ObjectNode models = tree.putObject("models");
        for (String model : config.models.keySet()) {
            models.set(model, mapper.valueToTree(config.policyFor(model)));
        }
        mask(tree, "", loaded.referenced());
        return tree;
    }

    private static void mask(JsonNode node, String path, Map<String, String> referenced) {
        if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                mask(array.get(i), path + "[" + i + "]", referenced);
            }
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode value = e.getValue();
            if (value.isObject() || value.isArray()) {
                mask(value, key, referenced);
            } else if (WEBHOOK_URL.matcher(key).matches() && value.isTextual()) {
                e.setValue(TextNode.valueOf(referenced.containsKey(key) ? referenced.get(key) : maskUrl(value.asText())));
            } else if (referenced.containsKey(key) && isSecret(key)) {
                e.setValue(TextNode.valueOf(referenced.get(key)));
            } else if (isSecret(key) && !value.isNull() && !value.asText().matches("\\$\\{[A-Za-z0-9_.-]+:.*}")) {
                String text = value.asText();
                int colon = text.indexOf(':');
                e.setValue(TextNode.valueOf(key.equals("schema_registry.basic_auth_user_info") && colon > 0
                    ? text.substring(0, colon + 1) + MASK : MASK));
            } else if (referenced.containsKey(key)) {
                e.setValue(TextNode.valueOf(referenced.get(key)));
            }
        }
    }

    /** The document as YAML. */
    public static String yaml(JsonNode document) {
        try {
            return new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)).writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The document as indented JSON. */
    public static String json(JsonNode document) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
