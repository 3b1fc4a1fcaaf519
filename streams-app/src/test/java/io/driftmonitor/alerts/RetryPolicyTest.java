package io.driftmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.driftmonitor.alerts.RetryPolicy.Outcome;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0.5);

    @Test
    void shouldDeliverOn2xxRejectOnClientErrorsAndRetryTheRest() {
        assertThat(RetryPolicy.classify(200)).isEqualTo(Outcome.DELIVERED);
        assertThat(RetryPolicy.classify(204)).isEqualTo(Outcome.DELIVERED);
        assertThat(RetryPolicy.classify(400)).isEqualTo(Outcome.REJECTED);
        assertThat(RetryPolicy.classify(401)).isEqualTo(Outcome.REJECTED);
        assertThat(RetryPolicy.classify(404)).isEqualTo(Outcome.REJECTED);
        assertThat(RetryPolicy.classify(410)).isEqualTo(Outcome.REJECTED);
        assertThat(RetryPolicy.classify(408)).isEqualTo(Outcome.RETRY);
        assertThat(RetryPolicy.classify(429)).isEqualTo(Outcome.RETRY);
        assertThat(RetryPolicy.classify(500)).isEqualTo(Outcome.RETRY);
        assertThat(RetryPolicy.classify(503)).isEqualTo(Outcome.RETRY);
        assertThat(RetryPolicy.classify(302)).isEqualTo(Outcome.RETRY);
    }

    @Test
    void shouldGrowTheDelayExponentiallyUpToTheCap() {
        assertThat(policy.exponentialDelay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.exponentialDelay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.exponentialDelay(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.exponentialDelay(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.exponentialDelay(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.exponentialDelay(60)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldTakeAtMostTheJitterShareOffTheDelay() {
        assertThat(policy.delayBeforeRetry(3, () -> 0.0, null)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayBeforeRetry(3, () -> 0.5, null)).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.delayBeforeRetry(3, () -> 0.999_999, null)).isEqualTo(Duration.ofSeconds(2));
        RetryPolicy noJitter = new RetryPolicy(3, Duration.ofMillis(100), 3.0, Duration.ofSeconds(1), 0);
        assertThat(noJitter.delayBeforeRetry(2, () -> 0.9, null)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void shouldWaitAtLeastRetryAfterButNeverMoreThanTheCap() {
        assertThat(policy.delayBeforeRetry(1, () -> 0.0, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.delayBeforeRetry(1, () -> 0.0, Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delayBeforeRetry(4, () -> 0.0, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void shouldReadRetryAfterInSecondsOrAsAnHttpDate() {
        long now = java.time.Instant.parse("2026-12-02T10:00:00Z").toEpochMilli();
        assertThat(RetryPolicy.parseRetryAfter("120", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryPolicy.parseRetryAfter("Wed, 02 Dec 2026 10:00:30 GMT", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryPolicy.parseRetryAfter("Wed, 02 Dec 2026 09:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("soon", now)).isNull();
        assertThat(RetryPolicy.parseRetryAfter("-1", now)).isNull();
        assertThat(RetryPolicy.parseRetryAfter(null, now)).isNull();
    }

    @Test
    void shouldAllowRetriesUntilTheLastAttempt() {
        assertThat(policy.mayRetryAfter(1)).isTrue();
        assertThat(policy.mayRetryAfter(4)).isTrue();
        assertThat(policy.mayRetryAfter(5)).isFalse();
        assertThat(new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO, 0).mayRetryAfter(1)).isFalse();
    }
}
