package io.driftmonitor.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Plain JSON for Avro records with the same field names: a union is written as its value (not
 * Avro's {"type": value} wrapper), an enum as its symbol. Reading follows the record's schema, fills
 * defaults for absent fields, and rejects values of the wrong type with a message naming the field.
 */
public final class JsonRecordCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonRecordCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] toJsonBytes(IndexedRecord record) {
        try {
            return MAPPER.writeValueAsBytes(toPlain(record));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + record.getSchema().getName() + " as JSON", e);
        }
    }

    /** The record as maps, lists and scalars, ready for any JSON writer. */
    public static Map<String, Object> toPlain(IndexedRecord record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            out.put(field.name(), plainValue(record.get(field.pos())));
        }
        return out;
    }

    private static Object plainValue(Object value) {
        if (value instanceof IndexedRecord r) {
            return toPlain(r);
        }
        if (value instanceof GenericEnumSymbol<?> || value instanceof Enum<?> || value instanceof CharSequence) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k.toString(), plainValue(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(plainValue(v)));
            return out;
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            return d.isNaN() ? "NaN" : (d > 0 ? "Infinity" : "-Infinity");
        }
        return value;
    }

    public static <T extends IndexedRecord> T fromJson(byte[] json, Class<T> type) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidRecordException("not valid JSON: " + e.getMessage());
        }
        return fromJson(node, type);
    }

    @SuppressWarnings("unchecked")
    public static <T extends IndexedRecord> T fromJson(JsonNode node, Class<T> type) {
        Schema schema = SpecificData.get().getSchema(type);
        return (T) readValue(node, schema, schema.getName());
    }

    private static Object readValue(JsonNode node, Schema schema, String path) {
        switch (schema.getType()) {
            case RECORD:
                return readRecord(node, schema, path);
            case UNION:
                return readUnion(node, schema, path);
            case NULL:
                if (node == null || node.isNull()) {
                    return null;
                }
                throw wrongType(path, "null", node);
            case STRING:
                if (node.isTextual()) {
                    return node.textValue();
                }
                throw wrongType(path, "a string", node);
            case BOOLEAN:
                if (node.isBoolean()) {
                    return node.booleanValue();
                }
                throw wrongType(path, "a boolean", node);
            case INT:
                if (node.canConvertToInt() && node.isIntegralNumber()) {
                    return node.intValue();
                }
                throw wrongType(path, "an integer", node);
            case LONG:
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    return node.longValue();
                }
                throw wrongType(path, "an integer", node);
            case FLOAT:
                if (node.isNumber()) {
                    return node.floatValue();
                }
                throw wrongType(path, "a number", node);
            case DOUBLE:
                if (node.isNumber()) {
                    return node.doubleValue();
                }
                if (node.isTextual()) {
                    switch (node.textValue()) {
                        case "NaN": return Double.NaN;
                        case "Infinity": return Double.POSITIVE_INFINITY;
                        case "-Infinity": return Double.NEGATIVE_INFINITY;
                        default: break;
                    }
                }
                throw wrongType(path, "a number", node);
            case ENUM:
                if (node.isTextual() && schema.hasEnumSymbol(node.textValue())) {
                    return SpecificData.get().createEnum(node.textValue(), schema);
                }
                throw new InvalidRecordException(path + ": expected one of " + schema.getEnumSymbols() + ", got " + node);
            case ARRAY:
                if (!node.isArray()) {
                    throw wrongType(path, "an array", node);
                }
                List<Object> list = new GenericData.Array<>(node.size(), schema);
                int i = 0;
                for (JsonNode item : node) {
                    list.add(readValue(item, schema.getElementType(), path + "[" + i++ + "]"));
                }
                return list;
            case MAP:
                if (!node.isObject()) {
                    throw wrongType(path, "an object", node);
                }
                Map<String, Object> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    map.put(e.getKey(), readValue(e.getValue(), schema.getValueType(), path + "." + e.getKey()));
                }
                return map;
            case BYTES:
                if (node.isTextual()) {
                    return ByteBuffer.wrap(node.textValue().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                }
                throw wrongType(path, "a string of bytes", node);
            default:
                throw new InvalidRecordException(path + ": unsupported schema type " + schema.getType());
        }
    }

    private static Object readRecord(JsonNode node, Schema schema, String path) {
        if (node == null || !node.isObject()) {
            throw wrongType(path, "an object", node);
        }
        IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = node.get(field.name());
            String fieldPath = path + "." + field.name();
            if (value == null || value.isMissingNode()) {
                if (!field.hasDefaultValue()) {
                    throw new InvalidRecordException(fieldPath + " is required");
                }
                record.put(field.pos(), SpecificData.get().deepCopy(field.schema(), SpecificData.get().getDefaultValue(field)));
            } else {
                record.put(field.pos(), readValue(value, field.schema(), fieldPath));
            }
        }
        return record;
    }

    private static Object readUnion(JsonNode node, Schema union, String path) {
        if (node == null || node.isNull()) {
            for (Schema branch : union.getTypes()) {
                if (branch.getType() == Schema.Type.NULL) {
                    return null;
                }
            }
            throw new InvalidRecordException(path + " must not be null");
        }
        for (Schema branch : union.getTypes()) {
            if (matches(node, branch)) {
                return readValue(node, branch, path);
            }
        }
        throw new InvalidRecordException(path + ": value " + abbreviate(node) + " matches none of " + union.getTypes());
    }

    private static boolean matches(JsonNode node, Schema schema) {
        JsonNodeType t = node.getNodeType();
        switch (schema.getType()) {
            case NULL: return node.isNull();
            case STRING: case ENUM: return t == JsonNodeType.STRING;
            case BOOLEAN: return t == JsonNodeType.BOOLEAN;
            case INT: case LONG: return node.isIntegralNumber();
            case FLOAT: case DOUBLE: return node.isNumber();
            case ARRAY: return node.isArray();
            case MAP: case RECORD: return node.isObject();
            default: return false;
        }
    }

    private static InvalidRecordException wrongType(String path, String expected, JsonNode node) {
        return new InvalidRecordException(path + ": expected " + expected + ", got " + abbreviate(node));
    }

    private static String abbreviate(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        String s = node.toString();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
