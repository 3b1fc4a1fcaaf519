package io.driftmonitor.cli;

import java.util.concurrent.Callable;

import io.driftmonitor.app.MonitorApp;
import io.driftmonitor.config.MonitorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the monitor against a Kafka cluster until stopped (Ctrl-C).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped (Ctrl-C, SIGTERM)", "1:error (invalid configuration, Kafka unreachable, ...)", "2:usage error"})
final class RunCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Override
    public Integer call() throws Exception {
        kafka.bootstrapServers();
        MonitorConfig config = options.applyTo(kafka.config());
        MonitorApp app = new MonitorApp(config).start();
        System.out.println("drift-monitor running: HTTP on http://localhost:" + app.httpPort() + "/  (Ctrl-C stops)");
        Shutdown.awaitSignal(app::close);
        return 0;
    }
}
