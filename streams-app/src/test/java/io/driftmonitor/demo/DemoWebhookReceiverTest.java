package io.driftmonitor.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.driftmonitor.alerts.WebhookSignature;
import org.junit.jupiter.api.Test;

class DemoWebhookReceiverTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldPrintASignedDeliveryAndRefuseABadSignature() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (DemoWebhookReceiver receiver = DemoWebhookReceiver.start(new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            byte[] body = "{\"event_id\":\"e1\",\"model_id\":\"fraud-classifier\"}".getBytes(StandardCharsets.UTF_8);
            assertThat(post(receiver, body, WebhookSignature.headerValue(receiver.secret(), body))).isEqualTo(204);
            assertThat(post(receiver, body, WebhookSignature.headerValue("not-the-secret", body))).isEqualTo(401);
            assertThat(receiver.delivered()).isEqualTo(1);
            assertThat(receiver.url()).matches("http://127\\.0\\.0\\.1:\\d+/hooks");
            assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                ">>> WEBHOOK retrain fraud-classifier delivered to " + receiver.url() + " (signature ok)",
                ">>> WEBHOOK retrain fraud-classifier refused at " + receiver.url() + " (signature INVALID)");
        }
    }

    private int post(DemoWebhookReceiver receiver, byte[] body, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(receiver.url()))
            .header("X-Drift-Monitor-Event", "retrain").header(WebhookSignature.HEADER, signature)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
