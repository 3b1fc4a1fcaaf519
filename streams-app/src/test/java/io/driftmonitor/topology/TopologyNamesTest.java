package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import org.junit.jupiter.api.Test;

/**
 * Store, changelog and topic names are part of the monitor's contract with its own state: renaming
 * one silently would orphan it. The topology's description is pinned; change the golden file
 * consciously (run with -Dgolden.update=true to rewrite it) when a rename is intended.
 */
class TopologyNamesTest {
    private static final String GOLDEN = "golden/topology-description.txt";

    @Test
    void shouldKeepEveryNodeStoreAndTopicName() throws IOException {
        String actual = MonitorTopology.build(TopologyFixture.defaultConfig()).describe().toString();
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources", GOLDEN), actual);
        }
        String expected = new String(Objects.requireNonNull(getClass().getClassLoader().getResourceAsStream(GOLDEN),
            GOLDEN + " missing").readAllBytes(), StandardCharsets.UTF_8);
        assertThat(actual).isEqualTo(expected);
    }
}
