package io.driftmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `demo` and `broker` reach the embedded broker by reflection; the runtime does not depend on it. */
class LocalBrokerTest {
    @TempDir
    Path dir;

    @Test
    void shouldStartTheEmbeddedBrokerWhenItIsOnTheClassPath() throws Exception {
        assertThat(LocalBroker.available()).isTrue();
        Path data = dir.resolve("kafka");
        try (LocalBroker broker = LocalBroker.start(0, data, true)) {
            assertThat(broker.bootstrapServers()).startsWith("localhost:");
            assertThat(broker.dataDir()).isEqualTo(data);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("local-broker-test", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                // The topic is created once the controller has it; the broker's metadata follows shortly.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("local-broker-test"));
            }
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void shouldSayWhereTheBrokerJarsAreWhenTheBrokerIsMissing() {
        assertThatThrownBy(() -> LocalBroker.start("io.driftmonitor.broker.NoSuchBroker", 0, dir, true))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("not on the class path")
            .hasMessageContaining("embedded-broker/target/lib");
    }
}
