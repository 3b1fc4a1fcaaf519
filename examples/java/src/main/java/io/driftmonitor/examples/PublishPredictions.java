package io.driftmonitor.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftmonitor.schema.PredictionEvent;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes predictions to drift-monitor's {@code predictions} topic from Java, in either format the
 * monitor reads (it detects the format per record):
 * <ul>
 *   <li>JSON (no registry): the field names of the {@code PredictionEvent} schema, any JSON library;</li>
 *   <li>Avro in the Confluent wire format (with a schema registry): the generated
 *       {@code io.driftmonitor.schema.PredictionEvent} (from {@code schemas/PredictionEvent.avsc}) and a
 *       serializer that registers the schema under {@code <topic>-value}. With Confluent's libraries,
 *       {@code value.serializer=io.confluent.kafka.serializers.KafkaAvroSerializer} plus
 *       {@code schema.registry.url} does the same as {@link RegistryAvroSerializer} here.</li>
 * </ul>
 * <pre>
 * java io.driftmonitor.examples.PublishPredictions --bootstrap-servers localhost:9092 --count 1000
 * java io.driftmonitor.examples.PublishPredictions --bootstrap-servers localhost:9092 \
 *     --registry http://localhost:8081 [--registry-user user:password] [--property security.protocol=SASL_SSL ...]
 * </pre>
 */
public final class PublishPredictions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PublishPredictions() {
    }

    public static void main(String[] args) {
        Map<String, String> opts = new HashMap<>();
        Properties kafka = new Properties();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--property")) {
                String[] kv = args[i + 1].split("=", 2);
                kafka.put(kv[0], kv[1]);
            } else {
                opts.put(args[i], args[i + 1]);
            }
        }
        if (!opts.containsKey("--bootstrap-servers")) {
            System.err.println("usage: PublishPredictions --bootstrap-servers HOST:PORT [--topic predictions] [--model my-model]"
                + " [--count 100] [--registry URL [--registry-user USER:PASSWORD]] [--property KEY=VALUE ...]");
            System.exit(2);
        }
        kafka.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, opts.get("--bootstrap-servers"));
        String topic = opts.getOrDefault("--topic", "predictions");
        List<PredictionEvent> events = samplePredictions(opts.getOrDefault("--model", "my-model"),
            Integer.parseInt(opts.getOrDefault("--count", "100")), System.currentTimeMillis());
        String registry = opts.get("--registry");
        if (registry == null) {
            publishJson(kafka, topic, events);
        } else {
            publishAvro(kafka, topic, events, registry, opts.get("--registry-user"));
        }
        System.out.printf("published %d predictions to %s as %s%n", events.size(), topic, registry == null ? "JSON" : "Avro");
    }

    /** Synthetic predictions of a binary classifier with one numeric and one categorical feature. */
    public static List<PredictionEvent> samplePredictions(String model, int count, long now) {
        Random random = new Random(1);
        List<PredictionEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double amount = Math.exp(4 + random.nextGaussian());
            double score = 1 / (1 + Math.exp(-(random.nextGaussian() - 1)));
            Map<String, Object> features = new LinkedHashMap<>();
            features.put("amount", amount);
            features.put("channel", random.nextBoolean() ? "web" : "app");
            features.put("is_new_customer", random.nextInt(10) == 0);
            events.add(PredictionEvent.newBuilder()
                .setPredictionId(model + "-" + now + "-" + i)
                .setModelId(model)
                .setModelVersion("1.0.0")
                .setTimestamp(now + i)
                .setFeatures(features)
                .setScore(score)
                .setPredictedLabel(score >= 0.5 ? "positive" : "negative")
                .setTags(Map.of("country", random.nextBoolean() ? "DE" : "FR"))
                .build());
        }
        return events;
    }

    /** JSON values, keyed by prediction id: what any client can produce without a registry. */
    public static void publishJson(Properties kafka, String topic, List<PredictionEvent> events) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka, new StringSerializer(), new ByteArraySerializer())) {
            for (PredictionEvent e : events) {
                producer.send(new ProducerRecord<>(topic, e.getPredictionId(), toJson(e)));
            }
            producer.flush();
        }
    }

    /** Avro values in the Confluent wire format, the schema registered in the registry. */
    public static void publishAvro(Properties kafka, String topic, List<PredictionEvent> events, String registryUrl,
                                   String registryUserInfo) {
        try (KafkaProducer<String, PredictionEvent> producer = new KafkaProducer<>(kafka, new StringSerializer(),
            new RegistryAvroSerializer(registryUrl, registryUserInfo))) {
            for (PredictionEvent e : events) {
                producer.send(new ProducerRecord<>(topic, e.getPredictionId(), e));
            }
            producer.flush();
        }
    }

    static byte[] toJson(PredictionEvent e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("prediction_id", e.getPredictionId());
        json.put("model_id", e.getModelId());
        json.put("model_version", e.getModelVersion());
        json.put("timestamp", e.getTimestamp());
        json.put("features", e.getFeatures());
        json.put("score", e.getScore());
        json.put("predicted_label", e.getPredictedLabel());
        json.put("tags", e.getTags());
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Confluent wire format: magic byte 0, the 4-byte schema id, then Avro binary. The schema is
     * registered once under {@code <topic>-value} (POST /subjects/{subject}/versions answers its id);
     * {@code user:password} is sent as HTTP basic authentication.
     */
    public static final class RegistryAvroSerializer implements Serializer<PredictionEvent> {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private final String baseUrl;
        private final String authorization;
        private final SpecificDatumWriter<PredictionEvent> writer = new SpecificDatumWriter<>(PredictionEvent.class);
        private final Map<String, Integer> idBySubject = new HashMap<>();

        public RegistryAvroSerializer(String baseUrl, String userInfo) {
            this.baseUrl = baseUrl.replaceAll("/+$", "");
            this.authorization = userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] serialize(String topic, PredictionEvent event) {
            if (event == null) {
                return null;
            }
            int id = idBySubject.computeIfAbsent(topic + "-value", this::register);
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(0);
                out.write(ByteBuffer.allocate(4).putInt(id).array());
                BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
                writer.write(event, encoder);
                encoder.flush();
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private int register(String subject) {
            try {
                String body = JSON.writeValueAsString(Map.of("schema", PredictionEvent.getClassSchema().toString()));
                HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(baseUrl + "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("registry " + baseUrl + " answered " + response.statusCode() + ": "
                        + response.body());
                }
                JsonNode answer = JSON.readTree(response.body());
                return answer.get("id").asInt();
            } catch (IOException e) {
                throw new UncheckedIOException("registry " + baseUrl + " unreachable: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while registering the schema", e);
            }
        }
    }
}
