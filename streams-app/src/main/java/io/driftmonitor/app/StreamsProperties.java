package io.driftmonitor.app;

import java.util.Properties;

import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.topology.MonitorTopology;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams configuration of the monitor, derived from its {@link MonitorConfig}. */
public final class StreamsProperties {
    private StreamsProperties() {
    }

    public static Properties of(MonitorConfig config, String bootstrapServers) {
        Properties p = new Properties();
        p.putAll(config.kafka.properties);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka.applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.kafka.processingGuarantee);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.kafka.numStreamThreads);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.kafka.numStandbyReplicas);
        // Every store and topic of the topology is named; fail the build of a topology that is not.
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // The two tasks that read two topics (label join: labels and the prediction index; level 2:
        // partials and retrain requests) accept their records in any order, so they need not wait
        // for an empty partition; waiting also costs a formatted log message per task per loop.
        p.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // zstd rather than lz4: Kafka's lz4 stream allocates two 64 kB blocks for every batch (a quarter
        // of all the stream thread allocated, at a batch per partition and commit), zstd recycles its
        // buffers and writes a third fewer bytes of partials and index entries to the broker.
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "zstd");
        // Under exactly-once (transactions v2) a transaction's first batch to a partition is refused
        // with CONCURRENT_TRANSACTIONS while the previous commit's markers are still being written,
        // a matter of milliseconds; the batches behind it then fail with OUT_OF_ORDER_SEQUENCE_NUMBER.
        // All are retried after the backoff, which by default (100 ms, growing to 1 s) stalls every
        // partition's output for longer than a commit interval.
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5);
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG), 100);
        // Window partials of many signals and segments can exceed Kafka's 1 MB default.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MonitorTopology.MAX_STATE_RECORD_BYTES);
        if (config.stateDir != null) {
            p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir);
        }
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.http.advertisedAddress(config.http.port));
        return p;
    }
}
