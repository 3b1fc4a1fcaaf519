package io.driftmonitor.alerts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A readable one-line summary of an event, as a person reads it in a chat channel: what happened to
 * which model, in which window, and the evidence that matters most.
 */
public final class AlertSummary {
    /** Drivers of a window named in its summary; the report has up to 20. */
    static final int MAX_DRIVERS = 3;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private AlertSummary() {
    }

    public static String line(AlertEvent event) {
        JsonNode e = event.tree();
        return switch (event.kind()) {
            case WINDOW_REPORTS -> windowReport(e);
            case RETRAIN -> retrain(e);
            case PROMOTION -> promotion(e);
        };
    }

    private static String windowReport(JsonNode e) {
        StringBuilder s = new StringBuilder();
        s.append(e.path("status").asText("unknown").toUpperCase(Locale.ROOT)).append(' ').append(e.path("model_id").asText())
            .append(" window ").append(window(e.path("window_start").asLong(), e.path("window_end").asLong()))
            .append(String.format(Locale.ROOT, ": %d of %d signals drift, %d warn", e.path("signals_drift").asInt(),
                e.path("signals_evaluated").asInt(), e.path("signals_warn").asInt()));
        if (e.path("dataset_drift_share").isNumber()) {
            s.append(String.format(Locale.ROOT, ", features drifting %.0f%%", 100 * e.path("dataset_drift_share").asDouble()));
        }
        s.append(String.format(Locale.ROOT, ", n = %d", e.path("window_count").asLong()));
        List<String> drivers = new ArrayList<>();
        for (JsonNode d : e.path("drivers")) {
            if (drivers.size() == MAX_DRIVERS) {
                break;
            }
            drivers.add(signal(d) + " " + d.path("metric").asText() + "=" + number(d.path("value")));
        }
        if (!drivers.isEmpty()) {
            s.append("; top: ").append(String.join(", ", drivers));
        }
        return s.toString();
    }

    private static String retrain(JsonNode e) {
        StringBuilder s = new StringBuilder();
        s.append("RETRAIN ").append(e.path("model_id").asText());
        if (e.hasNonNull("model_version")) {
            s.append(' ').append(e.path("model_version").asText());
        }
        s.append(" (trigger ").append(e.path("trigger").asText());
        if (e.hasNonNull("policy")) {
            s.append(", policy ").append(e.path("policy").asText());
        }
        s.append(')');
        List<String> reasons = new ArrayList<>();
        for (JsonNode r : e.path("reasons")) {
            if (reasons.size() == MAX_DRIVERS) {
                reasons.add("...");
                break;
            }
            StringBuilder reason = new StringBuilder(signal(r));
            if (r.hasNonNull("metric")) {
                reason.append(' ').append(r.path("metric").asText()).append(' ').append(number(r.path("value")));
                if (r.hasNonNull("threshold")) {
                    reason.append(" >= ").append(number(r.path("threshold")));
                }
            }
            if (r.path("windows").isArray() && r.path("windows").size() > 0) {
                int n = r.path("windows").size();
                reason.append(" in ").append(n).append(n == 1 ? " window" : " windows");
            }
            reasons.add(reason.toString());
        }
        if (!reasons.isEmpty()) {
            s.append(": ").append(String.join("; ", reasons));
        }
        JsonNode data = e.path("training_data");
        if (data.isObject()) {
            s.append("; training data ").append(data.path("topic").asText()).append(' ')
                .append(window(data.path("from_time").asLong(), data.path("to_time").asLong()));
        }
        return s.toString();
    }

    private static String promotion(JsonNode e) {
        return String.format(Locale.ROOT, "PROMOTION %s: %s %s over champion %s (%s, %s %s vs %s, p = %s, n = %d)",
            e.path("model_id").asText(), e.path("decision").asText().toUpperCase(Locale.ROOT),
            e.path("challenger_version").asText(), e.path("champion_version").asText(), e.path("strategy").asText(),
            e.path("metric").asText(), number(e.path("challenger_value")), number(e.path("champion_value")),
            number(e.path("p_value")), e.path("n").asLong());
    }

    private static String signal(JsonNode d) {
        String segment = d.path("segment").isTextual() ? "[" + d.path("segment").asText() + "]" : "";
        return d.path("signal").asText() + segment;
    }

    /** Three significant digits, or n/a. */
    static String number(JsonNode value) {
        if (!value.isNumber()) {
            return value.isTextual() ? value.asText() : "n/a";
        }
        double v = value.asDouble();
        if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** A window as {@code 2026-12-02 10:58:30-10:58:40 UTC} (the end's date too when it differs). */
    static String window(long start, long end) {
        String from = TIME.format(Instant.ofEpochMilli(start));
        String to = from.substring(0, 10).equals(TIME.format(Instant.ofEpochMilli(end)).substring(0, 10))
            ? CLOCK.format(Instant.ofEpochMilli(end)) : TIME.format(Instant.ofEpochMilli(end));
        return from + "-" + to + " UTC";
    }
}
