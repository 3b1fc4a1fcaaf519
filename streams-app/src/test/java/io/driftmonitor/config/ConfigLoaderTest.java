package io.driftmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void shouldReportEveryBadKeyNotOnlyTheFirst() {
        ConfigException e = catchThrowableOfType(() -> ConfigLoader.withEnvironment(Map.of()).parse("""
            kafka:
              num_stream_threads: many
              bootstrap_servrs: x:9092
            http:
              port: 99999
            defaults:
              window: soon
              bins: 1
              psi_warn: 0.5
              psi_drift: 0.2
            models:
              fraud:
                windw: 1m
                segment_keys: country
            topics: [a, b]
            """, "monitor.yaml"), ConfigException.class);
        assertThat(e.problems()).containsExactlyInAnyOrder(
            "monitor.yaml: kafka.num_stream_threads: must be a whole number, got 'many'",
            "monitor.yaml: kafka.bootstrap_servrs: unknown key (did you mean bootstrap_servers?)",
            "monitor.yaml: http.port: must be between 0 and 65535, got 99999",
            "monitor.yaml: defaults.window: expected a duration such as 500ms, 10s, 1m, 2h or 7d, got 'soon'",
            "monitor.yaml: defaults.bins: must be between 2 and 1000, got 1",
            "monitor.yaml: defaults.psi_warn/psi_drift: need 0 < psi_warn <= psi_drift, got 0.5 and 0.2",
            "monitor.yaml: models.fraud.windw: unknown key (did you mean window?)",
            "monitor.yaml: models.fraud.segment_keys: must be a list, got 'country'",
            "monitor.yaml: topics: must be a mapping of keys, got a list");
        assertThat(e.getMessage().lines()).hasSize(9);
    }

    @Test
    void shouldTreatAnEmptySectionAsAbsent() {
        MonitorConfig config = MonitorConfig.parse("http:\ndefaults:\n", "monitor.yaml");
        assertThat(config.http.port).isEqualTo(8080);
        assertThat(config.defaults.window).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldKeepAnExplicitNullWhereNullIsTheDefault() {
        MonitorConfig config = MonitorConfig.parse("""
            defaults:
              retrain: {name: strict, rules: [{signal: score, metric: psi, threshold: 0.5}]}
            models:
              plain:
                retrain: null
              strict: {}
            """, "monitor.yaml");
        assertThat(config.policyFor("strict").retrainPolicy().name()).isEqualTo("strict");
        assertThat(config.policyFor("plain").retrainPolicy().name()).as("null: the default policy").isEqualTo("default-psi");
    }

    @Test
    void shouldOverrideKeysFromTheEnvironmentOverTheFile() {
        ConfigLoader.Loaded loaded = ConfigLoader.withEnvironment(Map.of(
            "DRIFT_MONITOR_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9093,kafka-2:9093",
            "DRIFT_MONITOR_KAFKA_NUM_STREAM_THREADS", "4",
            "DRIFT_MONITOR_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL",
            "DRIFT_MONITOR_SCHEMA_REGISTRY_URL", "https://registry:8081",
            "DRIFT_MONITOR_TOPICS_CREATE", "false",
            "DRIFT_MONITOR_DEFAULTS_WINDOW", "5m",
            "DRIFT_MONITOR_DEFAULTS_PSI_DRIFT", "0.3",
            "DRIFT_MONITOR_DEFAULTS_SEGMENT_KEYS", "country, tier",
            "DRIFT_MONITOR_DEFAULTS_PERFORMANCE_THRESHOLDS_LOG_LOSS", "0.5",
            "DRIFT_MONITOR_LOG_FORMAT", "json")).parse("""
            kafka:
              bootstrap_servers: localhost:9092
              properties: {client.id: monitor}
            defaults:
              window: 1m
            models:
              fraud: {bins: 20}
            """, "monitor.yaml");
        MonitorConfig c = loaded.config();
        assertThat(c.kafka.bootstrapServers).isEqualTo("kafka-1:9093,kafka-2:9093");
        assertThat(c.kafka.numStreamThreads).isEqualTo(4);
        assertThat(c.kafka.properties).containsEntry("security.protocol", "SASL_SSL").containsEntry("client.id", "monitor");
        assertThat(c.schemaRegistry.url).isEqualTo("https://registry:8081");
        assertThat(c.topics.create).isFalse();
        assertThat(c.defaults.window).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.policyFor("fraud").window).as("a model inherits the overridden default").isEqualTo(Duration.ofMinutes(5));
        assertThat(c.policyFor("fraud").bins).isEqualTo(20);
        assertThat(c.defaults.psiDrift).isEqualTo(0.3);
        assertThat(c.defaults.segmentKeys).containsExactly("country", "tier");
        assertThat(c.defaults.performanceThresholds).containsEntry("log_loss", 0.5);
        assertThat(loaded.applied()).extracting(EnvironmentOverrides.Override::path)
            .contains("kafka.bootstrap_servers", "kafka.properties[security.protocol]", "schema_registry.url");
        assertThat(loaded.ignored()).isEmpty();
    }

    @Test
    void shouldListVariablesThatNameNoKeyAndRejectBadValuesWithTheVariablesKey() {
        ConfigLoader.Loaded loaded = ConfigLoader.withEnvironment(Map.of("DRIFT_MONITOR_KAFKA_BOOTSTRAP", "x",
            "DRIFT_MONITOR_MODELS_FRAUD_WINDOW", "1m")).parse("", "defaults");
        assertThat(loaded.ignored()).containsExactly("DRIFT_MONITOR_KAFKA_BOOTSTRAP", "DRIFT_MONITOR_MODELS_FRAUD_WINDOW");
        assertThatThrownBy(() -> ConfigLoader.withEnvironment(Map.of("DRIFT_MONITOR_HTTP_PORT", "eighty")).parse("", "defaults"))
            .isInstanceOf(ConfigException.class).hasMessage("defaults: http.port: must be a whole number, got 'eighty'");
    }

    @Test
    void shouldResolveSecretsByReference(@TempDir Path dir) throws Exception {
        Path password = dir.resolve("truststore-password");
        Files.writeString(password, "s3cret\n");
        ConfigLoader.Loaded loaded = ConfigLoader.withEnvironment(Map.of("REGISTRY_USER", "monitor", "REGISTRY_PASSWORD", "p@ss"))
            .parse("""
                schema_registry:
                  url: https://registry:8081
                  basic_auth_user_info: "${env:REGISTRY_USER}:${env:REGISTRY_PASSWORD}"
                  ssl_truststore_location: /etc/tls/truststore.p12
                  ssl_truststore_password: "${file:%s}"
                http:
                  advertised_address: "$${literal}"
                kafka:
                  properties:
                    sasl.jaas.config: "${secrets:/etc/secrets:jaas}"
                """.formatted(password), "monitor.yaml");
        MonitorConfig.SchemaRegistryConfig r = loaded.config().schemaRegistry;
        assertThat(r.basicAuthUserInfo).isEqualTo("monitor:p@ss");
        assertThat(r.sslTruststorePassword).isEqualTo("s3cret");
        assertThat(loaded.config().kafka.properties).as("a Kafka config provider's reference is the client's")
            .containsEntry("sasl.jaas.config", "${secrets:/etc/secrets:jaas}");
        assertThat(loaded.config().http.advertisedAddress).isEqualTo("${literal}");
        assertThat(loaded.referenced()).containsOnlyKeys("schema_registry.basic_auth_user_info",
            "schema_registry.ssl_truststore_password");
    }

    @Test
    void shouldLeaveAReferenceToTheKafkaClientWhenItsProviderIsDeclared() {
        MonitorConfig config = ConfigLoader.withEnvironment(Map.of("PASSWORD", "from-monitor")).parse("""
            kafka:
              properties:
                config.providers: env
                config.providers.env.class: org.apache.kafka.common.config.provider.EnvVarConfigProvider
                ssl.key.password: "${env:PASSWORD}"
            http:
              token: "${env:PASSWORD}"
            """, "monitor.yaml").config();
        assertThat(config.kafka.properties).containsEntry("ssl.key.password", "${env:PASSWORD}");
        assertThat(config.http.token).isEqualTo("from-monitor");
    }

    @Test
    void shouldNameEveryReferenceThatCannotBeResolved(@TempDir Path dir) {
        ConfigException e = catchThrowableOfType(() -> ConfigLoader.withEnvironment(Map.of()).parse("""
            http:
              token: "${env:NO_SUCH_VARIABLE}"
            schema_registry:
              ssl_keystore_password: "${file:%s}"
            """.formatted(dir.resolve("missing")), "monitor.yaml"), ConfigException.class);
        assertThat(e.problems()).containsExactly(
            "monitor.yaml: http.token: environment variable NO_SUCH_VARIABLE (in ${env:NO_SUCH_VARIABLE}) is not set",
            "monitor.yaml: schema_registry.ssl_keystore_password: cannot read " + dir.resolve("missing")
                + " (in ${file:" + dir.resolve("missing") + "}): NoSuchFileException");
    }

    @Test
    void shouldSayWhereTheYamlIsBroken() {
        assertThatThrownBy(() -> MonitorConfig.parse("kafka:\n  a: [1\n", "monitor.yaml"))
            .isInstanceOf(ConfigException.class).hasMessageStartingWith("monitor.yaml: not valid YAML: ")
            .hasMessageContaining("line ");
    }
}
