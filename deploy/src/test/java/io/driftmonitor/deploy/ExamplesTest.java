package io.driftmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.driftmonitor.broker.EmbeddedKafkaBroker;
import io.driftmonitor.examples.PublishPredictions;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.PredictionDecoder;
import io.driftmonitor.serde.SchemaRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples compile (Java here, Python with python3) and do what they say against a real broker. */
class ExamplesTest {
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.startTemporary();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void javaProducerPublishesJsonTheMonitorDecodes() throws Exception {
        createTopic("predictions-json");
        Properties kafka = new Properties();
        kafka.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<PredictionEvent> sent = PublishPredictions.samplePredictions("example-model", 20, 1_795_431_490_000L);
        PublishPredictions.publishJson(kafka, "predictions-json", sent);

        PredictionDecoder decoder = new PredictionDecoder(null);
        List<ConsumerRecord<String, byte[]>> records = consume("predictions-json", 20);
        assertThat(records).allSatisfy(r -> assertThat(r.value()[0]).isEqualTo((byte) '{'));
        assertThat(records.stream().map(r -> decoder.decode(r.value())).toList()).isEqualTo(sent);
    }

    @Test
    void javaProducerPublishesAvroInTheWireFormatWithTheRegistry() throws Exception {
        createTopic("predictions-avro");
        List<String> requests = new ArrayList<>();
        HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                + exchange.getRequestHeaders().getFirst("Authorization"));
            String answer;
            if (exchange.getRequestMethod().equals("POST")) {
                assertThat(Repo.JSON.readTree(body).get("schema").asText()).isEqualTo(PredictionEvent.getClassSchema().toString());
                answer = "{\"id\": 7}";
            } else {
                answer = Repo.JSON.writeValueAsString(Map.of("schema", PredictionEvent.getClassSchema().toString()));
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        registry.start();
        try {
            String url = "http://127.0.0.1:" + registry.getAddress().getPort();
            Properties kafka = new Properties();
            kafka.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            List<PredictionEvent> sent = PublishPredictions.samplePredictions("example-model", 10, 1_795_431_490_000L);
            PublishPredictions.publishAvro(kafka, "predictions-avro", sent, url, "user:secret");

            assertThat(requests).containsExactly("POST /subjects/predictions-avro-value/versions Basic dXNlcjpzZWNyZXQ=");
            List<ConsumerRecord<String, byte[]>> records = consume("predictions-avro", 10);
            assertThat(records).allSatisfy(r -> assertThat(java.util.Arrays.copyOf(r.value(), 5))
                .containsExactly(0, 0, 0, 0, 7));
            PredictionDecoder decoder = new PredictionDecoder(SchemaRegistry.forUrl(url));
            assertThat(records.stream().map(r -> decoder.decode(r.value())).toList()).isEqualTo(sent);
        } finally {
            registry.stop(0);
        }
    }

    @Test
    void pythonExamplesCompileAndTheConsumerPassesItsUnitTests(@TempDir Path tmp) throws Exception {
        assumeTrue(run(tmp, List.of(PYTHON, "--version")).exitCode == 0, "python3 is not installed");
        List<Path> sources = new ArrayList<>(Repo.files("examples", ".py"));
        assertThat(sources).extracting(p -> p.getFileName().toString())
            .contains("retrain_consumer.py", "test_retrain_consumer.py", "drift_retrain_dag.py");
        for (Path source : sources) {
            Result compiled = run(tmp, List.of(PYTHON, "-c",
                "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
                source.toString(), tmp.resolve(source.getFileName() + "c").toString()));
            assertThat(compiled.exitCode).as(source + ": " + compiled.output).isZero();
        }
        Result tests = run(tmp, List.of(PYTHON, "-B", "-m", "unittest", "discover", "-s", Repo.path("examples/python").toString(), "-v"));
        assertThat(tests.exitCode).as(tests.output).isZero();
        assertThat(tests.output).contains("OK", "test_avro_decodes_through_the_registry_once_per_schema_id");
    }

    @Test
    void theAirflowDagPassesItsTestsWithTheAirflowImportsStubbed(@TempDir Path tmp) throws Exception {
        assumeTrue(run(tmp, List.of(PYTHON, "--version")).exitCode == 0, "python3 is not installed");
        Result tests = run(tmp, List.of(PYTHON, "-B", "-m", "unittest", "discover", "-s", Repo.path("examples/airflow").toString(), "-v"));
        assertThat(tests.exitCode).as(tests.output).isZero();
        assertThat(tests.output).contains("OK", "test_a_record_it_cannot_read_fails_the_poke_without_a_commit_past_it");
    }

    @Test
    void thePythonDecoderReadsTheMonitorsAvroOutputAsItsJson(@TempDir Path tmp) throws Exception {
        assumeTrue(run(tmp, List.of(PYTHON, "--version")).exitCode == 0, "python3 is not installed");
        io.driftmonitor.schema.RetrainEvent event = io.driftmonitor.serde.JsonRecordCodec.fromJson(("""
            {"event_id": "bb4f7616-1407-3de6-af60-3baefd61acd7", "model_id": "fraud-classifier", "model_version": "2026.11.1",
             "triggered_at": 1795431520000, "window_end": 1795431520000, "trigger": "drift",
             "reasons": [{"signal": "feature:merchant_type", "segment": "country=DE", "metric": "psi", "value": 1.31,
                          "threshold": 0.25, "windows": [1795431500000, 1795431510000]}],
             "training_data": {"topic": "predictions", "partitions": [{"partition": 0, "from_offset": 786, "to_offset": 2128}],
                               "from_time": 1795431500000, "to_time": 1795431520000, "upsample_segments": ["country=DE"]},
             "baseline_version": 1, "policy": "default-psi", "next_allowed_at": 1795435120000, "estimated_cost": 200.0}
            """).getBytes(StandardCharsets.UTF_8), io.driftmonitor.schema.RetrainEvent.class);
        Path avro = Files.write(tmp.resolve("event.avro"), io.driftmonitor.serde.AvroWireFormat.encode(event, 42));
        Path json = Files.write(tmp.resolve("event.json"), io.driftmonitor.serde.JsonRecordCodec.toJsonBytes(event));
        HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/schemas/ids/42", exchange -> {
            byte[] bytes = Repo.JSON.writeValueAsBytes(Map.of("schema", event.getSchema().toString()));
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        registry.start();
        try {
            Result decoded = run(tmp, List.of(PYTHON, "-B", Repo.path("examples/python/drift_events.py").toString(),
                "--schema-registry", "http://127.0.0.1:" + registry.getAddress().getPort(), avro.toString(), json.toString()));
            assertThat(decoded.exitCode).as(decoded.output).isZero();
            List<String> lines = decoded.output.lines().toList();
            assertThat(lines).hasSize(2);
            JsonNode fromAvro = Repo.JSON.readTree(lines.get(0));
            JsonNode fromJson = Repo.JSON.readTree(lines.get(1));
            java.util.Comparator<JsonNode> numbersByValue = (a, b) -> a.isNumber() && b.isNumber()
                ? Double.compare(a.asDouble(), b.asDouble()) : a.equals(b) ? 0 : 1;
            assertThat(fromAvro.equals(numbersByValue, fromJson)).as(fromAvro + "\n" + fromJson).isTrue();
            assertThat(fromAvro.equals(numbersByValue, Repo.JSON.readTree(Files.readAllBytes(json)))).isTrue();
            assertThat(fromAvro.at("/reasons/0/windows/1").asLong()).isEqualTo(1795431510000L);
        } finally {
            registry.stop(0);
        }
    }

    @Test
    void pythonConsumerStartsOneJobPerRetrainEventAgainstABroker(@TempDir Path tmp) throws Exception {
        assumeTrue(run(tmp, List.of(PYTHON, "-c", "import confluent_kafka")).exitCode == 0,
            "python3 with confluent_kafka is not installed (Debian: python3-confluent-kafka)");
        createTopic("retrain-events-example");
        JsonNode event = Repo.JSON.readTree("""
            {"event_id": "e-1", "model_id": "fraud-classifier", "model_version": "1", "triggered_at": 1795431520000,
             "window_end": 1795431520000, "trigger": "drift", "reasons": [],
             "training_data": {"topic": "predictions", "partitions": [{"partition": 0, "from_offset": 5, "to_offset": 9}],
                               "from_time": 1795431500000, "to_time": 1795431520000, "upsample_segments": []},
             "baseline_version": 1, "policy": "drift", "next_allowed_at": 0, "estimated_cost": 0.0}""");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            // the same event twice (a redelivery), then a second one
            producer.send(new ProducerRecord<>("retrain-events-example", "fraud-classifier", event.toString()));
            producer.send(new ProducerRecord<>("retrain-events-example", "fraud-classifier", event.toString()));
            producer.send(new ProducerRecord<>("retrain-events-example", "fraud-classifier",
                event.toString().replace("\"e-1\"", "\"e-2\"")));
            producer.flush();
        }
        Path jobs = tmp.resolve("jobs.txt");
        Result result = run(tmp, List.of(PYTHON, "-B", Repo.path("examples/python/retrain_consumer.py").toString(),
            "--bootstrap-servers", broker.bootstrapServers(), "--topic", "retrain-events-example",
            "--state", tmp.resolve("state.sqlite").toString(), "--max-events", "3",
            "--command", "python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(s[\"event_id\"], s[\"data\"][\"partitions\"][0][\"from_offset\"])' {spec_file} >> " + jobs));
        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(Files.readAllLines(jobs)).containsExactly("e-1 5", "e-2 5");
        assertThat(result.output).contains("\"started\": 2", "\"duplicate\": 1");
    }

    @Test
    void pythonConsumerStopsAtARecordItCannotReadWithoutCommittingPastIt(@TempDir Path tmp) throws Exception {
        assumeTrue(run(tmp, List.of(PYTHON, "-c", "import confluent_kafka")).exitCode == 0,
            "python3 with confluent_kafka is not installed (Debian: python3-confluent-kafka)");
        createTopic("retrain-events-unreadable");
        String event = """
            {"event_id": "e-1", "model_id": "fraud-classifier", "trigger": "drift", "reasons": [],
             "training_data": {"topic": "predictions", "partitions": [], "from_time": 0, "to_time": 1, "upsample_segments": []}}""";
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers()), new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("retrain-events-unreadable", "m", event.getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>("retrain-events-unreadable", "m", new byte[] {0, 0, 0, 0, 9, 1, 2}));
            producer.send(new ProducerRecord<>("retrain-events-unreadable", "m",
                event.replace("e-1", "e-2").getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
        Path jobs = tmp.resolve("jobs.txt");
        List<String> consumer = List.of(PYTHON, "-B", Repo.path("examples/python/retrain_consumer.py").toString(),
            "--bootstrap-servers", broker.bootstrapServers(), "--topic", "retrain-events-unreadable",
            "--state", tmp.resolve("state.sqlite").toString(), "--idle-timeout", "5",
            "--command", "echo {event_id} >> " + jobs);
        Result stopped = run(tmp, consumer);
        assertThat(stopped.exitCode).as(stopped.output).isEqualTo(2);
        assertThat(stopped.output).contains("cannot read the record at retrain-events-unreadable partition 0 offset 1",
            "no schema registry configured");
        assertThat(Files.readAllLines(jobs)).containsExactly("e-1");

        List<String> skipping = new ArrayList<>(consumer);
        skipping.addAll(List.of("--on-unreadable", "skip"));
        Result skipped = run(tmp, skipping);
        assertThat(skipped.exitCode).as(skipped.output).isZero();
        assertThat(skipped.output).as("read again: nothing was committed past it")
            .contains("skipping the unreadable record at retrain-events-unreadable partition 0 offset 1", "\"unreadable\": 1");
        assertThat(Files.readAllLines(jobs)).containsExactly("e-1", "e-2");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "process-", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(p.exitValue(), Files.readString(log));
    }

    private static void createTopic(String name) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> consume(String topic, int expected) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "examples-test-" + topic, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= expected;
            });
        }
        assertThat(out).hasSize(expected);
        return out;
    }
}
