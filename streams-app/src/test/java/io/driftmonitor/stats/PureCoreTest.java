package io.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The pure core (README, Architecture): the statistics packages import nothing from Kafka. */
class PureCoreTest {
    @Test
    void shouldKeepThePureCoreFreeOfKafkaImports() throws IOException {
        for (String pkg : List.of("stats", "performance", "promotion", "policy")) {
            Path dir = Path.of("src/main/java/io/driftmonitor", pkg);
            assertThat(dir).isDirectory();
            try (Stream<Path> files = Files.walk(dir)) {
                List<Path> offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        try {
                            return Files.readString(p).contains("org.apache.kafka");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .collect(Collectors.toList());
                assertThat(offenders).as(pkg).isEmpty();
            }
        }
    }
}
