package io.driftmonitor.it;

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

    private KafkaCluster(AutoCloseable owned, String bootstrapServers) {
        this.owned = owned;
        this.bootstrapServers = bootstrapServers;
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
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary();
        return new KafkaCluster(broker, broker.bootstrapServers());
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
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the Kafka cluster: " + e, e);
            }
        }
    }
}
