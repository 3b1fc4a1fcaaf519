package io.driftmonitor.alerts;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftmonitor.serde.JsonRecordCodec;

/**
 * A Slack incoming-webhook message for an event: {@code text} is the one-line summary (what the
 * notification shows), {@code blocks} the same as a section with a status emoji and a context line
 * naming the event id, so a reader can find the event on its topic. Text is escaped as Slack's
 * mrkdwn requires ({@code &}, {@code <}, {@code >}).
 */
public final class SlackMessage {
    private SlackMessage() {
    }

    public static ObjectNode of(AlertEvent event) {
        String summary = AlertSummary.line(event);
        ObjectNode message = JsonRecordCodec.mapper().createObjectNode();
        message.put("text", escape(summary));
        ArrayNode blocks = message.putArray("blocks");
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", emoji(event) + " " + escape(summary));
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn")
            .put("text", "drift-monitor " + event.kind().configName() + " event `" + escape(event.eventId()) + "`");
        return message;
    }

    public static byte[] bytes(AlertEvent event) {
        try {
            return JsonRecordCodec.mapper().writeValueAsBytes(of(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String emoji(AlertEvent event) {
        return switch (event.kind()) {
            case WINDOW_REPORTS -> switch (event.status()) {
                case "drift" -> ":red_circle:";
                case "warn" -> ":large_orange_circle:";
                case "ok" -> ":large_green_circle:";
                default -> ":white_circle:";
            };
            case RETRAIN -> ":arrows_counterclockwise:";
            case PROMOTION -> ":trophy:";
        };
    }

    /** Slack mrkdwn escaping: the three characters that are control characters there. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
