package io.driftmonitor.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "broker", mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:error (the message says what failed: input, configuration, Kafka, ...)", "2:usage error"},
    
    description = "Run a single-node KRaft Kafka broker in this process for local use (Ctrl-C stops it).")
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", defaultValue = ".drift-monitor/kafka",
        description = "Data directory; a second start with the same directory keeps the data (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        LocalBroker broker = LocalBroker.start(port, dataDir.toAbsolutePath(), false);
        System.out.println("Kafka broker on " + broker.bootstrapServers() + ", data in " + broker.dataDir() + "  (Ctrl-C stops)");
        Shutdown.awaitSignal(broker::close);
        return 0;
    }
}
