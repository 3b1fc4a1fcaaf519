package io.driftmonitor.alerts;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The delivery of one event to one webhook: attempts, the retry policy between them, and one final
 * outcome — delivered, failed (with the reason the dead letter carries), or abandoned because the
 * consumer is closing (then nothing is committed for it, and the next start delivers it again).
 * Retries are scheduled, never slept: no thread waits out a backoff.
 */
final class Delivery {
    /** Reason of a failed delivery: the receiver refused it with a 4xx other than 408 and 429. */
    static final String REJECTED = "rejected";
    /** Reason of a failed delivery: every attempt failed or timed out. */
    static final String ATTEMPTS_EXHAUSTED = "attempts_exhausted";
    /** Reason of a failed delivery: the output record could not be decoded. */
    static final String UNDECODABLE = "undecodable";

    /** Runs a task after a delay; throws {@link RejectedExecutionException} once closed. */
    interface Scheduler {
        void schedule(Runnable task, Duration delay);
    }

    /** Hears the outcome, exactly once per delivery, and each retry. */
    interface Listener {
        void delivered(Delivery delivery, int attempts);

        void failed(Delivery delivery, String reason, String detail, int attempts);

        void abandoned(Delivery delivery);

        default void retrying(Delivery delivery, int nextAttempt, Duration delay, String cause) {
        }
    }

    private final AlertEvent event;
    private final WebhookTarget target;
    private final byte[] body;
    private final WebhookTransport transport;
    private final Scheduler scheduler;
    private final LongSupplier clockMillis;
    private final DoubleSupplier random;
    private final BooleanSupplier closing;
    private final Listener listener;

    Delivery(AlertEvent event, WebhookTarget target, WebhookTransport transport, Scheduler scheduler, LongSupplier clockMillis,
             DoubleSupplier random, BooleanSupplier closing, Listener listener) {
        this.event = event;
        this.target = target;
        this.body = target.body(event);
        this.transport = transport;
        this.scheduler = scheduler;
        this.clockMillis = clockMillis;
        this.random = random;
        this.closing = closing;
        this.listener = listener;
    }

    AlertEvent event() {
        return event;
    }

    WebhookTarget target() {
        return target;
    }

    /** The body every attempt sends (the signature covers exactly these bytes). */
    byte[] body() {
        return body;
    }

    /** Makes the first attempt. */
    void start() {
        attempt(1);
    }

    private void attempt(int n) {
        if (closing.getAsBoolean()) {
            listener.abandoned(this);
            return;
        }
        try {
            transport.post(target.uri(), target.headers(event, body, clockMillis.getAsLong() / 1000, n), body, target.timeout())
                .whenComplete((response, error) -> onAnswer(n, response, error));
        } catch (RuntimeException e) {
            onAnswer(n, null, e);
        }
    }

    private void onAnswer(int n, WebhookTransport.Response response, Throwable error) {
        RetryPolicy policy = target.retryPolicy();
        String cause;
        Duration retryAfter = null;
        if (error != null) {
            cause = describe(error);
        } else {
            RetryPolicy.Outcome outcome = RetryPolicy.classify(response.status());
            if (outcome == RetryPolicy.Outcome.DELIVERED) {
                listener.delivered(this, n);
                return;
            }
            cause = "HTTP " + response.status() + (response.bodyExcerpt().isBlank() ? "" : ": " + response.bodyExcerpt());
            if (outcome == RetryPolicy.Outcome.REJECTED) {
                listener.failed(this, REJECTED, cause + " (attempt " + n + ")", n);
                return;
            }
            retryAfter = RetryPolicy.parseRetryAfter(response.retryAfter(), clockMillis.getAsLong());
        }
        if (!policy.mayRetryAfter(n)) {
            listener.failed(this, ATTEMPTS_EXHAUSTED, cause + " (after " + n + (n == 1 ? " attempt)" : " attempts)"), n);
            return;
        }
        Duration delay = policy.delayBeforeRetry(n, random, retryAfter);
        listener.retrying(this, n + 1, delay, cause);
        try {
            scheduler.schedule(() -> attempt(n + 1), delay);
        } catch (RejectedExecutionException e) {
            listener.abandoned(this);
        }
    }

    static String describe(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof TimeoutException || e instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
