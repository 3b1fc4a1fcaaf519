package io.driftmonitor.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.driftmonitor.alerts.WebhookSignature;
import io.driftmonitor.serde.JsonRecordCodec;

/**
 * The demo's webhook receiver: a local HTTP endpoint ({@code http://127.0.0.1:<free port>/hooks})
 * that the demo's monitor delivers retrain and promotion events to, as a retraining pipeline's
 * endpoint would receive them. It checks each request's signature against the secret it shares with
 * the monitor and prints one line per delivery; a request with a bad signature is refused (401).
 */
public final class DemoWebhookReceiver implements AutoCloseable {
    public static final String PATH = "/hooks";

    private final HttpServer server;
    private final ExecutorService executor;
    private final String secret;
    private final PrintStream out;
    private final AtomicLong delivered = new AtomicLong();

    private DemoWebhookReceiver(HttpServer server, ExecutorService executor, String secret, PrintStream out) {
        this.server = server;
        this.executor = executor;
        this.secret = secret;
        this.out = out;
    }

    /** Starts a receiver on a free port with a random secret. */
    public static DemoWebhookReceiver start(PrintStream out) throws IOException {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "demo-webhook-receiver");
            t.setDaemon(true);
            return t;
        });
        DemoWebhookReceiver receiver = new DemoWebhookReceiver(server, executor, HexFormat.of().formatHex(key), out);
        server.setExecutor(executor);
        server.createContext(PATH, receiver::handle);
        server.start();
        return receiver;
    }

    /** The URL the monitor's webhook points to. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** The secret the monitor signs with. */
    public String secret() {
        return secret;
    }

    /** Deliveries received with a valid signature. */
    public long delivered() {
        return delivered.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String event = exchange.getRequestHeaders().getFirst("X-Drift-Monitor-Event");
            boolean valid = WebhookSignature.verify(secret, body, exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER));
            String model;
            try {
                JsonNode json = JsonRecordCodec.mapper().readTree(body);
                model = json.path("model_id").asText("?");
            } catch (IOException e) {
                model = "?";
            }
            if (valid) {
                delivered.incrementAndGet();
            }
            if (valid) {
                out.printf(">>> WEBHOOK %s %s delivered to %s (signature ok)%n", event, model, url());
            } else {
                out.printf(">>> WEBHOOK %s %s refused at %s (signature INVALID)%n", event, model, url());
            }
            exchange.sendResponseHeaders(valid ? 204 : 401, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
