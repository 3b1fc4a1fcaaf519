package io.driftmonitor.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drift-monitor bench}: the end-to-end harness, {@code bench scaling} for the scaling runs and {@code bench micro} for the JMH micro-benchmarks. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {
        "End-to-end throughput benchmark of the monitor against Kafka itself, on one broker and the same data:",
        "(a) raw KafkaConsumer byte[] read-through, (b) read + Avro decode, (c) read + decode + histograms in a",
        "plain loop, (d) the full monitor topology (exactly_once_v2 and at_least_once, record cache on and off),",
        "(e) the monitor with 100 numeric features; then the latency from window close to drift event at half",
        "of the monitor's measured rate. Prints records/s, MB/s, CPU, heap and the ratios of the performance",
        "targets (docs/performance.md, Targets)."},
    subcommands = {BenchCli.ScalingCommand.class, BenchCli.Micro.class, BenchCli.LabelIndex.class, CommandLine.HelpCommand.class})
public final class BenchCli implements Callable<Integer> {
    @Option(names = "--quick", description = "Small run that finishes in about a minute (30,000 records, no monitor warm-up, 12 s latency run).")
    boolean quick;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--records", description = "Predictions per data set (default 200000; 30000 with --quick).")
    Long records;

    @Option(names = "--numeric", defaultValue = "50", description = "Numeric features (default: ${DEFAULT-VALUE}).")
    int numeric;

    @Option(names = "--categorical", defaultValue = "10", description = "Categorical features (default: ${DEFAULT-VALUE}).")
    int categorical;

    @Option(names = "--wide-numeric", defaultValue = "100",
        description = "Numeric features of run (e) (default: ${DEFAULT-VALUE}).")
    int wideNumeric;

    @Option(names = "--models", defaultValue = "1", description = "Models the predictions are spread over (default: ${DEFAULT-VALUE}).")
    int models;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the predictions topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--threads", defaultValue = "1", description = "Stream threads of the monitor (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--bootstrap-servers", description = "An external Kafka cluster instead of the embedded broker.")
    String bootstrapServers;

    @Option(names = "--no-warmup", description = "Measure from a cold JVM (no unmeasured warm-up runs first).")
    boolean noWarmup;

    @Option(names = "--latency-seconds", description = "Duration of the latency run (default 30; 12 with --quick; 0 skips it). Windows of its first 5 s are not measured.")
    Integer latencySeconds;

    @Option(names = "--latency-rate", description = "Records/s of the latency run (default: half the measured exactly-once rate).")
    Double latencyRate;

    @Override
    public Integer call() {
        requireFormat(this, format);
        Harness.Options o = new Harness.Options();
        o.records = records != null ? records : quick ? 30_000 : 200_000;
        o.warmup = !noWarmup;
        o.warmupMonitor = !quick;
        o.numeric = numeric;
        o.categorical = categorical;
        o.wideNumeric = wideNumeric;
        o.models = models;
        o.partitions = partitions;
        o.threads = threads;
        o.bootstrapServers = bootstrapServers;
        int latency = latencySeconds != null ? latencySeconds : quick ? 12 : 30;
        o.latency = latency > 0;
        o.latencyDuration = Duration.ofSeconds(Math.max(latency, 1));
        if (latencyRate != null) {
            if (!(latencyRate > 0)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                    "--latency-rate must be positive, got " + latencyRate);
            }
            o.latencyRate = latencyRate;
        }
        BenchReport report = new Harness(o).run();
        System.out.println(format.equals("json") ? report.toJson() : report.toTable());
        return 0;
    }

    @Command(name = "scaling", mixinStandardHelpOptions = true,
        description = "Throughput with 1, 2, 4 stream threads and 2 instances, and as features, models, segments and "
            + "windows grow; memory per (model x window x signal); a PNG chart of it all.")
    static final class ScalingCommand implements Callable<Integer> {
        @Option(names = "--records", defaultValue = "100000", description = "Predictions per data set (default: ${DEFAULT-VALUE}).")
        long records;

        @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the predictions topics (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--plot", defaultValue = "benchmarks/target/scaling.png", description = "Where to write the chart (default: ${DEFAULT-VALUE}).")
        java.nio.file.Path plot;

        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--bootstrap-servers", description = "An external Kafka cluster instead of the embedded broker.")
        String bootstrapServers;

        @Override
        public Integer call() {
            requireFormat(this, format);
            Harness.Options o = new Harness.Options();
            o.records = records;
            o.partitions = partitions;
            o.bootstrapServers = bootstrapServers;
            ScalingReport report = new Harness(o).runScaling(plot);
            System.out.println(format.equals("json") ? report.toJson() : report.toTable());
            return 0;
        }
    }

    @Command(name = "label-index", mixinStandardHelpOptions = true,
        description = "The label join's prediction index over its default 7-day horizon in simulated time: disk and heap "
            + "every six simulated hours, which level off once the horizon is reached.")
    static final class LabelIndex implements Callable<Integer> {
        @Option(names = "--rate", defaultValue = "1000", description = "Predictions per simulated second (default: ${DEFAULT-VALUE}).")
        double rate;

        @Option(names = "--days", defaultValue = "10", description = "Simulated days (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() throws Exception {
            requireFormat(this, format);
            Map<String, Object> result = new LabelIndexHorizon(rate, days).run();
            System.out.println(format.equals("json")
                ? io.driftmonitor.serde.JsonRecordCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result)
                : LabelIndexHorizon.toTable(result));
            return 0;
        }
    }

    @Command(name = "micro", mixinStandardHelpOptions = true,
        description = "JMH micro-benchmarks of the hot path (decode, bin lookup, histogram update, categorical lookup, "
            + "merge, metrics per window, accumulator serialisation). Short iterations by default.")
    static final class Micro implements Callable<Integer> {
        @CommandLine.Parameters(arity = "0..1", defaultValue = "io\\.driftmonitor\\.bench\\.micro\\..*",
            description = "Regular expression of the benchmarks to run (default: all).")
        String include;

        @Option(names = "--forks", defaultValue = "1", description = "JMH forks (default: ${DEFAULT-VALUE}).")
        int forks;

        @Option(names = "--iterations", defaultValue = "3", description = "Measurement iterations of 1 s (default: ${DEFAULT-VALUE}).")
        int iterations;

        @Option(names = "--warmup", defaultValue = "2", description = "Warm-up iterations of 1 s (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public Integer call() throws RunnerException {
            ChainedOptionsBuilder b = new OptionsBuilder().include(include).forks(forks)
                .warmupIterations(warmup).warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(1));
            new Runner(b.build()).run();
            return 0;
        }
    }

    /** The --format of a bench command: table or json. */
    static void requireFormat(Object command, String format) {
        if (!format.equals("table") && !format.equals("json")) {
            throw new CommandLine.ParameterException(new CommandLine(command), "--format: table or json, got " + format);
        }
    }

    public static void main(String[] args) {
        // The monitor's own loggers at warn while benchmarking (logback.xml of streams-app reads it).
        if (System.getProperty("DRIFT_MONITOR_LOG_LEVEL") == null && System.getenv("DRIFT_MONITOR_LOG_LEVEL") == null) {
            System.setProperty("DRIFT_MONITOR_LOG_LEVEL", "warn");
        }
        CommandLine cli = new CommandLine(new BenchCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return 1;
        });
        System.exit(cli.execute(args));
    }
}
