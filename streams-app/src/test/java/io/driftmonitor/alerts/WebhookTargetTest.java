package io.driftmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.driftmonitor.config.MonitorConfig;
import org.junit.jupiter.api.Test;

class WebhookTargetTest {
    private static MonitorConfig.Webhook webhook(String minStatus, List<String> events, String format) {
        return MonitorConfig.Webhook.builder()
            .url("https://hooks.slack.com/services/T000/B000/XXXX")
            .minStatus(minStatus)
            .events(events)
            .format(format)
            .build();
    }

    @Test
    void shouldDeliverWindowReportsFromTheMinimumStatusUp() {
        WebhookTarget warn = WebhookTarget.of(webhook("warn", MonitorConfig.WEBHOOK_EVENTS, "json"), 0);
        WebhookTarget drift = WebhookTarget.of(webhook("drift", MonitorConfig.WEBHOOK_EVENTS, "json"), 1);
        WebhookTarget ok = WebhookTarget.of(webhook("ok", MonitorConfig.WEBHOOK_EVENTS, "json"), 2);
        for (String status : List.of("ok", "insufficient_data", "baseline", "warn", "drift")) {
            AlertEvent report = SampleEvents.event(AlertKind.WINDOW_REPORTS, SampleEvents.windowReport(status));
            assertThat(ok.wants(report)).as(status).isTrue();
            assertThat(warn.wants(report)).as(status).isEqualTo(status.equals("warn") || status.equals("drift"));
            assertThat(drift.wants(report)).as(status).isEqualTo(status.equals("drift"));
        }
        assertThat(drift.wants(SampleEvents.event(AlertKind.RETRAIN, SampleEvents.RETRAIN))).as("min_status is for reports only").isTrue();
    }

    @Test
    void shouldTakeOnlyTheEventsItNames() {
        WebhookTarget target = WebhookTarget.of(webhook("warn", List.of("retrain"), "json"), 0);
        assertThat(target.subscribes(AlertKind.RETRAIN)).isTrue();
        assertThat(target.subscribes(AlertKind.PROMOTION)).isFalse();
        assertThat(target.wants(SampleEvents.event(AlertKind.WINDOW_REPORTS, SampleEvents.windowReport("drift")))).isFalse();
    }

    @Test
    void shouldRenderTheBodyInItsFormatAndNeverShowTheUrlPath() {
        AlertEvent event = SampleEvents.event(AlertKind.RETRAIN, SampleEvents.RETRAIN);
        WebhookTarget json = WebhookTarget.of(webhook("warn", MonitorConfig.WEBHOOK_EVENTS, "json"), 0);
        WebhookTarget slack = WebhookTarget.of(webhook("warn", MonitorConfig.WEBHOOK_EVENTS, "slack"), 0);
        assertThat(json.body(event)).isEqualTo(event.json());
        assertThat(new String(slack.body(event), java.nio.charset.StandardCharsets.UTF_8)).startsWith("{\"text\":\"RETRAIN fraud-classifier");
        assertThat(slack.safeUrl()).isEqualTo("https://hooks.slack.com/******").doesNotContain("XXXX");
        assertThat(json.name()).isEqualTo("webhook-0");
        assertThat(json.timeout()).isEqualTo(Duration.ofSeconds(10));
        Map<String, String> headers = json.headers(event, json.body(event), 1, 1);
        assertThat(headers).doesNotContainKey(WebhookSignature.HEADER);
    }
}
