package io.driftmonitor.alerts;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Sends one webhook request, asynchronously. */
interface WebhookTransport extends AutoCloseable {
    /**
     * The outcome of an HTTP answer.
     *
     * @param status      the HTTP status
     * @param retryAfter  the {@code Retry-After} header, or null
     * @param bodyExcerpt the start of the response body (for the dead letter's detail), possibly empty
     */
    record Response(int status, String retryAfter, String bodyExcerpt) {
    }

    /**
     * POSTs the body; completes with the answer, or exceptionally when there is none within the
     * timeout (a {@link java.util.concurrent.TimeoutException} or {@link java.net.http.HttpTimeoutException})
     * or the connection failed.
     */
    CompletableFuture<Response> post(URI uri, Map<String, String> headers, byte[] body, Duration timeout);

    @Override
    default void close() {
    }
}
