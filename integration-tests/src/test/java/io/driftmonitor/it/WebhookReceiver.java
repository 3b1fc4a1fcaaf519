package io.driftmonitor.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on 127.0.0.1 and a free port, with one behaviour per path: {@code /ok}
 * answers 204, {@code /flaky} 503 for the first {@value #FLAKY_FAILURES} requests of each event id and
 * then 200, {@code /down} always 500, {@code /gone} 404, {@code /hang} never answers until
 * {@link #releaseHanging()}. It records every request.
 */
final class WebhookReceiver implements AutoCloseable {
    static final int FLAKY_FAILURES = 2;

    /** One request as received: its path, headers (names in lower case) and exact body bytes. */
    record Request(String path, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> flakyCounts = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger hanging = new AtomicInteger();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
        String path = exchange.getRequestURI().getPath();
        requests.add(new Request(path, headers, body));
        int status = switch (path) {
            case "/flaky" -> flakyCounts.computeIfAbsent(headers.getOrDefault("x-drift-monitor-event-id", ""), k -> new AtomicInteger())
                .incrementAndGet() <= FLAKY_FAILURES ? 503 : 200;
            case "/down" -> 500;
            case "/gone" -> 404;
            case "/hang" -> {
                hanging.incrementAndGet();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    hanging.decrementAndGet();
                }
                yield 200;
            }
            default -> 204;
        };
        byte[] answer = status >= 400 ? ("status " + status).getBytes() : new byte[0];
        exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            exchange.getResponseBody().write(answer);
        }
        exchange.close();
    }

    /** The requests received on a path, in order. */
    List<Request> requests(String path) {
        List<Request> out = new ArrayList<>();
        for (Request r : requests) {
            if (r.path().equals(path)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Requests on {@code /hang} being held, unanswered, now. */
    int hanging() {
        return hanging.get();
    }

    void releaseHanging() {
        release.countDown();
    }

    @Override
    public void close() {
        releaseHanging();
        server.stop(0);
        executor.shutdownNow();
    }
}
