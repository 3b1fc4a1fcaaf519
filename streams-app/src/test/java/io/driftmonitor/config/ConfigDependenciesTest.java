package io.driftmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The configuration is read by the drift code, never the other way: no package cycle config ↔ drift. */
class ConfigDependenciesTest {
    @Test
    void theConfigurationPackageDoesNotDependOnTheDriftPackage() throws IOException {
        Path config = Path.of("src/main/java/io/driftmonitor/config");
        List<String> offending;
        try (Stream<Path> files = Files.list(config)) {
            offending = files.filter(f -> {
                try {
                    return Files.readString(f).contains("io.driftmonitor.drift.");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(f -> f.getFileName().toString()).toList();
        }
        assertThat(offending).isEmpty();
        assertThat(Files.readString(Path.of("src/main/java/io/driftmonitor/drift/WindowEvaluator.java")))
            .as("the other direction exists, so this test guards a real cycle").contains("io.driftmonitor.config");
    }
}
