package io.driftmonitor.alerts;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import io.driftmonitor.config.MonitorConfig;

/**
 * When a webhook delivery is retried, and after how long. Pure: the caller brings the random numbers
 * and schedules the retry.
 *
 * <p>2xx is delivered. A 4xx other than 408 (request timeout) and 429 (too many requests) is the
 * receiver refusing the request and is not retried. Everything else — 5xx, 408, 429, 1xx/3xx, a
 * timeout, a refused or reset connection — is retried until {@code max_attempts} attempts are
 * spent. The delay before retry {@code r} (1, 2, ...) is {@code initial × multiplier^(r-1)} capped at
 * {@code max}, less a random share of at most {@code jitter} of it (so retries of many deliveries do
 * not arrive together), and at least a {@code Retry-After} the receiver asked for (still capped).
 */
public final class RetryPolicy {
    /** What to do after an attempt. */
    public enum Outcome { DELIVERED, RETRY, REJECTED }

    private final int maxAttempts;
    private final Duration initial;
    private final double multiplier;
    private final Duration max;
    private final double jitter;

    public RetryPolicy(int maxAttempts, Duration initial, double multiplier, Duration max, double jitter) {
        if (maxAttempts < 1 || initial.isNegative() || multiplier < 1 || max.compareTo(initial) < 0 || jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("invalid retry policy");
        }
        this.maxAttempts = maxAttempts;
        this.initial = initial;
        this.multiplier = multiplier;
        this.max = max;
        this.jitter = jitter;
    }

    public static RetryPolicy of(MonitorConfig.Webhook webhook) {
        MonitorConfig.Backoff b = webhook.backoff == null ? MonitorConfig.Backoff.builder().build() : webhook.backoff;
        return new RetryPolicy(webhook.maxAttempts, b.initial, b.multiplier, b.max, b.jitter);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** The outcome of a response with this HTTP status. */
    public static Outcome classify(int status) {
        if (status >= 200 && status < 300) {
            return Outcome.DELIVERED;
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return Outcome.REJECTED;
        }
        return Outcome.RETRY;
    }

    /** Whether another attempt may follow attempt number {@code attempt} (1-based) that asked for a retry. */
    public boolean mayRetryAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /** The exponential delay before retry {@code retry} (1-based), capped, without jitter. */
    public Duration exponentialDelay(int retry) {
        double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1));
        return millis >= max.toMillis() ? max : Duration.ofMillis(Math.round(millis));
    }

    /**
     * The delay before retry {@code retry} (1-based): the exponential delay less {@code jitter × u} of
     * it, {@code u} drawn from {@code random} in [0, 1); at least {@code retryAfter} (null: none), and
     * never more than {@code max}.
     */
    public Duration delayBeforeRetry(int retry, DoubleSupplier random, Duration retryAfter) {
        Duration exponential = exponentialDelay(retry);
        long millis = Math.round(exponential.toMillis() * (1 - jitter * random.getAsDouble()));
        if (retryAfter != null && retryAfter.toMillis() > millis) {
            millis = retryAfter.toMillis();
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    /** A {@code Retry-After} header as a delay: seconds, or an HTTP date relative to {@code nowMillis}; null when absent or unreadable. */
    public static Duration parseRetryAfter(String value, long nowMillis) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                long at = java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant().toEpochMilli();
                return Duration.ofMillis(Math.max(0, at - nowMillis));
            } catch (java.time.format.DateTimeParseException ignored) {
                return null;
            }
        }
    }
}
