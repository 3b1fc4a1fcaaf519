package io.driftmonitor.logging;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.slf4j.event.KeyValuePair;

/**
 * The layout of every log line of the application, in the {@link LogFormat} of the moment.
 *
 * <p>{@code text}: {@code 2026-12-02T10:58:30.123Z INFO  MonitorApp - message}, the timestamp in
 * ISO-8601 with its zone, then the stack trace if any.
 *
 * <p>{@code json}: one object per line with {@code timestamp} (ISO-8601 with zone), {@code level},
 * {@code logger}, {@code thread}, {@code message}, then the MDC entries and the SLF4J key-value pairs
 * of the event as fields of their own (the monitor attaches {@code model}, {@code topic},
 * {@code partition} and {@code offset} where it knows them; numbers stay numbers), and
 * {@code exception} / {@code stack_trace} for a throwable. A field named like one of the fixed ones is
 * not repeated.
 */
public final class LogLayout extends LayoutBase<ILoggingEvent> {
    private static final Set<String> FIXED = Set.of("timestamp", "level", "logger", "thread", "message",
        "exception", "stack_trace");
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
        .appendPattern("uuuu-MM-dd'T'HH:mm:ss.SSS").appendOffsetId().toFormatter();

    private ZoneId zone = ZoneId.systemDefault();

    /** The zone of the timestamps (logback property {@code <zone>}); the system's by default. */
    public void setZone(String zone) {
        this.zone = ZoneId.of(zone);
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return LogFormat.current() == LogFormat.JSON ? json(event) : text(event);
    }

    String timestamp(ILoggingEvent event) {
        return ISO.format(Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone));
    }

    private String text(ILoggingEvent event) {
        StringBuilder b = new StringBuilder(128);
        b.append(timestamp(event)).append(' ');
        String level = event.getLevel().toString();
        b.append(level);
        for (int i = level.length(); i < 5; i++) {
            b.append(' ');
        }
        String logger = event.getLoggerName();
        b.append(' ').append(logger.substring(logger.lastIndexOf('.') + 1)).append(" - ")
            .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy t = event.getThrowableProxy();
        if (t != null) {
            b.append(ThrowableProxyUtil.asString(t)).append(CoreConstants.LINE_SEPARATOR);
        }
        return b.toString();
    }

    private String json(ILoggingEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", timestamp(event));
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("message", event.getFormattedMessage());
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null) {
                for (Map.Entry<String, String> e : mdc.entrySet()) {
                    if (!FIXED.contains(e.getKey())) {
                        g.writeStringField(e.getKey(), e.getValue());
                    }
                }
            }
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs != null) {
                for (KeyValuePair kv : pairs) {
                    if (kv.key == null || FIXED.contains(kv.key) || (mdc != null && mdc.containsKey(kv.key))) {
                        continue;
                    }
                    g.writeFieldName(kv.key);
                    writeValue(g, kv.value);
                }
            }
            IThrowableProxy t = event.getThrowableProxy();
            if (t != null) {
                g.writeStringField("exception", t.getClassName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
                g.writeStringField("stack_trace", ThrowableProxyUtil.asString(t));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append(CoreConstants.LINE_SEPARATOR).toString();
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            g.writeNumber(n.doubleValue());
        } else if (value instanceof Boolean bool) {
            g.writeBoolean(bool);
        } else {
            g.writeString(value.toString());
        }
    }
}
