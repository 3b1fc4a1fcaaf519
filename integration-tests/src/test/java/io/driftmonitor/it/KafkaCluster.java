package io.driftmonitor.it;

import io.driftmonitor.broker.EmbeddedKafkaBroker;

/**
 * The Kafka cluster of an integration test: an external one from {@code KAFKA_BOOTSTRAP_SERVERS},
 * else an embedded single-node KRaft broker (these machines have no Docker engine).
 */
final class KafkaCluster implements AutoCloseable {
    private final EmbeddedKafkaBroker embedded;
    private final String bootstrapServers;

    private KafkaCluster(EmbeddedKafkaBroker embedded, String bootstrapServers) {
        this.embedded = embedded;
        this.bootstrapServers = bootstrapServers;
    }

    static KafkaCluster start() {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            return new KafkaCluster(null, external);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary();
        return new KafkaCluster(broker, broker.bootstrapServers());
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
