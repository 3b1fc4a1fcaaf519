package io.driftmonitor.alerts;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Webhook requests with {@link HttpClient}, asynchronous: no thread waits for an answer. Redirects
 * are not followed (a webhook that moved answers 3xx, which is retried and then dead-lettered with
 * the status). Of the answer only the status, {@code Retry-After} and the first
 * {@value #EXCERPT_BYTES} bytes of the body are kept. The whole attempt — connection, request,
 * answer and its body — is bounded by the timeout.
 */
final class HttpWebhookTransport implements WebhookTransport {
    static final int EXCERPT_BYTES = 256;

    private final HttpClient client;
    private final ExecutorService executor;
    private final String userAgent;

    HttpWebhookTransport(ExecutorService executor, Duration connectTimeout, String userAgent) {
        this.executor = executor;
        this.userAgent = userAgent;
        this.client = HttpClient.newBuilder()
            .executor(executor)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    }

    @Override
    public CompletableFuture<Response> post(URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("User-Agent", userAgent)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(request.build(), info -> new Excerpt());
        CompletableFuture<Response> answer = exchange.thenApply(r ->
            new Response(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null), r.body()));
        return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
            if (e != null) {
                exchange.cancel(true);
            }
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Keeps the first {@value #EXCERPT_BYTES} bytes of a body and drops the rest. */
    private static final class Excerpt implements HttpResponse.BodySubscriber<String> {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CompletableFuture<String> result = new CompletableFuture<>();

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                int n = Math.min(b.remaining(), EXCERPT_BYTES - kept.size());
                if (n > 0) {
                    byte[] chunk = new byte[n];
                    b.get(chunk);
                    kept.write(chunk, 0, n);
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            String text = kept.toString(StandardCharsets.UTF_8).replaceAll("[\\r\\n\\t]+", " ").strip();
            result.complete(text);
        }
    }
}
