package io.driftmonitor.serde.mapping;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.serde.InvalidRecordException;
import org.apache.avro.generic.GenericEnumSymbol;

/** Conversions of raw Avro and JSON values to what a prediction holds. */
final class Values {
    private Values() {
    }

    static boolean isScalar(Object v) {
        if (v instanceof JsonNode n) {
            return n.isValueNode();
        }
        return v == null || v instanceof CharSequence || v instanceof Number || v instanceof Boolean
            || v instanceof GenericEnumSymbol<?> || v instanceof Enum<?>;
    }

    /** A feature value: Double, String, Boolean or null. */
    static Object feature(Object v) {
        if (v instanceof JsonNode n) {
            if (n.isNull() || n.isMissingNode()) {
                return null;
            }
            if (n.isNumber()) {
                return n.doubleValue();
            }
            if (n.isBoolean()) {
                return n.booleanValue();
            }
            return n.isTextual() ? n.textValue() : n.toString();
        }
        if (v == null || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Double) {
            return v;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return v.toString();
    }

    static String string(Object v) {
        if (v instanceof JsonNode n) {
            if (n.isNull() || n.isMissingNode()) {
                return null;
            }
            return n.isTextual() ? n.textValue() : n.toString();
        }
        return v == null ? null : v.toString();
    }

    /** A number, or null when absent; a value of another type is invalid. */
    static Double number(Object v, String path) {
        if (v instanceof JsonNode n) {
            if (n.isNull() || n.isMissingNode()) {
                return null;
            }
            if (n.isNumber()) {
                return n.doubleValue();
            }
            v = n.isTextual() ? n.textValue() : n.toString();
        }
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        String s = v.toString();
        switch (s) {
            case "NaN": return Double.NaN;
            case "Infinity": return Double.POSITIVE_INFINITY;
            case "-Infinity": return Double.NEGATIVE_INFINITY;
            default: throw new InvalidRecordException(path + ": expected a number, got '" + abbreviate(s) + "'");
        }
    }

    static long parseTime(String text, String path) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new InvalidRecordException(path + ": expected epoch time or an ISO-8601 instant, got '" + abbreviate(text) + "'");
        }
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
