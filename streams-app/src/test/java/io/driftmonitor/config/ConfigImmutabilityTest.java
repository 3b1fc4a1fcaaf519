package io.driftmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The configuration cannot change once it is built: every class of it has final fields only (no
 * setters), and every collection in it is an unmodifiable copy.
 */
class ConfigImmutabilityTest {
    /** Every key of the file that holds a collection, with a value. */
    private static final String EVERY_COLLECTION = """
        kafka:
          bootstrap_servers: broker:9092
          properties: {security.protocol: SSL}
        inputs:
          predictions:
            mapping:
              model_id: model
              features: [inputs.*]
              tags: [country]
        alerts:
          webhooks:
            - url: https://hooks.example.com/x
              events: [retrain]
              headers: {X-Team: ml}
        defaults:
          segment_keys: [country]
          performance_thresholds: {accuracy: 0.8}
          feature_importance: {x: 1.0}
          retrain:
            rules:
              - signal: score
        models:
          fraud:
            window: 5m
        """;

    @Test
    void everyConfigurationClassIsFinalWithFinalFieldsAndNoSetters() {
        Set<Class<?>> classes = configurationClasses();
        assertThat(classes).contains(MonitorConfig.class, MonitorConfig.Webhook.class, MonitorConfig.Backoff.class,
            ModelPolicy.class, ModelPolicy.Retrain.class, ModelPolicy.Rule.class, ModelPolicy.Promotion.class, ModelPolicy.Multivariate.class,
            PredictionMapping.class);
        List<String> mutable = new ArrayList<>();
        for (Class<?> type : classes) {
            if (!Modifier.isFinal(type.getModifiers())) {
                mutable.add(type.getName() + " is not final");
            }
            for (Field f : type.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers())) {
                    mutable.add(type.getName() + "." + f.getName() + " is not final");
                }
            }
            for (Method m : type.getMethods()) {
                if (m.getName().startsWith("set") && m.getParameterCount() == 1 && !Modifier.isStatic(m.getModifiers())) {
                    mutable.add(type.getName() + "." + m.getName() + " is a setter");
                }
            }
        }
        assertThat(mutable).isEmpty();
    }

    @Test
    void everyCollectionOfALoadedConfigurationIsUnmodifiable() throws Exception {
        MonitorConfig config = MonitorConfig.parse(EVERY_COLLECTION, "monitor.yaml");
        List<String> modifiable = new ArrayList<>();
        int collections = checkCollections(config, "", modifiable);
        checkCollections(config.policyFor("fraud"), "policyFor(fraud)", modifiable);
        assertThat(modifiable).isEmpty();
        assertThat(collections).as("collections checked").isGreaterThanOrEqualTo(11);
    }

    @Test
    void aBuiltConfigurationKeepsItsOwnCopies() {
        Map<String, String> properties = new LinkedHashMap<>(Map.of("acks", "all"));
        List<String> segmentKeys = new ArrayList<>(List.of("country"));
        MonitorConfig.Builder builder = MonitorConfig.builder()
            .kafka(k -> k.properties(properties))
            .defaults(d -> d.segmentKeys(segmentKeys));
        MonitorConfig config = builder.build();
        properties.put("linger.ms", "5");
        segmentKeys.add("device");
        builder.kafka(k -> k.applicationId("other"));

        assertThat(config.kafka.properties).containsExactly(Map.entry("acks", "all"));
        assertThat(config.defaults.segmentKeys).containsExactly("country");
        assertThat(config.kafka.applicationId).isEqualTo("drift-monitor");
    }

    @Test
    void aDerivedConfigurationLeavesTheOriginalAsItWas() {
        MonitorConfig config = MonitorConfig.parse(EVERY_COLLECTION, "monitor.yaml");
        JsonNode before = MonitorConfig.mapper().valueToTree(config);

        MonitorConfig derived = config.toBuilder()
            .kafka(k -> k.bootstrapServers("other:9092").property("acks", "all"))
            .defaults(d -> d.window(java.time.Duration.ofMinutes(10)))
            .build();

        assertThat((JsonNode) MonitorConfig.mapper().valueToTree(config)).isEqualTo(before);
        assertThat((JsonNode) MonitorConfig.mapper().valueToTree(config.toBuilder().build())).isEqualTo(before);
        assertThat(derived.kafka.bootstrapServers).isEqualTo("other:9092");
        assertThat(derived.kafka.properties).containsEntry("security.protocol", "SSL").containsEntry("acks", "all");
        // A model's policy follows the defaults it overrides.
        assertThat(derived.policyFor("fraud").window).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(derived.policyFor("other").window).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(config.defaults.window).isEqualTo(java.time.Duration.ofMinutes(1));
    }

    @Test
    void theModelsEntriesAreCopiedWhenTheConfigurationIsBuilt() {
        com.fasterxml.jackson.databind.node.ObjectNode entry = MonitorConfig.mapper().createObjectNode().put("bins", 4);
        MonitorConfig config = MonitorConfig.builder().model("fraud", entry).build();
        entry.put("bins", 20);
        assertThat(config.policyFor("fraud").bins).isEqualTo(4);
        assertThat(config.models.get("fraud").get("bins").asInt()).isEqualTo(4);
    }

    /** The classes of the configuration: those of {@link MonitorConfig}'s fields, and theirs, within this package. */
    private static Set<Class<?>> configurationClasses() {
        Set<Class<?>> found = new LinkedHashSet<>();
        List<Class<?>> pending = new ArrayList<>(List.of(MonitorConfig.class, ModelPolicy.class));
        while (!pending.isEmpty()) {
            Class<?> type = pending.remove(0);
            if (!found.add(type)) {
                continue;
            }
            for (Field f : type.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    for (Class<?> c : classesIn(f.getGenericType())) {
                        if (c.getPackageName().equals(MonitorConfig.class.getPackageName()) && !found.contains(c)) {
                            pending.add(c);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static List<Class<?>> classesIn(Type type) {
        List<Class<?>> classes = new ArrayList<>();
        if (type instanceof Class<?> c) {
            classes.add(c);
        } else if (type instanceof ParameterizedType p) {
            for (Type arg : p.getActualTypeArguments()) {
                classes.addAll(classesIn(arg));
            }
        }
        return classes;
    }

    /** Records each collection under {@code value} that can be changed; returns how many were checked. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int checkCollections(Object value, String path, List<String> modifiable) throws IllegalAccessException {
        if (value == null || !value.getClass().getPackageName().equals(MonitorConfig.class.getPackageName())) {
            return 0;
        }
        int checked = 0;
        for (Field f : value.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            Object v = f.get(value);
            String key = path.isEmpty() ? f.getName() : path + "." + f.getName();
            if (v instanceof Collection c) {
                checked++;
                if (changes(() -> c.add(null)) || changes(c::clear)) {
                    modifiable.add(key);
                }
                for (Object element : c) {
                    checked += checkCollections(element, key + "[]", modifiable);
                }
            } else if (v instanceof Map m) {
                checked++;
                if (changes(() -> m.put("k", null)) || changes(m::clear)) {
                    modifiable.add(key);
                }
                for (Object element : m.values()) {
                    checked += checkCollections(element, key + ".*", modifiable);
                }
            } else {
                checked += checkCollections(v, key, modifiable);
            }
        }
        return checked;
    }

    /** Whether the change went through (it must throw). */
    private static boolean changes(Runnable change) {
        try {
            change.run();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    @Test
    void theCheckTellsAModifiableCollectionFromAnUnmodifiableOne() {
        assertThat(changes(() -> new ArrayList<>().add(null))).isTrue();
        assertThat(changes(() -> java.util.Collections.unmodifiableList(new ArrayList<>()).add(null))).isFalse();
        assertThatThrownBy(() -> MonitorConfig.builder().build().kafka.properties.put("a", "b"))
            .isInstanceOf(UnsupportedOperationException.class);
    }
}
