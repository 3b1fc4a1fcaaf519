package io.driftmonitor.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.containers.FixedHostPortGenericContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Confluent Schema Registry ({@code confluentinc/cp-schema-registry}, tag from
 * {@code -Dschema.registry.image}) in a container, with its own single-node Kafka container for its
 * {@code _schemas} topic on a private network, where a Docker engine is available. Its host port is
 * fixed when it starts, so a registry {@link #restart() restarted} after a kill serves the same URL;
 * the schemas survive in the {@code _schemas} topic, under the same ids.
 */
final class ConfluentRegistryContainer implements AutoCloseable {
    private static final int REGISTRY_PORT = 8081;

    private final Network network;
    private final KafkaContainer storage;
    private final int hostPort;
    private GenericContainer<?> registry;

    private ConfluentRegistryContainer(Network network, KafkaContainer storage, int hostPort) {
        this.network = network;
        this.storage = storage;
        this.hostPort = hostPort;
    }

    static ConfluentRegistryContainer start(int port) {
        Network network = Network.newNetwork();
        KafkaContainer storage = new KafkaContainer(DockerImageName.parse(
                System.getProperty("kafka.image", "apache/kafka:" + AppInfoParser.getVersion())))
            .withNetwork(network)
            .withListener("registry-kafka:19092");
        ConfluentRegistryContainer server = new ConfluentRegistryContainer(network, storage, port == 0 ? freePort() : port);
        try {
            storage.start();
            server.startRegistry();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void startRegistry() {
        @SuppressWarnings({"resource", "deprecation"})
        GenericContainer<?> container = new FixedHostPortGenericContainer<>(
                System.getProperty("schema.registry.image", "confluentinc/cp-schema-registry:7.9.1"))
            .withFixedExposedPort(hostPort, REGISTRY_PORT)
            .withNetwork(network)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:" + REGISTRY_PORT)
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://registry-kafka:19092")
            .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofSeconds(120)));
        container.start();
        registry = container;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e, e);
        }
    }

    String url() {
        return "http://localhost:" + hostPort;
    }

    int port() {
        return hostPort;
    }

    /** Kills the registry container at once; its storage (Kafka) stays. */
    void kill() {
        if (registry != null) {
            registry.getDockerClient().killContainerCmd(registry.getContainerId()).exec();
            registry.stop();
            registry = null;
        }
    }

    /** A new registry container on the same host port and storage. */
    void restart() {
        kill();
        startRegistry();
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.stop();
            registry = null;
        }
        storage.stop();
        network.close();
    }
}
