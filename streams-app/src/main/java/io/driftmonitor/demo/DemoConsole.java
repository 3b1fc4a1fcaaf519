package io.driftmonitor.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints what the monitor emits as people read it: one line per closed window and model with the
 * signals in drift, each retrain event with its reasons, and new baselines. Reads the output topics
 * like any other consumer would.
 */
public final class DemoConsole implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final KafkaConsumer<String, byte[]> consumer;
    private final PrintStream out;
    private final String driftTopic;
    private final String retrainTopic;
    private final String baselineTopic;
    private final String promotionTopic;
    private final String windowReportTopic;
    private final Set<String> printedExperiments = new java.util.HashSet<>();
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong retrainEvents = new AtomicLong();
    private final AtomicLong driftEvents = new AtomicLong();
    private final Map<String, List<JsonNode>> pendingWindows = new LinkedHashMap<>();

    public DemoConsole(String bootstrapServers, String driftTopic, String retrainTopic, String baselineTopic,
                       String promotionTopic, String windowReportTopic, PrintStream out) {
        this.consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG, "drift-monitor-demo-console-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
        this.out = out;
        this.driftTopic = driftTopic;
        this.retrainTopic = retrainTopic;
        this.baselineTopic = baselineTopic;
        this.promotionTopic = promotionTopic;
        this.windowReportTopic = windowReportTopic;
        this.thread = new Thread(this::loop, "demo-console");
        this.thread.setDaemon(true);
    }

    public void start() {
        consumer.subscribe(Set.of(driftTopic, retrainTopic, baselineTopic, promotionTopic, windowReportTopic));
        thread.start();
    }

    public long retrainEvents() {
        return retrainEvents.get();
    }

    public long driftEvents() {
        return driftEvents.get();
    }

    private void loop() {
        try {
            while (running.get()) {
                Set<String> touched = new java.util.HashSet<>();
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode event = parse(r.value());
                    if (event == null) {
                        continue;
                    }
                    if (r.topic().equals(windowReportTopic)) {
                        printWindow(event);
                    } else if (r.topic().equals(driftTopic)) {
                        driftEvents.incrementAndGet();
                        if (!event.path("signal").asText().startsWith("performance:")) {
                            continue; // the window's report says it in one line
                        }
                        String key = event.path("model_id").asText() + "@" + event.path("window_start").asLong();
                        pendingWindows.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
                        touched.add(key);
                    } else if (r.topic().equals(retrainTopic)) {
                        retrainEvents.incrementAndGet();
                        printRetrain(event);
                    } else if (r.topic().equals(promotionTopic)) {
                        printPromotion(event);
                    } else {
                        printBaseline(event);
                    }
                }
                // A window's events are written in one transaction: a window that got nothing new is complete.
                pendingWindows.entrySet().removeIf(e -> {
                    if (touched.contains(e.getKey())) {
                        return false;
                    }
                    printPerformance(e.getValue());
                    return true;
                });
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private static JsonNode parse(byte[] value) {
        try {
            return value == null ? null : JsonRecordCodec.mapper().readTree(value);
        } catch (IOException e) {
            return null;
        }
    }

    /** One line per model and window, from its window report: status, the signals that drove it, counts. */
    private void printWindow(JsonNode report) {
        List<String> drivers = new ArrayList<>();
        for (JsonNode d : report.path("drivers")) {
            if (drivers.size() == 6) {
                drivers.add("...");
                break;
            }
            String segment = d.path("segment").isNull() ? "" : "[" + d.path("segment").asText() + "]";
            drivers.add(String.format(Locale.ROOT, "%s%s %s=%.2f", d.path("signal").asText(), segment,
                d.path("metric").asText(), d.path("value").asDouble()));
        }
        String status = report.path("status").asText();
        String label = switch (status) {
            case "drift" -> "DRIFT";
            case "warn" -> "WARN ";
            case "ok" -> "ok   ";
            case "baseline" -> "BASE ";
            default -> "n/a  ";
        };
        String share = report.path("dataset_drift_share").isNumber()
            ? String.format(Locale.ROOT, ", features drifting %.0f%%", 100 * report.path("dataset_drift_share").asDouble()) : "";
        out.printf(Locale.ROOT, "%s-%s  %-17s n=%-6d %s %s  (signals %d: warn %d, drift %d%s)%n",
            TIME.format(Instant.ofEpochMilli(report.path("window_start").asLong())),
            TIME.format(Instant.ofEpochMilli(report.path("window_end").asLong())),
            report.path("model_id").asText(), report.path("window_count").asLong(), label,
            drivers.isEmpty() ? "" : "[" + String.join(", ", drivers) + "]",
            report.path("signals_evaluated").asInt(), report.path("signals_warn").asInt(), report.path("signals_drift").asInt(),
            share);
    }

    /** Labels arrived for a closed window: its measured performance, revised as more labels come. */
    private void printPerformance(List<JsonNode> events) {
        JsonNode first = events.get(0);
        List<String> values = new ArrayList<>();
        long labels = 0;
        int revision = 0;
        int latest = events.stream().mapToInt(e -> e.path("revision").asInt()).max().orElse(0);
        for (JsonNode e : events) {
            if (e.path("segment").isNull() && e.path("revision").asInt() == latest) {
                values.add(String.format(Locale.ROOT, "%s=%.3f", e.path("metric").asText().substring("performance:".length()),
                    e.path("value").asDouble()));
                labels = e.path("window_count").asLong();
                revision = e.path("revision").asInt();
            }
        }
        if (values.isEmpty()) {
            return;
        }
        out.printf(Locale.ROOT, "%s-%s  %-17s labels=%-5d performance (revision %d): %s%n",
            TIME.format(Instant.ofEpochMilli(first.path("window_start").asLong())),
            TIME.format(Instant.ofEpochMilli(first.path("window_end").asLong())),
            first.path("model_id").asText(), labels, revision, String.join(", ", values));
    }

    private void printRetrain(JsonNode e) {
        List<String> reasons = new ArrayList<>();
        for (JsonNode r : e.path("reasons")) {
            reasons.add(String.format(Locale.ROOT, "%s %s %.2f >= %.2f in %d windows", r.path("signal").asText(),
                r.path("metric").asText(), r.path("value").asDouble(), r.path("threshold").asDouble(), r.path("windows").size()));
        }
        List<String> ranges = new ArrayList<>();
        for (JsonNode p : e.path("training_data").path("partitions")) {
            ranges.add(p.path("partition").asInt() + ":" + p.path("from_offset").asLong() + "-" + p.path("to_offset").asLong());
        }
        out.printf(Locale.ROOT, ">>> RETRAIN %s (trigger %s, event %s)%n    reasons: %s%n    training data: %s %s, %s-%s%n",
            e.path("model_id").asText(), e.path("trigger").asText(), e.path("event_id").asText(),
            String.join("; ", reasons), e.path("training_data").path("topic").asText(), ranges,
            TIME.format(Instant.ofEpochMilli(e.path("training_data").path("from_time").asLong())),
            TIME.format(Instant.ofEpochMilli(e.path("training_data").path("to_time").asLong())));
    }

    /**
     * An experiment's decision, once: the monitor emits it once per experiment, and a repeat (a
     * replay) of an experiment already printed is skipped.
     */
    private void printPromotion(JsonNode e) {
        String experiment = e.path("experiment_id").asText(e.path("event_id").asText());
        if (!printedExperiments.add(experiment)) {
            return;
        }
        long end = e.path("window_end").asLong();
        JsonNode disagreement = e.path("disagreement_rate");
        out.printf(Locale.ROOT, ">>> PROMOTION %s: %s %s (experiment %s, decided after %d look%s, windows to %s): "
                + "%s %.3f vs champion %s %.3f, always-valid p = %.2g, n = %d%s%n",
            e.path("model_id").asText(), e.path("decision").asText().toUpperCase(Locale.ROOT),
            e.path("challenger_version").asText(), experiment.substring(0, Math.min(8, experiment.length())),
            e.path("looks").asInt(), e.path("looks").asInt() == 1 ? "" : "s", TIME.format(Instant.ofEpochMilli(end)), e.path("metric").asText(),
            e.path("challenger_value").asDouble(), e.path("champion_version").asText(), e.path("champion_value").asDouble(),
            e.path("p_value").asDouble(), e.path("n").asLong(),
            disagreement.isNumber() ? String.format(Locale.ROOT, ", disagreement >= %.3f", disagreement.asDouble()) : "");
    }

    private void printBaseline(JsonNode e) {
        out.printf(Locale.ROOT, "baseline %s v%d from %s (%d signals)%n", e.path("model_id").asText(),
            e.path("version").asLong(), e.path("source").asText(), e.path("signals").size());
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
