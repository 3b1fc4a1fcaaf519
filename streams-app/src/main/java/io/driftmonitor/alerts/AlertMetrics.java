package io.driftmonitor.alerts;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of alert delivery in the monitor's registry ({@code /metrics}):
 * {@code drift_monitor_alerts_delivered_total{webhook, event}},
 * {@code drift_monitor_alerts_failed_total{webhook, event, reason}} (reason: rejected,
 * attempts_exhausted, undecodable — each failed delivery is a dead letter),
 * {@code drift_monitor_alerts_retries_total{webhook, event}} and the gauge
 * {@code drift_monitor_alerts_in_flight} (records whose deliveries are not finished). Every series of
 * the configured webhooks exists from the start, at zero. Labels are bounded by the configuration.
 */
final class AlertMetrics {
    static final List<String> REASONS = List.of(Delivery.REJECTED, Delivery.ATTEMPTS_EXHAUSTED, Delivery.UNDECODABLE);

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();

    AlertMetrics(MeterRegistry registry, List<WebhookTarget> targets) {
        this.registry = registry;
        for (WebhookTarget t : targets) {
            for (AlertKind kind : AlertKind.values()) {
                if (t.subscribes(kind)) {
                    delivered(t, kind, 0);
                    retries(t, kind, 0);
                    REASONS.forEach(reason -> failed(t, kind, reason, 0));
                }
            }
        }
        Gauge.builder("drift.monitor.alerts.in.flight", inFlight, AtomicInteger::get)
            .description("Output records whose webhook deliveries are not finished (not yet committed by the alert consumer)")
            .register(registry);
    }

    void delivered(WebhookTarget t, AlertKind kind) {
        delivered(t, kind, 1);
    }

    void failed(WebhookTarget t, AlertKind kind, String reason) {
        failed(t, kind, reason, 1);
    }

    void retried(WebhookTarget t, AlertKind kind) {
        retries(t, kind, 1);
    }

    void inFlight(int records) {
        inFlight.set(records);
    }

    private void delivered(WebhookTarget t, AlertKind kind, int n) {
        Counter.builder("drift.monitor.alerts.delivered")
            .description("Events delivered to a webhook (2xx), by webhook and event kind")
            .tags("webhook", t.name(), "event", kind.configName())
            .register(registry).increment(n);
    }

    private void failed(WebhookTarget t, AlertKind kind, String reason, int n) {
        Counter.builder("drift.monitor.alerts.failed")
            .description("Webhook deliveries that failed and went to the dead-letter topic, by reason")
            .tags("webhook", t.name(), "event", kind.configName(), "reason", reason)
            .register(registry).increment(n);
    }

    private void retries(WebhookTarget t, AlertKind kind, int n) {
        Counter.builder("drift.monitor.alerts.retries")
            .description("Webhook attempts that failed and were retried after a backoff")
            .tags("webhook", t.name(), "event", kind.configName())
            .register(registry).increment(n);
    }
}
