package io.driftmonitor.app;

import java.time.Duration;
import java.util.Properties;

import io.driftmonitor.alerts.AlertDispatcher;
import io.driftmonitor.config.ConfigException;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.query.JvmProcessMetrics;
import io.driftmonitor.query.QueryServer;
import io.driftmonitor.topology.MonitorTopology;
import io.driftmonitor.topology.TopologyNames;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the monitor's lifecycle: topics, the Kafka Streams client, the HTTP server, metrics and, with
 * {@code alerts.webhooks}, the alert consumer ({@link AlertDispatcher}). Start
 * it, then close it (also on a JVM shutdown signal, from the CLI).
 */
public final class MonitorApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MonitorApp.class);

    /** As configured, then with what is found at start (partition counts, the advertised address). */
    private MonitorConfig config;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private JvmProcessMetrics jvmMetrics;
    private QueryServer http;
    private AlertDispatcher alerts;

    public MonitorApp(MonitorConfig config) {
        if (config.kafka.bootstrapServers == null || config.kafka.bootstrapServers.isBlank()) {
            throw new ConfigException("kafka.bootstrap_servers: required (or --bootstrap-servers)");
        }
        this.config = config;
    }

    public MonitorApp start() {
        String bootstrap = config.kafka.bootstrapServers;
        if (config.topics.create) {
            TopicAdmin.createMissingTopics(config, bootstrap);
        }
        int inputPartitions = TopicAdmin.partitions(config, bootstrap, config.topics.predictions);
        TopicAdmin.checkCoPartitioned(config, bootstrap);
        int labelPartitions = TopicAdmin.partitions(config, bootstrap,
            TopologyNames.predictionIndexTopic(config.kafka.applicationId));
        config = config.toBuilder().inputPartitions(inputPartitions).labelPartitions(labelPartitions).build();
        jvmMetrics = new JvmProcessMetrics(metrics);
        http = QueryServer.start(config, metrics);
        String advertised = config.http.advertisedAddress(http.port());
        config = config.toBuilder().http(h -> h.advertisedAddress(advertised)).build();
        Properties props = StreamsProperties.of(config, bootstrap);
        streams = new KafkaStreams(MonitorTopology.build(config), props);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics);
        http.attach(streams);
        streams.start();
        if (!config.alerts.webhooks.isEmpty()) {
            // Beside the Streams client, on threads of its own: a slow webhook never slows the stream.
            try {
                alerts = AlertDispatcher.start(config, bootstrap, metrics);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }
        log.info("drift-monitor started: Kafka {}, HTTP on port {}, application id {}", bootstrap, http.port(),
            config.kafka.applicationId);
        return this;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public int httpPort() {
        return http.port();
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        if (alerts != null) {
            alerts.close();
        }
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (jvmMetrics != null) {
            jvmMetrics.close();
        }
        metrics.close();
    }
}
