package io.driftmonitor.alerts;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook request: {@code X-Drift-Monitor-Signature: sha256=<hex>}, the
 * HMAC-SHA256 of the exact body bytes under the webhook's secret (UTF-8), lower-case hex — the
 * scheme of GitHub's {@code X-Hub-Signature-256}, so receivers can reuse their verification code.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Drift-Monitor-Signature";
    public static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    /** The lower-case hex HMAC-SHA256 of {@code body} under {@code secret}. */
    public static String hmacSha256Hex(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The header value for a body: {@code sha256=<hex>}. */
    public static String headerValue(String secret, byte[] body) {
        return PREFIX + hmacSha256Hex(secret.getBytes(StandardCharsets.UTF_8), body);
    }

    /** Whether a received header value is the signature of the body under the secret (compared in constant time). */
    public static boolean verify(String secret, byte[] body, String headerValue) {
        if (headerValue == null || !headerValue.startsWith(PREFIX)) {
            return false;
        }
        byte[] expected = headerValue(secret, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, headerValue.getBytes(StandardCharsets.US_ASCII));
    }
}
