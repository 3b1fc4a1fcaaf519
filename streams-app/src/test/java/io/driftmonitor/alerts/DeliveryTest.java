package io.driftmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** One delivery's attempts, retries and outcome, with a scripted receiver and a scheduler that runs retries at once. */
class DeliveryTest {
    private static final long NOW = 1_796_209_110_000L;

    /** Answers with the scripted responses (or failures), one per attempt; records each request. */
    private static final class ScriptedTransport implements WebhookTransport {
        final Deque<Object> script = new ArrayDeque<>();
        final List<Map<String, String>> headers = new ArrayList<>();
        final List<byte[]> bodies = new ArrayList<>();

        ScriptedTransport then(int status) {
            script.add(new Response(status, null, status >= 300 ? "busy" : ""));
            return this;
        }

        ScriptedTransport then(Response response) {
            script.add(response);
            return this;
        }

        ScriptedTransport thenFail(Throwable error) {
            script.add(error);
            return this;
        }

        @Override
        public CompletableFuture<Response> post(URI uri, Map<String, String> h, byte[] body, Duration timeout) {
            headers.add(h);
            bodies.add(body);
            Object next = script.removeFirst();
            return next instanceof Response r ? CompletableFuture.completedFuture(r) : CompletableFuture.failedFuture((Throwable) next);
        }
    }

    /** Runs each scheduled retry at once and records its delay. */
    private static final class ImmediateScheduler implements Delivery.Scheduler {
        final List<Duration> delays = new ArrayList<>();
        boolean closed;

        @Override
        public void schedule(Runnable task, Duration delay) {
            if (closed) {
                throw new RejectedExecutionException("closed");
            }
            delays.add(delay);
            task.run();
        }
    }

    private static final class Outcomes implements Delivery.Listener {
        final List<String> events = new ArrayList<>();

        @Override
        public void delivered(Delivery delivery, int attempts) {
            events.add("delivered after " + attempts);
        }

        @Override
        public void failed(Delivery delivery, String reason, String detail, int attempts) {
            events.add(reason + " after " + attempts + ": " + detail);
        }

        @Override
        public void abandoned(Delivery delivery) {
            events.add("abandoned");
        }
    }

    private final ScriptedTransport transport = new ScriptedTransport();
    private final ImmediateScheduler scheduler = new ImmediateScheduler();
    private final Outcomes outcomes = new Outcomes();
    private final AtomicBoolean closing = new AtomicBoolean();

    private Delivery delivery(int maxAttempts) {
        WebhookTarget target = new WebhookTarget("ops", URI.create("http://127.0.0.1:1/hooks"), Set.of(AlertKind.RETRAIN), "warn",
            WebhookTarget.Format.JSON, "s3cret", Map.of("X-Team", "ml"), Duration.ofSeconds(2),
            new RetryPolicy(maxAttempts, Duration.ofMillis(100), 2.0, Duration.ofMillis(350), 0.0));
        return new Delivery(SampleEvents.event(AlertKind.RETRAIN, SampleEvents.RETRAIN), target, transport, scheduler,
            () -> NOW, () -> 0.0, closing::get, outcomes);
    }

    @Test
    void shouldDeliverAtTheFirstAttemptWithSignatureEventIdAndTimestamp() {
        transport.then(204);
        Delivery d = delivery(5);
        d.start();
        assertThat(outcomes.events).containsExactly("delivered after 1");
        Map<String, String> h = transport.headers.get(0);
        assertThat(h).containsEntry("X-Drift-Monitor-Event", "retrain")
            .containsEntry("X-Drift-Monitor-Event-Id", "bb4f7616-1407-3de6-af60-3baefd61acd7")
            .containsEntry("X-Drift-Monitor-Timestamp", Long.toString(NOW / 1000))
            .containsEntry("X-Drift-Monitor-Attempt", "1")
            .containsEntry("X-Team", "ml")
            .containsEntry("Content-Type", "application/json");
        assertThat(WebhookSignature.verify("s3cret", transport.bodies.get(0), h.get(WebhookSignature.HEADER))).isTrue();
        assertThat(transport.bodies.get(0)).isEqualTo(SampleEvents.RETRAIN.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void shouldRetryFailuresWithGrowingCappedDelaysAndSendTheSameBody() {
        transport.then(503).thenFail(new TimeoutException()).thenFail(new IOException("Connection refused")).then(429).then(200);
        delivery(5).start();
        assertThat(outcomes.events).containsExactly("delivered after 5");
        assertThat(scheduler.delays).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(350),
            Duration.ofMillis(350));
        assertThat(transport.bodies).allSatisfy(b -> assertThat(b).isEqualTo(transport.bodies.get(0)));
        assertThat(transport.headers).extracting(h -> h.get("X-Drift-Monitor-Attempt")).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void shouldHonourRetryAfterUpToTheCap() {
        transport.then(new WebhookTransport.Response(429, "1", "")).then(200);
        delivery(3).start();
        assertThat(scheduler.delays).containsExactly(Duration.ofMillis(350));
    }

    @Test
    void shouldFailAfterTheLastAttemptWithTheLastCause() {
        transport.then(500).then(502).then(503);
        delivery(3).start();
        assertThat(outcomes.events).containsExactly("attempts_exhausted after 3: HTTP 503: busy (after 3 attempts)");
        assertThat(scheduler.delays).hasSize(2);
    }

    @Test
    void shouldNotRetryAClientError() {
        transport.then(404);
        delivery(5).start();
        assertThat(outcomes.events).containsExactly("rejected after 1: HTTP 404: busy (attempt 1)");
        assertThat(scheduler.delays).isEmpty();
    }

    @Test
    void shouldSayATimeoutTimedOut() {
        transport.thenFail(new java.util.concurrent.CompletionException(new java.net.http.HttpTimeoutException("request timed out")));
        delivery(1).start();
        assertThat(outcomes.events).containsExactly("attempts_exhausted after 1: timed out (after 1 attempt)");
    }

    @Test
    void shouldAbandonRatherThanRetryWhileClosing() {
        transport.then(503);
        Delivery d = delivery(5);
        scheduler.closed = true;
        d.start();
        assertThat(outcomes.events).containsExactly("abandoned");

        closing.set(true);
        delivery(5).start();
        assertThat(outcomes.events).containsExactly("abandoned", "abandoned");
        assertThat(transport.headers).as("no request once closing").hasSize(1);
    }
}
