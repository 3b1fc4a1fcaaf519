package io.driftmonitor.serde.mapping;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.config.PredictionMapping;
import io.driftmonitor.schema.Deployment;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.InvalidRecordException;
import org.apache.avro.generic.IndexedRecord;

/** Builds the monitor's {@link PredictionEvent} from the values a {@link MappedReader} selects. */
final class MappedPredictionReader {
    private final PredictionMapping mapping;

    MappedPredictionReader(PredictionMapping mapping) {
        this.mapping = mapping;
    }

    <R> PredictionEvent read(MappedReader<R> reader, R record, byte[] key, byte[] value, long recordTimestamp) {
        String modelId = mapping.modelIdConstant != null ? mapping.modelIdConstant : Values.string(reader.modelId(record));
        if (modelId == null || modelId.isBlank()) {
            throw new InvalidRecordException("model id field '" + mapping.modelId + "' is absent or empty");
        }
        String predictionId = Values.string(reader.predictionId(record));
        if (predictionId == null || predictionId.isBlank()) {
            predictionId = key != null && key.length > 0 ? new String(key, StandardCharsets.UTF_8)
                : UUID.nameUUIDFromBytes(value).toString();
        }
        Long timestamp = reader.timestampMillis(record);
        if (timestamp == null) {
            timestamp = recordTimestamp;
        }
        Map<String, Object> features = new HashMap<>();
        reader.features(record, (name, v) -> features.put(name, Values.feature(v)));
        Map<String, String> tags = new HashMap<>();
        reader.tags(record, (name, v) -> {
            String s = Values.string(v);
            if (s != null) {
                tags.put(name, s);
            }
        });
        Object labelValue = reader.label(record);
        String label = null;
        Double numericLabel = null;
        if (labelValue instanceof Number n) {
            numericLabel = n.doubleValue();
        } else if (labelValue instanceof JsonNode n && n.isNumber()) {
            numericLabel = n.doubleValue();
        } else {
            label = Values.string(labelValue);
        }
        return new PredictionEvent(predictionId, modelId, Values.string(reader.modelVersion(record)),
            deployment(reader.deployment(record)), timestamp, features,
            Values.number(reader.score(record), String.valueOf(mapping.score)),
            scores(reader.scores(record)), Values.string(reader.predictedLabel(record)),
            embedding(reader.embedding(record)), tags, label, numericLabel);
    }

    private Deployment deployment(Object raw) {
        String s = Values.string(raw);
        if (s == null) {
            return Deployment.champion;
        }
        try {
            return Deployment.valueOf(s.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(mapping.deployment + ": expected champion, challenger, canary or shadow, got '"
                + Values.abbreviate(s) + "'");
        }
    }

    private Map<String, Double> scores(Object raw) {
        if (raw == null) {
            return null;
        }
        Map<String, Double> out = new HashMap<>();
        String path = mapping.scores;
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(k.toString(), Values.number(v, path + "." + k)));
        } else if (raw instanceof IndexedRecord r) {
            r.getSchema().getFields().forEach(f -> out.put(f.name(), Values.number(r.get(f.pos()), path + "." + f.name())));
        } else if (raw instanceof JsonNode n && n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), Values.number(e.getValue(), path + "." + e.getKey()));
            }
        } else {
            throw new InvalidRecordException(path + ": expected a map of class to probability");
        }
        out.values().removeIf(v -> v == null);
        return out;
    }

    private List<Float> embedding(Object raw) {
        if (raw == null) {
            return null;
        }
        String path = mapping.embedding;
        if (raw instanceof List<?> list) {
            List<Float> out = new ArrayList<>(list.size());
            for (Object v : list) {
                Double d = Values.number(v, path);
                out.add(d == null ? Float.NaN : d.floatValue());
            }
            return out;
        }
        if (raw instanceof JsonNode n && n.isArray()) {
            List<Float> out = new ArrayList<>(n.size());
            for (JsonNode v : n) {
                Double d = Values.number(v, path);
                out.add(d == null ? Float.NaN : d.floatValue());
            }
            return out;
        }
        throw new InvalidRecordException(path + ": expected an array of numbers");
    }
}
