package io.driftmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftmonitor.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code roi --model}: the recorded drift history read from a real broker and replayed. */
class RoiBacktestCommandTest {
    private static final long HOUR = 3_600_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void produceTwoWeeksOfHistory() throws Exception {
        broker = EmbeddedKafkaBroker.startTemporary();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("drift-events", 3, (short) 1))).all().get();
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<Long> drifting = List.of(50L, 51L, 120L, 121L, 200L, 201L, 300L, 301L);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (long h = 0; h < 14 * 24; h++) {
                boolean drift = drifting.contains(h);
                for (String model : List.of("fraud", "price")) {
                    producer.send(new ProducerRecord<>("drift-events", model,
                        event(model, h, "feature:x", "psi", drift ? 0.6 : 0.02, 0.25, drift ? "drift" : "ok")));
                    producer.send(new ProducerRecord<>("drift-events", model,
                        event(model, h, "performance", "performance:accuracy", drifting.contains(h - 1) ? 0.8 : 0.85, 0.8, "ok")));
                }
            }
            producer.send(new ProducerRecord<>("drift-events", "fraud", new byte[] {0, 0, 0, 0, 1, 2}));
        }
    }

    private static byte[] event(String model, long hour, String signal, String metric, double value, double threshold, String status)
            throws Exception {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event_id", model + hour + signal);
        e.put("model_id", model);
        e.put("window_start", hour * HOUR);
        e.put("window_end", (hour + 1) * HOUR);
        e.put("signal", signal);
        e.put("segment", null);
        e.put("metric", metric);
        e.put("value", value);
        e.put("threshold", threshold);
        e.put("status", status);
        e.put("window_count", 1000);
        e.put("metrics", Map.of());
        return JSON.writeValueAsBytes(e);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private int roi(StringWriter out, StringWriter err, String... args) {
        var cli = DriftMonitorCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "roi";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    @Test
    void shouldReplayTheModelsHistoryThroughADailyScheduleAndItsPolicy() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = roi(out, err, "--model", "fraud", "--bootstrap-servers", broker.bootstrapServers(),
            "--retrain-cost", "200", "--windows-after", "1", "--format", "json");

        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("1 records of drift-events are not JSON drift events");
        JsonNode report = JSON.readTree(out.toString());
        assertThat(report.get("windows").asInt()).isEqualTo(336);
        JsonNode fixed = report.get("strategies").get(0);
        JsonNode policy = report.get("strategies").get(1);
        assertThat(fixed.get("name").asText()).isEqualTo("fixed every 1d");
        assertThat(fixed.get("weekly_cost").asDouble()).isEqualTo(1400.0);
        assertThat(policy.get("policy").asText()).isEqualTo("default-psi");
        assertThat(policy.get("retrains").asInt()).isEqualTo(4);
        assertThat(policy.get("weekly_cost").asDouble()).isEqualTo(400.0);
        assertThat(policy.get("mean_performance_after_retrains").asDouble()).isEqualTo(0.8);
        assertThat(report.get("weekly_savings").asDouble()).isEqualTo(1000.0);
    }

    @Test
    void shouldReplayACandidatePolicyFile() throws Exception {
        Path candidate = dir.resolve("candidate.yaml");
        Files.writeString(candidate, "retrain_cost: 100\nretrain:\n  max_retrains_per_week: 1\n", StandardCharsets.UTF_8);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = roi(out, err, "--model", "fraud", "--bootstrap-servers", broker.bootstrapServers(),
            "--policy", candidate.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("model fraud: 336 windows").contains("fixed every 1d").contains("policy default-psi")
            .contains("$700.00", "$100.00");
        assertThat(out.toString().lines().filter(l -> l.contains(" drift ")).count()).as(out.toString()).isEqualTo(2);
    }
}
