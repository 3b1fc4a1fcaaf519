package io.driftmonitor.serde.mapping;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.config.PredictionMapping;

/**
 * A {@link PredictionMapping} over JSON trees. JSON has no writer schema, so paths are split once
 * and walked per record; wildcards expand over the object's fields.
 */
final class JsonMappedReader implements MappedReader<JsonNode> {
    private final String[] modelId;
    private final String[] modelVersion;
    private final String[] predictionId;
    private final String[] timestamp;
    private final String timestampPath;
    private final AvroMappedReader.TimeUnitKind timestampKind;
    private final String[] score;
    private final String[] scores;
    private final String[] predictedLabel;
    private final String[] embedding;
    private final String[] label;
    private final String[] deployment;
    private final Selection[] features;
    private final Selection[] tags;

    private record Selection(String[] parent, String last, Pattern glob) {
    }

    JsonMappedReader(PredictionMapping m) {
        modelId = split(m.modelId);
        modelVersion = split(m.modelVersion);
        predictionId = split(m.predictionId);
        timestamp = split(m.timestamp);
        timestampPath = m.timestamp;
        timestampKind = AvroMappedReader.TimeUnitKind.fromUnit(m.timestampUnit);
        score = split(m.score);
        scores = split(m.scores);
        predictedLabel = split(m.predictedLabel);
        embedding = split(m.embedding);
        label = split(m.label);
        deployment = split(m.deployment);
        features = selections(m.features);
        tags = selections(m.tags);
    }

    private static String[] split(String path) {
        return path == null ? null : path.split("\\.");
    }

    private static Selection[] selections(List<String> patterns) {
        Selection[] out = new Selection[patterns.size()];
        for (int i = 0; i < out.length; i++) {
            String[] parts = patterns.get(i).split("\\.");
            String last = parts[parts.length - 1];
            String[] parent = java.util.Arrays.copyOf(parts, parts.length - 1);
            out[i] = new Selection(parent, last, last.contains("*") ? AvroMappedReader.glob(last) : null);
        }
        return out;
    }

    private static JsonNode at(JsonNode root, String[] path) {
        if (path == null) {
            return null;
        }
        JsonNode node = root;
        for (String p : path) {
            node = node.get(p);
            if (node == null) {
                return null;
            }
        }
        return node.isNull() ? null : node;
    }

    @Override public Object modelId(JsonNode r) { return at(r, modelId); }
    @Override public Object modelVersion(JsonNode r) { return at(r, modelVersion); }
    @Override public Object predictionId(JsonNode r) { return at(r, predictionId); }
    @Override public Object score(JsonNode r) { return at(r, score); }
    @Override public Object scores(JsonNode r) { return at(r, scores); }
    @Override public Object predictedLabel(JsonNode r) { return at(r, predictedLabel); }
    @Override public Object embedding(JsonNode r) { return at(r, embedding); }
    @Override public Object label(JsonNode r) { return at(r, label); }
    @Override public Object deployment(JsonNode r) { return at(r, deployment); }

    @Override
    public Long timestampMillis(JsonNode r) {
        JsonNode t = at(r, timestamp);
        if (t == null) {
            return null;
        }
        return t.isNumber() ? timestampKind.toMillis(t.isIntegralNumber() ? (Number) t.longValue() : t.doubleValue(), timestampPath)
            : Values.parseTime(t.asText(), timestampPath);
    }

    @Override
    public void features(JsonNode r, BiConsumer<String, Object> out) {
        select(r, features, out);
    }

    @Override
    public void tags(JsonNode r, BiConsumer<String, Object> out) {
        select(r, tags, out);
    }

    private static void select(JsonNode root, Selection[] selections, BiConsumer<String, Object> out) {
        for (Selection s : selections) {
            JsonNode parent = s.parent.length == 0 ? root : at(root, s.parent);
            if (parent == null || !parent.isObject()) {
                continue;
            }
            if (s.glob == null) {
                JsonNode node = parent.get(s.last);
                if (node != null && node.isObject()) {
                    emitFields(node, null, out);
                } else if (node == null || node.isValueNode()) {
                    out.accept(s.last, node);
                }
            } else {
                emitFields(parent, s.glob, out);
            }
        }
    }

    private static void emitFields(JsonNode object, Pattern glob, BiConsumer<String, Object> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if ((glob == null || glob.matcher(e.getKey()).matches()) && e.getValue().isValueNode()) {
                out.accept(e.getKey(), e.getValue());
            }
        }
    }
}
