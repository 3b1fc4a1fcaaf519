package io.driftmonitor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.app.MonitorApp;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks against a real broker and a real HTTP receiver: what reaches the output topics is
 * delivered, signed; a receiver that fails at first gets it after retries; one that never accepts it
 * leaves a dead letter with the reason; and a receiver that hangs does not hold up window closing.
 */
class WebhookDeliveryTest {
    private static final long W = 1000;
    private static final String SECRET = "it-s3cret";
    private static final String PREDICTIONS = "webhook-predictions";

    @TempDir
    static Path stateDir;

    private static KafkaCluster kafka;
    private static WebhookReceiver receiver;
    private static MonitorApp app;
    private static MonitorConfig config;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaCluster.start();
        receiver = new WebhookReceiver();
        MonitorConfig configured = MonitorConfig.builder()
            .topics(t -> t.windowReports("webhook-window-reports")
                .retrainEvents("webhook-retrain-events")
                .promotionEvents("webhook-promotion-events"))
            .alerts(a -> a.startFrom("earliest").webhooks(List.of(
                webhook("ok", "/ok", List.of("window_reports", "retrain", "promotion"), "warn", 5, Duration.ofSeconds(5))
                    .toBuilder().headers(Map.of("X-Team", "ml-platform")).build(),
                webhook("flaky", "/flaky", List.of("retrain"), "warn", 5, Duration.ofSeconds(5)),
                webhook("down", "/down", List.of("promotion"), "warn", 3, Duration.ofSeconds(5)),
                webhook("gone", "/gone", List.of("promotion"), "warn", 5, Duration.ofSeconds(5)),
                webhook("hang", "/hang", List.of("window_reports"), "ok", 1, Duration.ofSeconds(20)))))
            .build();
        config = InProcessMonitor.complete(configured, kafka, "webhook-it-", stateDir, PREDICTIONS, W);
        app = new MonitorApp(config).start();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(), new ByteArraySerializer());
    }

    private static MonitorConfig.Webhook webhook(String name, String path, List<String> events, String minStatus, int attempts,
                                                 Duration timeout) {
        return MonitorConfig.Webhook.builder()
            .name(name)
            .url(receiver.url(path))
            .events(events)
            .minStatus(minStatus)
            .secret(SECRET)
            .maxAttempts(attempts)
            .timeout(timeout)
            .backoff(b -> b.initial(Duration.ofMillis(50)).max(Duration.ofMillis(200)))
            .build();
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.releaseHanging();
        }
        if (producer != null) {
            producer.close();
        }
        if (app != null) {
            app.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldDeliverEveryEventSignedAndWindowReportsFromTheMinimumStatusUp() throws Exception {
        String retrain = retrainEvent("signed-model", "retrain-" + UUID.randomUUID());
        String promotion = promotionEvent("signed-model", "promotion-" + UUID.randomUUID());
        String warn = windowReport("signed-model", "report-warn-" + UUID.randomUUID(), "warn");
        String ok = windowReport("signed-model", "report-ok-" + UUID.randomUUID(), "ok");
        send(config.topics.retrainEvents, "signed-model", retrain);
        send(config.topics.promotionEvents, "signed-model", promotion);
        send(config.topics.windowReports, "signed-model", ok);
        send(config.topics.windowReports, "signed-model", warn);

        await().atMost(Duration.ofSeconds(60)).until(() -> forModel("/ok", "signed-model").size() >= 3);
        List<WebhookReceiver.Request> got = forModel("/ok", "signed-model");
        assertThat(got).extracting(r -> r.header("X-Drift-Monitor-Event"))
            .containsExactlyInAnyOrder("retrain", "promotion", "window_reports");
        assertThat(got).allSatisfy(r -> {
            assertThat(r.header("X-Drift-Monitor-Signature")).isEqualTo("sha256=" + hmacSha256Hex(SECRET, r.body()));
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.header("X-Team")).isEqualTo("ml-platform");
            assertThat(Long.parseLong(r.header("X-Drift-Monitor-Timestamp")))
                .isBetween(System.currentTimeMillis() / 1000 - 120, System.currentTimeMillis() / 1000 + 1);
            assertThat(r.header("X-Drift-Monitor-Event-Id")).isEqualTo(JsonRecordCodec.mapper().readTree(r.body()).get("event_id").asText());
        });
        // The body is the event exactly as written to the topic.
        assertThat(got).filteredOn(r -> r.header("X-Drift-Monitor-Event").equals("retrain")).singleElement()
            .satisfies(r -> assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(retrain));
        assertThat(got).filteredOn(r -> r.header("X-Drift-Monitor-Event").equals("window_reports")).singleElement()
            .satisfies(r -> assertThat(JsonRecordCodec.mapper().readTree(r.body()).get("status").asText()).isEqualTo("warn"));
        // The ok report went to the webhook that takes every status.
        await().atMost(Duration.ofSeconds(30)).until(() -> forModel("/hang", "signed-model").size() >= 2);
        assertThat(metric("drift_monitor_alerts_delivered_total", "ok", "promotion", null)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldDeliverAfterRetriesToAReceiverThatFailsAtFirst() throws Exception {
        String id = "retrain-" + UUID.randomUUID();
        send(config.topics.retrainEvents, "flaky-model", retrainEvent("flaky-model", id));

        await().atMost(Duration.ofSeconds(60)).until(() -> forEvent("/flaky", id).size() >= WebhookReceiver.FLAKY_FAILURES + 1);
        List<WebhookReceiver.Request> attempts = forEvent("/flaky", id);
        assertThat(attempts).extracting(r -> r.header("X-Drift-Monitor-Attempt")).containsExactly("1", "2", "3");
        assertThat(attempts).allSatisfy(r -> {
            assertThat(r.body()).isEqualTo(attempts.get(0).body());
            assertThat(r.header("X-Drift-Monitor-Signature")).isEqualTo("sha256=" + hmacSha256Hex(SECRET, r.body()));
        });
        await().atMost(Duration.ofSeconds(10))
            .until(() -> metric("drift_monitor_alerts_delivered_total", "flaky", "retrain", null) >= 1);
        assertThat(metric("drift_monitor_alerts_retries_total", "flaky", "retrain", null)).isGreaterThanOrEqualTo(2);
        assertThat(deadLetters()).noneMatch(r -> header(r, "drift-monitor.event_id").equals(id));
    }

    @Test
    void shouldDeadLetterWhatAReceiverNeverAcceptsWithTheReason() throws Exception {
        String id = "promotion-" + UUID.randomUUID();
        String event = promotionEvent("dlq-model", id);
        send(config.topics.promotionEvents, "dlq-model", event);

        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = dlqConsumer()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (id.equals(header(r, "drift-monitor.event_id"))) {
                        letters.add(r);
                    }
                });
                return letters.size() >= 2;
            });
        }
        assertThat(letters).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo("dlq-model");
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(event);
            assertThat(header(r, "__streams.errors.topic")).isEqualTo(config.topics.promotionEvents);
            assertThat(header(r, "__streams.errors.offset")).matches("\\d+");
        });
        assertThat(letters).filteredOn(r -> header(r, "drift-monitor.webhook").equals("down")).singleElement().satisfies(r -> {
            assertThat(header(r, "drift-monitor.reason")).isEqualTo("attempts_exhausted");
            assertThat(header(r, "drift-monitor.attempts")).isEqualTo("3");
            assertThat(header(r, "drift-monitor.detail")).isEqualTo("HTTP 500: status 500 (after 3 attempts)");
        });
        assertThat(letters).filteredOn(r -> header(r, "drift-monitor.webhook").equals("gone")).singleElement().satisfies(r -> {
            assertThat(header(r, "drift-monitor.reason")).isEqualTo("rejected");
            assertThat(header(r, "drift-monitor.attempts")).isEqualTo("1");
        });
        assertThat(forEvent("/down", id)).hasSize(3);
        assertThat(forEvent("/gone", id)).as("a 404 is not retried").hasSize(1);
        assertThat(metric("drift_monitor_alerts_failed_total", "gone", "promotion", "rejected")).isGreaterThanOrEqualTo(1);
        assertThat(metric("drift_monitor_alerts_failed_total", "down", "promotion", "attempts_exhausted")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldCloseWindowsWhileAWebhookHangs() {
        String model = "hang-model";
        long t0 = (System.currentTimeMillis() / W - 100) * W;
        try (Traffic traffic = new Traffic(kafka.bootstrapServers(), PREDICTIONS, W);
             OutputTopics reports = new OutputTopics(kafka.bootstrapServers(), config.topics.windowReports)) {
            traffic.send(model, t0, 200, 0);
            traffic.send(model, t0 + W, 200, 0);
            // The first report is delivered to /hang, which holds the request unanswered.
            await().atMost(Duration.ofSeconds(60)).until(() -> !forModel("/hang", model).isEmpty());
            assertThat(receiver.hanging()).isPositive();
            for (int w = 2; w < 6; w++) {
                traffic.send(model, t0 + w * W, 200, 0);
            }
            List<JsonNode> closed = reports.awaitUntil(Duration.ofSeconds(60),
                events -> events.stream().filter(e -> e.get("model_id").asText().equals(model)).count() >= 5);
            assertThat(closed.stream().filter(e -> e.get("model_id").asText().equals(model)).map(e -> e.get("window_start").asLong()))
                .contains(t0, t0 + W, t0 + 2 * W, t0 + 3 * W, t0 + 4 * W);
            assertThat(receiver.hanging()).as("the receiver still holds its requests while the windows closed").isPositive();
        }
    }

    private static List<WebhookReceiver.Request> forModel(String path, String model) {
        return receiver.requests(path).stream().filter(r -> {
            try {
                return JsonRecordCodec.mapper().readTree(r.body()).path("model_id").asText().equals(model);
            } catch (java.io.IOException e) {
                return false;
            }
        }).toList();
    }

    private static List<WebhookReceiver.Request> forEvent(String path, String eventId) {
        return receiver.requests(path).stream().filter(r -> eventId.equals(r.header("X-Drift-Monitor-Event-Id"))).toList();
    }

    private static void send(String topic, String key, String json) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, json.getBytes(StandardCharsets.UTF_8))).get();
    }

    private static String retrainEvent(String model, String id) {
        long now = System.currentTimeMillis();
        return ("{\"event_id\":\"%s\",\"model_id\":\"%s\",\"model_version\":\"1\",\"triggered_at\":%d,\"window_end\":%d,"
            + "\"trigger\":\"drift\",\"reasons\":[{\"signal\":\"feature:x\",\"segment\":null,\"metric\":\"psi\",\"value\":0.9,"
            + "\"threshold\":0.25,\"windows\":[%d]}],\"training_data\":{\"topic\":\"predictions\",\"partitions\":[],"
            + "\"from_time\":%d,\"to_time\":%d,\"upsample_segments\":[]},\"baseline_version\":1,\"policy\":\"default-psi\","
            + "\"next_allowed_at\":%d,\"estimated_cost\":0.0}").formatted(id, model, now, now, now - W, now - W, now, now + 60_000);
    }

    private static String promotionEvent(String model, String id) {
        return ("{\"event_id\":\"%s\",\"model_id\":\"%s\",\"champion_version\":\"1\",\"challenger_version\":\"2\","
            + "\"strategy\":\"shadow\",\"metric\":\"accuracy\",\"champion_value\":0.8,\"challenger_value\":0.9,\"p_value\":0.001,"
            + "\"n\":500,\"decision\":\"promote\",\"decided_at\":%d,\"window_end\":%d,\"experiment_id\":\"%s\",\"looks\":1,"
            + "\"disagreement_rate\":0.1}").formatted(id, model, System.currentTimeMillis(), System.currentTimeMillis(), id);
    }

    private static String windowReport(String model, String id, String status) {
        long start = (System.currentTimeMillis() / W - 1) * W;
        return ("{\"event_id\":\"%s\",\"model_id\":\"%s\",\"model_version\":null,\"window_start\":%d,\"window_end\":%d,"
            + "\"status\":\"%s\",\"window_count\":500,\"baseline_version\":1,\"late_records\":0,\"signals_evaluated\":4,"
            + "\"signals_warn\":1,\"signals_drift\":0,\"features_evaluated\":2,\"features_drift\":0,\"dataset_drift_share\":0.0,"
            + "\"dataset_drift\":false,\"importance_weighted_drift\":null,\"drivers\":[],\"segments_drifting\":[],"
            + "\"data_quality\":[],\"performance_estimate\":{},\"multivariate\":[],\"embedding\":[]}")
            .formatted(id, model, start, start + W, status);
    }

    /** The HMAC-SHA256 of the body under the secret, computed here independently of the monitor's code. */
    private static String hmacSha256Hex(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static KafkaConsumer<String, byte[]> dlqConsumer() {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "it-dlq-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(config.topics.dlq));
        return consumer;
    }

    /** Every record on the dead-letter topic so far (read to its end offsets). */
    private static List<ConsumerRecord<String, byte[]>> deadLetters() {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(config.topics.dlq).stream()
                .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return out;
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A counter of the monitor's /metrics, by webhook, event and (for failures) reason; 0 when absent. */
    private static double metric(String name, String webhook, String event, String reason) {
        for (String line : app.metrics().scrape().split("\n")) {
            if (line.startsWith(name + "{") && line.contains("webhook=\"" + webhook + "\"") && line.contains("event=\"" + event + "\"")
                && (reason == null || line.contains("reason=\"" + reason + "\""))) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
