package io.driftmonitor.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.driftmonitor.app.MonitorApp;
import io.driftmonitor.config.Durations;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.demo.DemoConsole;
import io.driftmonitor.demo.DemoWebhookReceiver;
import io.driftmonitor.demo.TrafficGenerator;
import io.driftmonitor.serde.JsonRecordCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:error (the message says what failed: input, configuration, Kafka, ...)", "2:usage error"},
    
    description = {"Run everything in one process: embedded Kafka, the monitor and drifting synthetic traffic.",
        "Two models (a fraud classifier and a price regressor) drift after two windows; each closed window",
        "and every retrain event is printed as it happens. Retrain and promotion events are also delivered,",
        "signed, to a local webhook receiver, which checks the signature."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--kafka-port", defaultValue = "9092", description = "Port of the embedded broker, 0 for a free one (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port, 0 for a free one (default: ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--window", defaultValue = "10s", description = "Window size (default: ${DEFAULT-VALUE})")
    String window;

    @Option(names = "--duration", defaultValue = "2m", description = "How long to run; 0 runs until Ctrl-C (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--no-traffic", description = "Do not generate traffic; leave the predictions topic to outside producers")
    boolean noTraffic;

    @Option(names = "--rate", defaultValue = "100", description = "Predictions per second and model (default: ${DEFAULT-VALUE})")
    int rate;

    @Override
    public Integer call() throws Exception {
        Duration windowSize = Durations.parse(window);
        Duration runFor = "0".equals(duration.trim()) ? Duration.ZERO : Durations.parse(duration);
        if (windowSize.toMillis() < 1000) {
            throw new IllegalArgumentException("--window must be at least 1s");
        }
        if (rate < 1 || rate > 100_000) {
            throw new IllegalArgumentException("--rate must be between 1 and 100000");
        }
        LocalBroker.requireAvailable();
        PrintStream out = System.out;
        Path work = Files.createTempDirectory("drift-monitor-demo-");
        DemoWebhookReceiver receiver = DemoWebhookReceiver.start(out);
        out.println("Starting the embedded Kafka broker ...");
        LocalBroker broker;
        try {
            broker = LocalBroker.start(kafkaPort, work.resolve("kafka"), true);
        } catch (RuntimeException e) {
            receiver.close();
            throw e;
        }
        MonitorConfig config = demoConfig(broker.bootstrapServers(), windowSize, work.resolve("state"), receiver);
        MonitorApp app = null;
        DemoConsole console = null;
        TrafficGenerator traffic = null;
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            app = new MonitorApp(config).start();
            console = new DemoConsole(broker.bootstrapServers(), config.topics.driftEvents, config.topics.retrainEvents,
                config.topics.baselines, config.topics.promotionEvents, config.topics.windowReports, out);
            console.start();
            out.printf("Kafka:     %s  (topics: %s, %s, %s, %s)%n", broker.bootstrapServers(), config.topics.predictions,
                config.topics.driftEvents, config.topics.retrainEvents, config.topics.dlq);
            out.printf("HTTP:      http://localhost:%d/api/v1/models%n", app.httpPort());
            out.printf("Webhook:   %s receives retrain and promotion events, signed (HMAC-SHA256)%n", receiver.url());
            out.printf("Windows:   %s tumbling; the first complete window of each model becomes its baseline%n",
                Durations.format(windowSize));
            if (noTraffic) {
                out.println("Traffic:   none (--no-traffic); produce JSON predictions to '" + config.topics.predictions + "'");
            } else {
                long driftAt = System.currentTimeMillis() + 2 * windowSize.toMillis();
                traffic = new TrafficGenerator(broker.bootstrapServers(), config.topics.predictions, config.topics.labels,
                    rate, driftAt).withShadow();
                traffic.start();
                out.printf("Traffic:   %d predictions/s for each of %s and %s; drift starts after %s%n", rate,
                    TrafficGenerator.FRAUD_MODEL, TrafficGenerator.PRICE_MODEL, Durations.format(windowSize.multipliedBy(2)));
                out.printf("Shadow:    %s %s scores the same requests; promotion policy: shadow, by accuracy%n",
                    TrafficGenerator.FRAUD_MODEL, TrafficGenerator.SHADOW_VERSION);
            }
            out.println();
            if (runFor.isZero()) {
                stop.await();
            } else {
                stop.await(runFor.toMillis(), TimeUnit.MILLISECONDS);
            }
            out.printf("%nDemo finished: %d drift events, %d retrain events, %d webhook deliveries.%n", console.driftEvents(),
                console.retrainEvents(), receiver.delivered());
        } finally {
            if (traffic != null) {
                traffic.close();
            }
            if (console != null) {
                console.close();
            }
            if (app != null) {
                app.close();
            }
            receiver.close();
            broker.close();
            deleteQuietly(work);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
        return 0;
    }

    private MonitorConfig demoConfig(String bootstrap, Duration windowSize, Path stateDir, DemoWebhookReceiver receiver) {
        // Retrain and promotion events go to the local receiver, as to a retraining pipeline's endpoint.
        MonitorConfig.Webhook webhook = MonitorConfig.Webhook.builder()
            .name("demo-receiver")
            .url(receiver.url())
            .events(java.util.List.of("retrain", "promotion"))
            .secret(receiver.secret())
            .timeout(Duration.ofSeconds(5))
            .build();
        return MonitorConfig.builder()
            .kafka(k -> k.bootstrapServers(bootstrap).applicationId("drift-monitor-demo"))
            .http(h -> h.port(httpPort))
            .stateDir(stateDir.toString())
            .topics(t -> t.partitions(3))
            .aggregation(a -> a.flushInterval(Duration.ofMillis(500)).idleClose(windowSize))
            .defaults(d -> d.window(windowSize).grace(Duration.ofSeconds(2)).cooldown(windowSize.multipliedBy(6)).retrainCost(200))
            // The fraud model's shadow candidate is judged against the champion as one experiment, decided once.
            .model(TrafficGenerator.FRAUD_MODEL, JsonRecordCodec.mapper().createObjectNode()
                .set("promotion", JsonRecordCodec.mapper().createObjectNode().put("strategy", "shadow")))
            .alerts(a -> a.webhooks(java.util.List.of(webhook)).startFrom("earliest"))
            .build()
            .validate("demo");
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory; the OS cleans it eventually
        }
    }
}
