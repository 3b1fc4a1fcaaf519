package io.driftmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import io.driftmonitor.app.StreamsProperties;
import io.driftmonitor.config.MonitorConfig;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented SASL/SSL configuration is valid, and its secrets resolve from files at start. */
class SecurityConfigTest {
    private static final String JAAS =
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"drift-monitor\" password=\"s3cret\";";

    @Test
    void saslSslExampleIsAValidMonitorConfig() {
        MonitorConfig config = MonitorConfig.load(Repo.path("deploy/config/monitor-sasl-ssl.yaml"));
        assertThat(config.kafka.properties).containsEntry("security.protocol", "SASL_SSL")
            .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
            .containsEntry("sasl.jaas.config", "${secrets:/etc/drift-monitor/secrets:sasl.jaas.config}");
        assertThat(config.output.format).isEqualTo("avro");
    }

    @Test
    void kafkaClientsReadTheSecretsFromTheMountedDirectory(@TempDir Path secrets) throws Exception {
        Files.writeString(secrets.resolve("sasl.jaas.config"), JAAS);
        Files.writeString(secrets.resolve("ca.crt"), "");
        String yaml = Repo.read("deploy/config/monitor-sasl-ssl.yaml").replace("/etc/drift-monitor/secrets", secrets.toString());
        MonitorConfig config = MonitorConfig.parse(yaml, "monitor-sasl-ssl.yaml");

        Properties props = StreamsProperties.of(config, config.kafka.bootstrapServers);
        StreamsConfig streams = new StreamsConfig(props);
        Map<String, Object> consumer = streams.getMainConsumerConfigs("group", "client", 0);
        assertThat(consumer.get(SaslConfigs.SASL_JAAS_CONFIG).toString()).isEqualTo(JAAS);
        assertThat(streams.getProducerConfigs("client").get(SaslConfigs.SASL_JAAS_CONFIG).toString()).isEqualTo(JAAS);
        assertThat(consumer.get("security.protocol")).isEqualTo("SASL_SSL");

        Properties admin = new Properties();
        admin.putAll(config.kafka.properties);
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka.bootstrapServers);
        AdminClientConfig adminConfig = new AdminClientConfig(admin);
        assertThat(adminConfig.getPassword(SaslConfigs.SASL_JAAS_CONFIG).value()).isEqualTo(JAAS);
    }
}
