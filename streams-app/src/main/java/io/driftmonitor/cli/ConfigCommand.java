package io.driftmonitor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftmonitor.config.ConfigException;
import io.driftmonitor.config.ConfigLoader;
import io.driftmonitor.config.ConfigPrinter;
import io.driftmonitor.config.EnvironmentOverrides;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code config validate} and {@code config show}: check a configuration without starting the monitor, print the effective one. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = {"Check a monitor.yaml without starting the monitor, or print the effective configuration.",
        "Both read the file, then the DRIFT_MONITOR_* environment overrides, then ${env:NAME} and ${file:/path}",
        "references, as run does (see docs/configuration.md)."},
    subcommands = {ConfigCommand.Validate.class, ConfigCommand.Show.class})
final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static ConfigLoader loader() {
        return ConfigLoader.fromSystemEnvironment();
    }

    private static void printIgnored(ConfigLoader.Loaded loaded, PrintWriter err) {
        for (String name : loaded.ignored()) {
            err.println("warning: environment variable " + name + " names no configuration key; ignored");
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a configuration file: every unknown key and bad value is reported with its path and",
            "the reason (all of them, not only the first). Nothing is started and Kafka is not contacted."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the configuration is valid", "1:it is not (each problem on standard error) or cannot be read",
            "2:usage error"})
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "monitor.yaml to check")
        Path config;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                ConfigLoader.Loaded loaded = loader().load(config);
                printIgnored(loaded, err);
                out.printf("%s: valid (%d %s%s)%n", config, loaded.config().models.size(),
                    loaded.config().models.size() == 1 ? "model with its own policy" : "models with their own policy",
                    loaded.config().models.isEmpty() ? "" : ": " + String.join(", ", loaded.config().models.keySet()));
                for (EnvironmentOverrides.Override o : loaded.applied()) {
                    out.printf("  %s overrides %s%n", o.variable(), o.path());
                }
                String servers = loaded.config().kafka.bootstrapServers;
                if (servers == null || servers.isBlank()) {
                    out.println("  note: kafka.bootstrap_servers is not set; the commands that talk to Kafka need "
                        + "--bootstrap-servers (or DRIFT_MONITOR_KAFKA_BOOTSTRAP_SERVERS)");
                }
                out.flush();
                err.flush();
                return 0;
            } catch (ConfigException e) {
                err.printf("%s: %d problem%s%n", config, e.problems().size(), e.problems().size() == 1 ? "" : "s");
                e.problems().forEach(p -> err.println("  " + p));
                err.flush();
                return 1;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Print the effective configuration: every key with its value after the defaults, the file",
            "and the environment, each model's full policy; secrets masked (a value from a reference is shown",
            "as written, e.g. ${env:REGISTRY_PASSWORD})."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "1:the configuration is not valid (each problem on standard error)", "2:usage error"})
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", description = "monitor.yaml (default: none, the defaults and the environment)")
        Path config;

        @Option(names = "--format", defaultValue = "yaml", paramLabel = "FORMAT", description = "yaml or json (default: ${DEFAULT-VALUE})")
        String format;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!format.equals("yaml") && !format.equals("json")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format: must be yaml or json, got '" + format + "'");
            }
            try {
                ConfigLoader.Loaded loaded = loader().load(config);
                printIgnored(loaded, err);
                ObjectNode effective = ConfigPrinter.effective(loaded);
                out.print(format.equals("json") ? ConfigPrinter.json(effective) + "\n" : ConfigPrinter.yaml(effective));
                out.flush();
                err.flush();
                return 0;
            } catch (ConfigException e) {
                err.printf("%s: %d problem%s%n", config == null ? "configuration" : config, e.problems().size(),
                    e.problems().size() == 1 ? "" : "s");
                e.problems().forEach(p -> err.println("  " + p));
                err.flush();
                return 1;
            }
        }
    }
}
