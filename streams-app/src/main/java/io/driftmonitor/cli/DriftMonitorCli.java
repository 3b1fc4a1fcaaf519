package io.driftmonitor.cli;

import io.driftmonitor.logging.LogFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code drift-monitor} command line. */
@Command(name = "drift-monitor",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Real-time drift and performance monitor for ML models on Kafka.",
    // `bench` lives in the benchmarks module; the launcher script dispatches it there.
    footer = {"", "Also (bin/drift-monitor launcher only):",
        "  bench      Throughput benchmark of the monitor against Kafka itself on the",
        "             same data (bin/drift-monitor bench --help; see docs/performance.md).",
        "",
        "Exit codes (every command):",
        "  0   success",
        "  1   error: bad configuration or input, Kafka or the registry unreachable",
        "  2   usage error: unknown option, missing or bad argument",
        "  3   compare --fail-on: a column reached the given status"},
    subcommands = {
        RunCommand.class,
        DemoCommand.class,
        CompareCommand.class,
        EvaluateCommand.class,
        BaselineCommand.class,
        BrokerCommand.class,
        SimulateCommand.class,
        RoiCommand.class,
        ConfigCommand.class,
        ResetCommand.class,
        CommandLine.HelpCommand.class
    })
public final class DriftMonitorCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Global (every subcommand takes it too): the format of the log lines, from the moment it is parsed. */
    @Option(names = "--log-format", scope = ScopeType.INHERIT, paramLabel = "text|json",
        description = "Log lines as text (the default) or json, one JSON object per line; "
            + "also DRIFT_MONITOR_LOG_FORMAT=json")
    void logFormat(String format) {
        if (format == null) {
            return;
        }
        try {
            LogFormat.use(LogFormat.parse(format));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--log-format: " + e.getMessage());
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DriftMonitorCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof io.driftmonitor.config.ConfigException config) {
                config.problems().forEach(p -> commandLine.getErr().println("error: " + p));
            } else {
                commandLine.getErr().println("error: " + e.getMessage());
            }
            return 1;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
