package io.driftmonitor.cli;

import java.nio.file.Path;

import io.driftmonitor.config.MonitorConfig;
import picocli.CommandLine.Option;

/** Options of commands that run the monitor: the flags that override the configuration. */
final class ConfigOptions {
    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port (default: 8080 or the config's; 0 picks a free one)")
    Integer httpPort;

    @Option(names = "--advertised-address", paramLabel = "HOST:PORT",
        description = "How other instances reach this one's HTTP port (application.server; default: localhost:<http port>)")
    String advertisedAddress;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where Kafka Streams keeps local state")
    Path stateDir;

    @Option(names = "--application-id", paramLabel = "ID", description = "Kafka Streams application id (default: drift-monitor)")
    String applicationId;

    /** The configuration with these flags on top. */
    MonitorConfig applyTo(MonitorConfig config) {
        MonitorConfig.Builder b = config.toBuilder();
        if (httpPort != null) {
            b.http(h -> h.port(httpPort));
        }
        if (advertisedAddress != null) {
            b.http(h -> h.advertisedAddress(advertisedAddress));
        }
        if (stateDir != null) {
            b.stateDir(stateDir.toString());
        }
        if (applicationId != null) {
            b.kafka(k -> k.applicationId(applicationId));
        }
        return b.build();
    }
}
