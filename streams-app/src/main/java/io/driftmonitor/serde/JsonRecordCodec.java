package io.driftmonitor.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
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

    /**
     * The record as plain JSON, written token by token: the same bytes as {@link #toPlain} written by
     * the mapper, without building the maps first (drift events are written at every window close).
     */
    public static byte[] toJsonBytes(IndexedRecord record) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator generator = MAPPER.getFactory().createGenerator(out)) {
            writeRecord(generator, record);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + record.getSchema().getName() + " as JSON", e);
        }
        return out.toByteArray();
    }

    private static void writeRecord(JsonGenerator generator, IndexedRecord record) throws IOException {
        generator.writeStartObject();
        for (Schema.Field field : record.getSchema().getFields()) {
            generator.writeFieldName(field.name());
            writeValue(generator, record.get(field.pos()));
        }
        generator.writeEndObject();
    }

    /** As {@link #plainValue} and the mapper would write it. */
    private static void writeValue(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof IndexedRecord r) {
            writeRecord(generator, r);
        } else if (value instanceof GenericEnumSymbol<?> || value instanceof Enum<?> || value instanceof CharSequence) {
            generator.writeString(value.toString());
        } else if (value instanceof Double d) {
            if (Double.isFinite(d)) {
                generator.writeNumber(d);
            } else {
                generator.writeString(d.isNaN() ? "NaN" : (d > 0 ? "Infinity" : "-Infinity"));
            }
        } else if (value instanceof Long l) {
            generator.writeNumber(l);
        } else if (value instanceof Integer i) {
            generator.writeNumber(i);
        } else if (value instanceof Boolean b) {
            generator.writeBoolean(b);
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                generator.writeFieldName(e.getKey().toString());
                writeValue(generator, e.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object v : list) {
                writeValue(generator, v);
            }
            generator.writeEndArray();
        } else {
            MAPPER.writeValue(generator, value); // floats, bytes and fixed, as the mapper writes them
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
        try (JsonParser parser = MAPPER.createParser(json)) {
            return read(parser, type);
        } catch (IOException e) {
            throw new InvalidRecordException("not valid JSON: " + e.getMessage());
        }
    }

    public static <T extends IndexedRecord> T fromJson(JsonNode node, Class<T> type) {
        try (JsonParser parser = node.traverse(MAPPER)) {
            return read(parser, type);
        } catch (IOException e) {
            throw new InvalidRecordException("not valid JSON: " + e.getMessage());
        }
    }

    /**
     * Reads the record from the parser's tokens as they come, without building a tree first (labels and
     * JSON predictions are read per record: the tree cost several times the reading itself).
     */
    @SuppressWarnings("unchecked")
    private static <T extends IndexedRecord> T read(JsonParser parser, Class<T> type) throws IOException {
        Schema schema = SpecificData.get().getSchema(type);
        parser.nextToken();
        return (T) readValue(parser, schema, schema.getName());
    }

    /** Reads the value at the parser's current token; the parser is left on the value's last token. */
    private static Object readValue(JsonParser p, Schema schema, String path) throws IOException {
        JsonToken t = p.currentToken();
        switch (schema.getType()) {
            case RECORD:
                return readRecord(p, schema, path);
            case UNION:
                return readUnion(p, schema, path);
            case NULL:
                if (t == JsonToken.VALUE_NULL) {
                    return null;
                }
                throw wrongType(path, "null", p);
            case STRING:
                if (t == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                throw wrongType(path, "a string", p);
            case BOOLEAN:
                if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                    return t == JsonToken.VALUE_TRUE;
                }
                throw wrongType(path, "a boolean", p);
            case INT:
                if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                    return p.getIntValue();
                }
                throw wrongType(path, "an integer", p);
            case LONG:
                if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    return p.getLongValue();
                }
                throw wrongType(path, "an integer", p);
            case FLOAT:
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    // as the number's own type converts, not through a double (which would round twice)
                    return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue().floatValue()
                        : (float) p.getLongValue();
                }
                if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                    return (float) p.getDoubleValue();
                }
                throw wrongType(path, "a number", p);
            case DOUBLE:
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    return p.getDoubleValue();
                }
                if (t == JsonToken.VALUE_STRING) {
                    switch (p.getText()) {
                        case "NaN": return Double.NaN;
                        case "Infinity": return Double.POSITIVE_INFINITY;
                        case "-Infinity": return Double.NEGATIVE_INFINITY;
                        default: break;
                    }
                }
                throw wrongType(path, "a number", p);
            case ENUM:
                if (t == JsonToken.VALUE_STRING && schema.hasEnumSymbol(p.getText())) {
                    return SpecificData.get().createEnum(p.getText(), schema);
                }
                throw new InvalidRecordException(path + ": expected one of " + schema.getEnumSymbols() + ", got "
                    + currentValue(p));
            case ARRAY:
                if (t != JsonToken.START_ARRAY) {
                    throw wrongType(path, "an array", p);
                }
                List<Object> list = new GenericData.Array<>(8, schema);
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(p, schema.getElementType(), path + "[" + i++ + "]"));
                }
                return list;
            case MAP:
                if (t != JsonToken.START_OBJECT) {
                    throw wrongType(path, "an object", p);
                }
                Map<String, Object> map = new LinkedHashMap<>();
                for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
                    p.nextToken();
                    map.put(key, readValue(p, schema.getValueType(), path + "." + key));
                }
                return map;
            case BYTES:
                if (t == JsonToken.VALUE_STRING) {
                    return ByteBuffer.wrap(p.getText().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                }
                throw wrongType(path, "a string of bytes", p);
            default:
                throw new InvalidRecordException(path + ": unsupported schema type " + schema.getType());
        }
    }

    /**
     * Fields in any order, unknown ones skipped, the last of a repeated field kept (as a JSON tree
     * keeps it); absent fields get their defaults.
     */
    private static Object readRecord(JsonParser p, Schema schema, String path) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw wrongType(path, "an object", p);
        }
        IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
        List<Schema.Field> fields = schema.getFields();
        boolean[] present = new boolean[fields.size()];
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            Schema.Field field = schema.getField(name);
            if (field == null) {
                p.skipChildren();
                continue;
            }
            record.put(field.pos(), readValue(p, field.schema(), path + "." + field.name()));
            present[field.pos()] = true;
        }
        for (Schema.Field field : fields) {
            if (!present[field.pos()]) {
                if (!field.hasDefaultValue()) {
                    throw new InvalidRecordException(path + "." + field.name() + " is required");
                }
                record.put(field.pos(), SpecificData.get().deepCopy(field.schema(), SpecificData.get().getDefaultValue(field)));
            }
        }
        return record;
    }

    private static Object readUnion(JsonParser p, Schema union, String path) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            for (Schema branch : union.getTypes()) {
                if (branch.getType() == Schema.Type.NULL) {
                    return null;
                }
            }
            throw new InvalidRecordException(path + " must not be null");
        }
        for (Schema branch : union.getTypes()) {
            if (matches(p.currentToken(), branch)) {
                return readValue(p, branch, path);
            }
        }
        throw new InvalidRecordException(path + ": value " + abbreviate(currentValue(p)) + " matches none of " + union.getTypes());
    }

    private static boolean matches(JsonToken t, Schema schema) {
        switch (schema.getType()) {
            case NULL: return t == JsonToken.VALUE_NULL;
            case STRING: case ENUM: return t == JsonToken.VALUE_STRING;
            case BOOLEAN: return t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE;
            case INT: case LONG: return t == JsonToken.VALUE_NUMBER_INT;
            case FLOAT: case DOUBLE: return t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
            case ARRAY: return t == JsonToken.START_ARRAY;
            case MAP: case RECORD: return t == JsonToken.START_OBJECT;
            default: return false;
        }
    }

    /** The value at the current token as a tree, for an error message (nothing at the end of the input). */
    private static JsonNode currentValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return null;
        }
        if (t == JsonToken.VALUE_NULL) {
            return NullNode.getInstance();
        }
        return p.readValueAsTree();
    }

    private static InvalidRecordException wrongType(String path, String expected, JsonParser p) throws IOException {
        return new InvalidRecordException(path + ": expected " + expected + ", got " + abbreviate(currentValue(p)));
    }

    private static String abbreviate(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        String s = node.toString();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
