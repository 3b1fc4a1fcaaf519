package io.driftmonitor.config;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

/** Durations as people write them: 500ms, 10s, 1m, 2h, 7d (or ISO-8601 such as PT1M). */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    public static Duration parse(String text) {
        String t = text.trim();
        Matcher m = SIMPLE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": return Duration.ofMillis(n);
                case "s": return Duration.ofSeconds(n);
                case "m": return Duration.ofMinutes(n);
                case "h": return Duration.ofHours(n);
                default: return Duration.ofDays(n);
            }
        }
        try {
            return Duration.parse(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 10s, 1m, 2h or 7d, got '" + text + "'");
        }
    }

    /** An instant as ISO-8601 ({@code 2000-01-01T00:00:00Z}), a date ({@code 2000-01-01}, UTC) or epoch milliseconds. */
    public static java.time.Instant parseInstant(String text) {
        String t = text == null ? "" : text.trim();
        try {
            if (t.matches("-?\\d+")) {
                return java.time.Instant.ofEpochMilli(Long.parseLong(t));
            }
            if (t.length() == 10) {
                return java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            }
            return java.time.Instant.parse(t);
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("not an ISO-8601 instant or date, or epoch milliseconds: '" + text + "'");
        }
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) return ms / 86_400_000 + "d";
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    /** Jackson support: read and write durations in this notation. */
    public static SimpleModule jacksonModule() {
        SimpleModule module = new SimpleModule("durations");
        module.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                try {
                    return parse(p.getValueAsString(p.getText()));
                } catch (IllegalArgumentException e) {
                    return (Duration) ctx.handleWeirdStringValue(Duration.class, p.getText(), e.getMessage());
                }
            }
        });
        module.addDeserializer(java.time.Instant.class, new JsonDeserializer<>() {
            @Override
            public java.time.Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                try {
                    return parseInstant(p.getValueAsString(p.getText()));
                } catch (IllegalArgumentException e) {
                    return (java.time.Instant) ctx.handleWeirdStringValue(java.time.Instant.class, p.getText(), e.getMessage());
                }
            }
        });
        module.addSerializer(java.time.Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(java.time.Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }
        });
        module.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(format(value));
            }
        });
        return module;
    }
}
