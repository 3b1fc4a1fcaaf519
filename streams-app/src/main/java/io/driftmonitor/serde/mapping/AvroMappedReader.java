package io.driftmonitor.serde.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import io.driftmonitor.config.PredictionMapping;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.util.Utf8;

/**
 * A {@link PredictionMapping} compiled against one Avro writer schema: every path is resolved once
 * to field positions, so reading a record is a few array look-ups per mapped value. A path that
 * does not exist in the writer schema reads as null (an optional field added or removed by a
 * schema version does not stop the monitor).
 */
final class AvroMappedReader implements MappedReader<IndexedRecord> {
    private final Accessor modelId;
    private final Accessor modelVersion;
    private final Accessor predictionId;
    private final Accessor timestamp;
    private final TimeUnitKind timestampKind;
    private final Accessor score;
    private final Accessor scores;
    private final Accessor predictedLabel;
    private final Accessor embedding;
    private final Accessor label;
    private final Accessor deployment;
    private final List<Expansion> features;
    private final List<Expansion> tags;
    private final String timestampPath;

    AvroMappedReader(PredictionMapping m, Schema writer) {
        modelId = compile(writer, m.modelId);
        modelVersion = compile(writer, m.modelVersion);
        predictionId = compile(writer, m.predictionId);
        timestamp = compile(writer, m.timestamp);
        timestampPath = m.timestamp;
        timestampKind = TimeUnitKind.of(leafSchema(writer, m.timestamp), m.timestampUnit);
        score = compile(writer, m.score);
        scores = compile(writer, m.scores);
        predictedLabel = compile(writer, m.predictedLabel);
        embedding = compile(writer, m.embedding);
        label = compile(writer, m.label);
        deployment = compile(writer, m.deployment);
        features = expansions(writer, m.features);
        tags = expansions(writer, m.tags);
    }

    @Override public Object modelId(IndexedRecord r) { return modelId.get(r); }
    @Override public Object modelVersion(IndexedRecord r) { return modelVersion.get(r); }
    @Override public Object predictionId(IndexedRecord r) { return predictionId.get(r); }
    @Override public Object score(IndexedRecord r) { return score.get(r); }
    @Override public Object scores(IndexedRecord r) { return scores.get(r); }
    @Override public Object predictedLabel(IndexedRecord r) { return predictedLabel.get(r); }
    @Override public Object embedding(IndexedRecord r) { return embedding.get(r); }
    @Override public Object label(IndexedRecord r) { return label.get(r); }
    @Override public Object deployment(IndexedRecord r) { return deployment.get(r); }

    @Override
    public Long timestampMillis(IndexedRecord r) {
        return timestampKind.toMillis(timestamp.get(r), timestampPath);
    }

    @Override
    public void features(IndexedRecord r, BiConsumer<String, Object> out) {
        for (Expansion e : features) {
            e.emit(r, out);
        }
    }

    @Override
    public void tags(IndexedRecord r, BiConsumer<String, Object> out) {
        for (Expansion e : tags) {
            e.emit(r, out);
        }
    }

    /** Reads one value out of a record. */
    interface Accessor {
        Accessor NULL = r -> null;

        Object get(IndexedRecord root);
    }

    /** One feature (or tag) or a group of them: the fields of a record or the entries of a map. */
    interface Expansion {
        void emit(IndexedRecord root, BiConsumer<String, Object> out);
    }

    private static Accessor compile(Schema writer, String path) {
        if (path == null) {
            return Accessor.NULL;
        }
        return compile(writer, path.split("\\."), path.split("\\.").length);
    }

    /** An accessor for the first {@code length} parts of the path. */
    private static Accessor compile(Schema root, String[] parts, int length) {
        Step[] steps = new Step[length];
        Schema schema = root;
        for (int i = 0; i < length; i++) {
            Schema container = nonNull(schema);
            if (container == null) {
                return Accessor.NULL;
            }
            if (container.getType() == Schema.Type.RECORD) {
                Schema.Field field = container.getField(parts[i]);
                if (field == null) {
                    return Accessor.NULL;
                }
                steps[i] = new FieldStep(field.pos(), field.name());
                schema = field.schema();
            } else if (container.getType() == Schema.Type.MAP) {
                steps[i] = new MapStep(parts[i]);
                schema = container.getValueType();
            } else if (container.getType() == Schema.Type.UNION) {
                steps[i] = new DynamicStep(parts[i]);
                schema = null;
            } else {
                return Accessor.NULL;
            }
        }
        Step[] s = steps;
        return rootRecord -> {
            Object value = rootRecord;
            for (Step step : s) {
                value = step.apply(value);
                if (value == null) {
                    return null;
                }
            }
            return value;
        };
    }

    private interface Step {
        Object apply(Object value);
    }

    private record FieldStep(int pos, String name) implements Step {
        @Override
        public Object apply(Object value) {
            if (value instanceof IndexedRecord r) {
                // A record inside a union with several record branches may have another layout.
                Schema.Field f = r.getSchema().getFields().size() > pos ? r.getSchema().getFields().get(pos) : null;
                if (f != null && f.name().equals(name)) {
                    return r.get(pos);
                }
                Schema.Field byName = r.getSchema().getField(name);
                return byName == null ? null : r.get(byName.pos());
            }
            return null;
        }
    }

    private record MapStep(String key) implements Step {
        @Override
        public Object apply(Object value) {
            return value instanceof Map<?, ?> m ? mapGet(m, key) : null;
        }
    }

    /** A union of several containers: decided per record. */
    private record DynamicStep(String name) implements Step {
        @Override
        public Object apply(Object value) {
            if (value instanceof IndexedRecord r) {
                Schema.Field f = r.getSchema().getField(name);
                return f == null ? null : r.get(f.pos());
            }
            return value instanceof Map<?, ?> m ? mapGet(m, name) : null;
        }
    }

    static Object mapGet(Map<?, ?> map, String key) {
        Object v = map.get(new Utf8(key));
        return v != null ? v : map.get(key);
    }

    /** The schema without its null branch; the union itself when several branches remain. */
    private static Schema nonNull(Schema schema) {
        if (schema == null || schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        Schema only = null;
        for (Schema branch : schema.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                if (only != null) {
                    return schema;
                }
                only = branch;
            }
        }
        return only;
    }

    private static Schema leafSchema(Schema root, String path) {
        if (path == null) {
            return null;
        }
        Schema schema = root;
        for (String part : path.split("\\.")) {
            Schema container = nonNull(schema);
            if (container == null) {
                return null;
            }
            if (container.getType() == Schema.Type.RECORD) {
                Schema.Field f = container.getField(part);
                if (f == null) {
                    return null;
                }
                schema = f.schema();
            } else if (container.getType() == Schema.Type.MAP) {
                schema = container.getValueType();
            } else {
                return null;
            }
        }
        return nonNull(schema);
    }

    private static List<Expansion> expansions(Schema writer, List<String> patterns) {
        List<Expansion> out = new ArrayList<>();
        for (String pattern : patterns) {
            String[] parts = pattern.split("\\.");
            String last = parts[parts.length - 1];
            boolean wildcard = last.contains("*");
            if (!wildcard) {
                Schema leaf = leafSchema(writer, pattern);
                Accessor accessor = compile(writer, parts, parts.length);
                if (leaf != null && leaf.getType() == Schema.Type.RECORD) {
                    addRecordFields(out, leaf, accessor, null);
                } else if (leaf != null && leaf.getType() == Schema.Type.MAP) {
                    out.add(mapEntries(accessor, null));
                } else if (leaf == null || isScalar(leaf)) {
                    out.add((r, sink) -> sink.accept(last, accessor.get(r)));
                }
                continue;
            }
            Pattern glob = glob(last);
            Schema parent = parts.length == 1 ? writer : leafSchema(writer, pattern.substring(0, pattern.lastIndexOf('.')));
            Accessor parentAccessor = parts.length == 1 ? r -> r : compile(writer, parts, parts.length - 1);
            if (parent != null && parent.getType() == Schema.Type.RECORD) {
                addRecordFields(out, parent, parentAccessor, glob);
            } else if (parent != null && parent.getType() == Schema.Type.MAP) {
                out.add(mapEntries(parentAccessor, glob));
            }
        }
        return out;
    }

    private static void addRecordFields(List<Expansion> out, Schema record, Accessor parent, Pattern glob) {
        for (Schema.Field f : record.getFields()) {
            if ((glob == null || glob.matcher(f.name()).matches()) && isScalar(nonNull(f.schema()))) {
                int pos = f.pos();
                String name = f.name();
                out.add((r, sink) -> {
                    Object p = parent.get(r);
                    sink.accept(name, p instanceof IndexedRecord pr ? pr.get(pos) : null);
                });
            }
        }
    }

    private static Expansion mapEntries(Accessor map, Pattern glob) {
        return (r, sink) -> {
            if (map.get(r) instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    String key = e.getKey().toString();
                    if ((glob == null || glob.matcher(key).matches()) && Values.isScalar(e.getValue())) {
                        sink.accept(key, e.getValue());
                    }
                }
            }
        };
    }

    private static boolean isScalar(Schema s) {
        if (s == null) {
            return false;
        }
        switch (s.getType()) {
            case STRING: case ENUM: case INT: case LONG: case FLOAT: case DOUBLE: case BOOLEAN: case NULL:
                return true;
            case UNION:
                for (Schema b : s.getTypes()) {
                    if (!isScalar(b)) {
                        return false;
                    }
                }
                return true;
            default:
                return false;
        }
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String piece : glob.split("\\*", -1)) {
            if (regex.length() > 0 || glob.startsWith("*")) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(piece));
        }
        if (glob.startsWith("*") && regex.toString().startsWith(".*.*")) {
            regex.delete(0, 2);
        }
        return Pattern.compile(regex.toString());
    }

    /** How a timestamp value becomes epoch milliseconds. */
    enum TimeUnitKind {
        MILLIS, SECONDS, MICROS;

        static TimeUnitKind of(Schema leaf, String unit) {
            if (leaf != null) {
                LogicalType t = leaf.getLogicalType();
                if (t instanceof LogicalTypes.TimestampMicros || t instanceof LogicalTypes.LocalTimestampMicros) {
                    return MICROS;
                }
                if (t instanceof LogicalTypes.TimestampMillis || t instanceof LogicalTypes.LocalTimestampMillis) {
                    return MILLIS;
                }
            }
            return fromUnit(unit);
        }

        static TimeUnitKind fromUnit(String unit) {
            return "s".equals(unit) ? SECONDS : "us".equals(unit) ? MICROS : MILLIS;
        }

        Long toMillis(Object value, String path) {
            if (value == null) {
                return null;
            }
            if (value instanceof Number n) {
                switch (this) {
                    case SECONDS: return Math.round(n.doubleValue() * 1000);
                    case MICROS: return Math.floorDiv(n.longValue(), 1000L);
                    default: return n.longValue();
                }
            }
            return Values.parseTime(value.toString(), path);
        }
    }
}
