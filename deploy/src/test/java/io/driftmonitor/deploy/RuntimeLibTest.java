package io.driftmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The runtime the container image ships ({@code streams-app/target/lib}) holds no Kafka broker, no
 * Scala and no log4j-core; the broker's jars are built apart, for {@code demo} and {@code broker}.
 * It holds Kafka Streams' test driver: {@code evaluate} replays scenarios through the topology with it.
 * Run after {@code package} of streams-app and embedded-broker (as {@code ./mvnw verify} does).
 */
class RuntimeLibTest {
    @Test
    void shouldShipTheApplicationWithoutABroker() throws IOException {
        List<String> lib = jars("streams-app/target/lib");
        assertThat(lib).anyMatch(j -> j.startsWith("kafka-streams-")).anyMatch(j -> j.startsWith("kafka-clients-"))
            .anyMatch(j -> j.startsWith("kafka-streams-test-utils-"));
        assertThat(lib).noneMatch(j -> j.startsWith("kafka_2.13"))
            .noneMatch(j -> j.startsWith("scala-"))
            .noneMatch(j -> j.startsWith("log4j-core"))
            .noneMatch(j -> j.startsWith("kafka-server"))
            .noneMatch(j -> j.startsWith("embedded-broker"));
        assertThat(lib).anyMatch(j -> j.startsWith("logback-classic-"));
        assertThat(lib.stream().filter(j -> j.startsWith("slf4j-") && !j.startsWith("slf4j-api")).toList())
            .as("logback is the one SLF4J binding").isEmpty();
        assertThat(lib).noneMatch(j -> j.startsWith("log4j-slf4j"));
    }

    @Test
    void shouldBuildTheBrokerJarsApartForDemoAndBroker() throws IOException {
        List<String> brokerLib = jars("embedded-broker/target/lib");
        assertThat(brokerLib).anyMatch(j -> j.startsWith("kafka_2.13")).anyMatch(j -> j.startsWith("scala-library"));
        assertThat(Repo.path("embedded-broker/target/embedded-broker.jar")).exists();
        String launcher = Repo.read("bin/drift-monitor");
        assertThat(launcher).contains("embedded-broker/target/lib/*", "io.driftmonitor.cli.DriftMonitorCli");
    }

    private static List<String> jars(String dir) throws IOException {
        Path path = Repo.path(dir);
        if (!Files.isDirectory(path)) {
            assertThat(System.getenv("CI")).as("%s is built by ./mvnw verify before this module's tests", dir)
                .isNotEqualTo("true");
            Assumptions.abort(dir + " not built (run ./mvnw verify, or package streams-app and embedded-broker)");
        }
        try (var files = Files.list(path)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }
}
