package io.driftmonitor.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import io.driftmonitor.config.Durations;
import io.driftmonitor.demo.TrafficGenerator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:error (the message says what failed: input, configuration, Kafka, ...)", "2:usage error"},
    
    description = {"Produce a scripted drift scenario to any Kafka cluster: the demo's two models (a fraud",
        "classifier with labels and a price regressor) publish JSON predictions with event time = now;",
        "after --drift-after their data drifts (three fraud features shift, a new merchant category",
        "appears, the price model's scores rise in country DE)."})
final class SimulateCommand implements Callable<Integer> {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--rate", defaultValue = "100", description = "Predictions per second and model (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--drift-after", defaultValue = "2m", description = "When the data starts to drift, from now (default: ${DEFAULT-VALUE})")
    String driftAfter;

    @Option(names = "--duration", defaultValue = "0", description = "How long to run; 0 runs until stopped (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--predictions-topic", paramLabel = "TOPIC",
        description = "Default: topics.predictions of the configuration (predictions)")
    String predictionsTopic;

    @Option(names = "--labels-topic", paramLabel = "TOPIC", description = "Default: topics.labels of the configuration (labels)")
    String labelsTopic;

    @Spec
    CommandSpec spec;

    @Option(names = "--partitions", defaultValue = "6",
        description = "Partitions of the two topics when they do not exist yet and are created (default: ${DEFAULT-VALUE})")
    int partitions;

    @Override
    public Integer call() throws Exception {
        if (rate < 1 || rate > 100_000) {
            throw new IllegalArgumentException("--rate must be between 1 and 100000");
        }
        String bootstrapServers = kafka.bootstrapServers();
        if (predictionsTopic == null) {
            predictionsTopic = kafka.config().topics.predictions;
        }
        if (labelsTopic == null) {
            labelsTopic = kafka.config().topics.labels;
        }
        Duration driftDelay = Durations.parse(driftAfter);
        Duration runFor = "0".equals(duration.trim()) ? Duration.ZERO : Durations.parse(duration);
        PrintStream out = new PrintStream(System.out, true);
        createMissingTopics(bootstrapServers);
        long driftAt = System.currentTimeMillis() + driftDelay.toMillis();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        TrafficGenerator traffic = new TrafficGenerator(kafka.clientProperties(), predictionsTopic, labelsTopic, rate, driftAt);
        Progress progress = runFor.isZero()
            ? Progress.start(spec.commandLine().getErr(), "simulate: sent", 0, "records")
            : Progress.start(spec.commandLine().getErr(), "simulate", runFor.toSeconds(), "s");
        try {
            traffic.start();
            out.printf("Simulating %s and %s on %s: %d predictions/s each to '%s' (labels to '%s'); drift from %s%s%n",
                TrafficGenerator.FRAUD_MODEL, TrafficGenerator.PRICE_MODEL, bootstrapServers, rate, predictionsTopic,
                labelsTopic, CLOCK.format(Instant.ofEpochMilli(driftAt)),
                runFor.isZero() ? " (Ctrl-C stops)" : ", for " + Durations.format(runFor));
            long started = System.nanoTime();
            long deadline = started + runFor.toNanos();
            while (runFor.isZero() || System.nanoTime() < deadline) {
                long wait = runFor.isZero() ? 1000 : Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (stop.await(wait, TimeUnit.MILLISECONDS)) {
                    break;
                }
                progress.update(runFor.isZero() ? traffic.sent() : (System.nanoTime() - started) / 1_000_000_000L);
            }
        } finally {
            traffic.close();
            progress.finish(runFor.isZero() ? traffic.sent() : runFor.toSeconds());
            out.printf("Sent %d records.%n", traffic.sent());
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down; the hook is running
            }
        }
        return 0;
    }

    private void createMissingTopics(String bootstrapServers) throws InterruptedException {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = Stream.of(predictionsTopic, labelsTopic).distinct()
                .filter(name -> !existing.contains(name))
                .map(name -> new NewTopic(name, Optional.of(partitions), Optional.empty()))
                .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topics on " + bootstrapServers + ": " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within 60 s", e);
        }
    }
}
