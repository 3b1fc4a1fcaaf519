package io.driftmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftmonitor.serde.JsonRecordCodec;
import org.junit.jupiter.api.Test;

class SlackMessageTest {
    @Test
    void shouldSummariseARetrainEventInOneLine() {
        AlertEvent e = SampleEvents.event(AlertKind.RETRAIN, SampleEvents.RETRAIN);
        assertThat(AlertSummary.line(e)).isEqualTo("RETRAIN fraud-classifier 2026.11.1 (trigger drift, policy default-psi): "
            + "feature:merchant_type psi 1.31 >= 0.25 in 2 windows; training data predictions 2026-12-02 10:58:20-10:58:40 UTC");
    }

    @Test
    void shouldSummariseAPromotion() {
        AlertEvent e = SampleEvents.event(AlertKind.PROMOTION, SampleEvents.PROMOTION);
        assertThat(AlertSummary.line(e)).isEqualTo("PROMOTION fraud-classifier: PROMOTE 2026.11.2-shadow over champion 2026.11.1 "
            + "(shadow, accuracy 0.943 vs 0.771, p = 3.70e-21, n = 1780)");
    }

    @Test
    void shouldSummariseAWindowReportWithItsTopDrivers() {
        AlertEvent e = SampleEvents.event(AlertKind.WINDOW_REPORTS, SampleEvents.windowReport("drift"));
        assertThat(AlertSummary.line(e)).isEqualTo("DRIFT price-regressor window 2026-12-02 10:58:30-10:58:40 UTC: "
            + "1 of 130 signals drift, 3 warn, features drifting 0%, n = 1000; top: score[country=DE] psi=2.39, feature:a<b>&c psi=0.12");
    }

    @Test
    void shouldWriteASlackIncomingWebhookMessageWithEscapedText() {
        AlertEvent e = SampleEvents.event(AlertKind.WINDOW_REPORTS, SampleEvents.windowReport("drift"));
        ObjectNode message = SlackMessage.of(e);
        assertThat(message.fieldNames()).toIterable().containsExactly("text", "blocks");
        assertThat(message.get("text").asText()).contains("feature:a&lt;b&gt;&amp;c").doesNotContain("<b>");
        JsonNode section = message.get("blocks").get(0);
        assertThat(section.get("type").asText()).isEqualTo("section");
        assertThat(section.get("text").get("type").asText()).isEqualTo("mrkdwn");
        assertThat(section.get("text").get("text").asText()).startsWith(":red_circle: DRIFT price-regressor window");
        JsonNode context = message.get("blocks").get(1);
        assertThat(context.get("type").asText()).isEqualTo("context");
        assertThat(context.get("elements").get(0).get("text").asText()).isEqualTo("drift-monitor window_reports event `wr-1`");
    }

    @Test
    void shouldPickTheEmojiByKindAndStatus() throws Exception {
        assertThat(SlackMessage.emoji(SampleEvents.event(AlertKind.WINDOW_REPORTS, SampleEvents.windowReport("warn"))))
            .isEqualTo(":large_orange_circle:");
        assertThat(SlackMessage.emoji(SampleEvents.event(AlertKind.RETRAIN, SampleEvents.RETRAIN))).isEqualTo(":arrows_counterclockwise:");
        JsonNode parsed = JsonRecordCodec.mapper().readTree(SlackMessage.bytes(SampleEvents.event(AlertKind.PROMOTION, SampleEvents.PROMOTION)));
        assertThat(parsed.get("blocks").get(0).get("text").get("text").asText()).startsWith(":trophy: PROMOTION fraud-classifier");
    }
}
