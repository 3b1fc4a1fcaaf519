package io.driftmonitor.alerts;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.driftmonitor.config.ConfigPrinter;
import io.driftmonitor.config.MonitorConfig;

/**
 * One configured webhook, ready to deliver: which events it takes, how it renders them, how it signs
 * and retries. Its URL is never logged whole ({@link #safeUrl}): the path of a Slack webhook is its
 * credential.
 */
final class WebhookTarget {
    static final String HEADER_TIMESTAMP = "X-Drift-Monitor-Timestamp";
    static final String HEADER_EVENT_ID = "X-Drift-Monitor-Event-Id";
    static final String HEADER_EVENT = "X-Drift-Monitor-Event";
    static final String HEADER_ATTEMPT = "X-Drift-Monitor-Attempt";

    enum Format { JSON, SLACK }

    private final String name;
    private final URI uri;
    private final Set<AlertKind> kinds;
    private final int minStatusRank;
    private final Format format;
    private final String secret;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final RetryPolicy retryPolicy;

    WebhookTarget(String name, URI uri, Set<AlertKind> kinds, String minStatus, Format format, String secret,
                  Map<String, String> headers, Duration timeout, RetryPolicy retryPolicy) {
        this.name = name;
        this.uri = uri;
        this.kinds = Set.copyOf(kinds);
        this.minStatusRank = statusRank(minStatus);
        this.format = format;
        this.secret = secret;
        this.headers = Map.copyOf(headers);
        this.timeout = timeout;
        this.retryPolicy = retryPolicy;
    }

    static WebhookTarget of(MonitorConfig.Webhook w, int index) {
        Set<AlertKind> kinds = EnumSet.noneOf(AlertKind.class);
        w.events.forEach(e -> kinds.add(AlertKind.fromConfigName(e)));
        return new WebhookTarget(w.displayName(index), URI.create(w.url), kinds, w.minStatus,
            "slack".equals(w.format) ? Format.SLACK : Format.JSON, w.secret,
            w.headers == null ? Map.of() : new LinkedHashMap<>(w.headers), w.timeout, RetryPolicy.of(w));
    }

    static List<WebhookTarget> of(MonitorConfig.Alerts alerts) {
        List<WebhookTarget> out = new java.util.ArrayList<>();
        for (int i = 0; i < alerts.webhooks.size(); i++) {
            out.add(of(alerts.webhooks.get(i), i));
        }
        return out;
    }

    /** ok (and insufficient_data, baseline) 0, warn 1, drift 2. */
    static int statusRank(String status) {
        return switch (status == null ? "" : status) {
            case "drift" -> 2;
            case "warn" -> 1;
            default -> 0;
        };
    }

    /** Whether this webhook takes an output of this kind at all. */
    boolean subscribes(AlertKind kind) {
        return kinds.contains(kind);
    }

    /** Whether this webhook takes this event: its kind, and for a window report a status at least min_status. */
    boolean wants(AlertEvent event) {
        return subscribes(event.kind()) && (event.kind() != AlertKind.WINDOW_REPORTS || statusRank(event.status()) >= minStatusRank);
    }

    /** The request body for an event: the event's JSON, or a Slack message. */
    byte[] body(AlertEvent event) {
        return format == Format.SLACK ? SlackMessage.bytes(event) : event.json();
    }

    /** The request headers of one attempt (the configured ones, then the monitor's own). */
    Map<String, String> headers(AlertEvent event, byte[] body, long epochSeconds, int attempt) {
        Map<String, String> out = new LinkedHashMap<>(headers);
        out.put("Content-Type", "application/json");
        out.put(HEADER_EVENT, event.kind().configName());
        out.put(HEADER_EVENT_ID, event.eventId());
        out.put(HEADER_TIMESTAMP, Long.toString(epochSeconds));
        out.put(HEADER_ATTEMPT, Integer.toString(attempt));
        if (secret != null) {
            out.put(WebhookSignature.HEADER, WebhookSignature.headerValue(secret, body));
        }
        return out;
    }

    String name() {
        return name;
    }

    URI uri() {
        return uri;
    }

    /** The URL with its path and query masked, for logs. */
    String safeUrl() {
        return ConfigPrinter.maskUrl(uri.toString());
    }

    Duration timeout() {
        return timeout;
    }

    RetryPolicy retryPolicy() {
        return retryPolicy;
    }
}
