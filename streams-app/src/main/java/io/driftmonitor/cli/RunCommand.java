package io.driftmonitor.cli;

import java.util.concurrent.Callable;

import io.driftmonitor.app.MonitorApp;
import io.driftmonitor.config.MonitorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the monitor against a Kafka cluster until stopped (Ctrl-C).")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (overrides the config)")
    String bootstrapServers;

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Override
    public Integer call() throws Exception {
        MonitorConfig config = options.load();
        if (bootstrapServers != null) {
            config.kafka.bootstrapServers = bootstrapServers;
        }
        MonitorApp app = new MonitorApp(config).start();
        System.out.println("drift-monitor running: HTTP on http://localhost:" + app.httpPort() + "/  (Ctrl-C stops)");
        Shutdown.awaitSignal(app::close);
        return 0;
    }
}
