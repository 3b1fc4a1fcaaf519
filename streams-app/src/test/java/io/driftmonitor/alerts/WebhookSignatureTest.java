package io.driftmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    @Test
    void shouldMatchRfc4231TestCase2() {
        // RFC 4231, 4.3: key "Jefe", data "what do ya want for nothing?".
        assertThat(WebhookSignature.hmacSha256Hex("Jefe".getBytes(StandardCharsets.US_ASCII),
            "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
            .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void shouldSignTheExactBodyBytesUnderTheUtf8Secret() {
        byte[] body = "{\"event_id\":\"bb4f7616-1407-3de6-af60-3baefd61acd7\",\"model_id\":\"fraud-classifier\",\"trigger\":\"drift\"}"
            .getBytes(StandardCharsets.UTF_8);
        // python3 -c "import hmac,hashlib; print(hmac.new('s3cr\u00e9t'.encode(), body, hashlib.sha256).hexdigest())"
        String expected = "sha256=bb13ba1993b4b0d1c8af410572f9b4f068c0fafea94c885e2d7c91ed0bafe098";
        assertThat(WebhookSignature.headerValue("s3cr\u00e9t", body)).isEqualTo(expected);
        assertThat(WebhookSignature.verify("s3cr\u00e9t", body, expected)).isTrue();
    }

    @Test
    void shouldRejectAnotherBodyAnotherSecretAndAMalformedHeader() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.headerValue("secret", body);
        assertThat(WebhookSignature.verify("secret", "{ }".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        assertThat(WebhookSignature.verify("other", body, signature)).isFalse();
        assertThat(WebhookSignature.verify("secret", body, signature.substring(WebhookSignature.PREFIX.length()))).isFalse();
        assertThat(WebhookSignature.verify("secret", body, null)).isFalse();
    }
}
