package io.driftmonitor.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.driftmonitor.config.ConfigLoader;
import io.driftmonitor.config.MonitorConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of every command that talks to Kafka: the configuration file (with its
 * {@code kafka.properties}: security.protocol, sasl.*, ssl.*), the bootstrap servers and single
 * client properties on top. Precedence: the file, then {@code DRIFT_MONITOR_*} environment
 * variables, then these flags.
 */
final class KafkaOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
        description = "monitor.yaml: Kafka client properties (kafka.properties), topic names, policies; "
            + "DRIFT_MONITOR_* environment variables override it (see docs/configuration.md)")
    Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
        description = "Kafka bootstrap servers (default: kafka.bootstrap_servers of the configuration)")
    String bootstrapServers;

    @Option(names = {"-X", "--kafka-property"}, paramLabel = "KEY=VALUE",
        description = "Kafka client property on top of kafka.properties, e.g. -X security.protocol=SASL_SSL (repeatable)")
    Map<String, String> properties = new LinkedHashMap<>();

    private MonitorConfig config;

    /** The configuration: file, environment, then these flags (read once). */
    MonitorConfig config() {
        if (config == null) {
            MonitorConfig c = ConfigLoader.fromSystemEnvironment().load(configFile).config();
            config = c.toBuilder().kafka(k -> {
                if (bootstrapServers != null) {
                    k.bootstrapServers(bootstrapServers);
                }
                Map<String, String> merged = new LinkedHashMap<>(c.kafka.properties);
                merged.putAll(properties);
                k.properties(merged);
            }).build();
        }
        return config;
    }

    /** The bootstrap servers; a usage error when neither the flag nor the configuration gives them. */
    String bootstrapServers() {
        String servers = config().kafka.bootstrapServers;
        if (servers == null || servers.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing --bootstrap-servers (or kafka.bootstrap_servers in --config, or DRIFT_MONITOR_KAFKA_BOOTSTRAP_SERVERS)");
        }
        return servers;
    }

    /** The properties of a Kafka client: kafka.properties, the -X flags and the bootstrap servers. */
    Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(config().kafka.properties);
        p.put("bootstrap.servers", bootstrapServers());
        return p;
    }
}
