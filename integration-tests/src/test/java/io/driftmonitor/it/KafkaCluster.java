package io.driftmonitor.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.driftmonitor.broker.EmbeddedKafkaBroker;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Kafka cluster of an integration test: an external one from {@code KAFKA_BOOTSTRAP_SERVERS};
 * else, where a Docker engine is available, a single-node {@code apache/kafka} container
 * (Testcontainers; the image tag is the client's Kafka version unless {@code -Dkafka.image} names
 * another; {@code -Dkafka.docker=false} skips it); else an embedded single-node KRaft broker (the
 * project's machines and CI have no Docker engine).
 */
final class KafkaCluster implements AutoCloseable {
    private final AutoCloseable owned;
    private final String bootstrapServers;
    /** The embedded broker, when this cluster is one; replaced by {@link #restartBroker}. */
    private EmbeddedKafkaBroker embedded;

    private KafkaCluster(AutoCloseable owned, String bootstrapServers) {
        this.owned = owned;
        this.bootstrapServers = bootstrapServers;
    }

    private KafkaCluster(EmbeddedKafkaBroker embedded) {
        this.owned = null;
        this.embedded = embedded;
        this.bootstrapServers = embedded.bootstrapServers();
    }

    static KafkaCluster start() {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            return new KafkaCluster(null, external);
        }
        if (dockerAvailable()) {
            KafkaContainer container = new KafkaContainer(DockerImageName.parse(
                    System.getProperty("kafka.image", "apache/kafka:" + AppInfoParser.getVersion())))
                // One node: the internal topics of transactions (exactly_once_v2) and share groups
                // must fit it, and a test's consumer group should not wait for more members.
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
            container.start();
            return new KafkaCluster(container::stop, container.getBootstrapServers());
        }
        try {
            // Not deleted when the broker stops, so that a test can restart it on the same data.
            return new KafkaCluster(EmbeddedKafkaBroker.start(0, Files.createTempDirectory("drift-monitor-kafka-"), false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@link #stopBroker} and {@link #startBroker} can restart this cluster's broker (the embedded one). */
    boolean restartable() {
        return embedded != null;
    }

    /** Stops the embedded broker (a clean shutdown); its data stays for {@link #startBroker}. */
    synchronized void stopBroker() {
        embedded.close();
    }

    /** Starts the embedded broker again on the same port and data. */
    synchronized void startBroker() {
        embedded = EmbeddedKafkaBroker.start(embedded.port(), embedded.dataDir(), false);
    }

    /** Whether Testcontainers finds a Docker engine (it answers false in about a second where there is none). */
    static boolean dockerAvailable() {
        if ("false".equals(System.getProperty("kafka.docker"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public synchronized void close() {
        if (embedded != null) {
            embedded.close();
            try (Stream<Path> paths = Files.walk(embedded.dataDir())) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the broker's data in " + embedded.dataDir(), e);
            }
        }
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the Kafka cluster: " + e, e);
            }
        }
    }
}
