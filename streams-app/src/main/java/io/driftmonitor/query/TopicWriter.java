package io.driftmonitor.query;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.driftmonitor.config.MonitorConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's writes to Kafka (baselines, retrain requests): one idempotent producer, created on the
 * first write; a write that is not acknowledged in {@code http.forward_timeout} is a 504, a refused
 * one a 503.
 */
final class TopicWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicWriter.class);

    private final MonitorConfig config;
    private KafkaProducer<String, byte[]> producer;

    TopicWriter(MonitorConfig config) {
        this.config = config;
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.putAll(config.kafka.properties);
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka.bootstrapServers);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, config.kafka.applicationId + "-http");
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) Math.max(1_048_576, Math.min(config.http.maxUploadBytes, 16L << 20)));
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    void send(String topic, String key, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get(config.http.forwardTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw ApiException.ownerTimeout("Kafka did not acknowledge the write to " + topic + " in time");
        } catch (ExecutionException e) {
            log.warn("Write to {} for key {} failed: {}", topic, key, e.getCause().toString());
            throw ApiException.unavailable("Kafka refused the write to " + topic + ": " + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while writing to " + topic);
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
