package io.driftmonitor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.driftmonitor.evaluation.Evaluation;
import io.driftmonitor.evaluation.EvaluationRunner;
import io.driftmonitor.evaluation.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code drift-monitor evaluate}: precision, recall, false alarms and detection delay of the drift
 * verdict and the sequential detectors on scenarios with known drift, replayed through the monitor's
 * topology in simulated time (no Kafka cluster needed).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Replay scenarios with known drift intervals (abrupt, gradual, recurring, segment-only, none)",
        "through the monitor's own topology in simulated time - no Kafka cluster needed - and report, per",
        "scenario and per signal, for each detector (threshold: the monitor's drift verdict; page_hinkley and",
        "cusum: the retrain-rule detectors on the signal's PSI series; retrain_policy: the retrain events of",
        "the default policy) the recall, detection delay in windows, precision and false alarms per 1,000",
        "windows without drift. Deterministic for a seed."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:evaluated", "1:error (e.g. the output file cannot be written)", "2:usage error: unknown option, bad value"})
final class EvaluateCommand implements Callable<Integer> {
    enum Format { table, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", defaultValue = "17", description = "Seed of the synthetic data (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--windows", defaultValue = "40", paramLabel = "N",
        description = "Windows judged per scenario, at least 8 (default: ${DEFAULT-VALUE})")
    int windows;

    @Option(names = "--rate", defaultValue = "500", paramLabel = "N",
        description = "Predictions per window (default: ${DEFAULT-VALUE}); the baseline's reference sample holds 10 times as many, at most 4096")
    int rate;

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME",
        description = "Scenarios to run, comma-separated: abrupt, gradual, recurring, segment, none (default: all)")
    List<String> scenarios;

    @Option(names = "--tolerance", defaultValue = "2", paramLabel = "WINDOWS",
        description = "Windows after a drift interval whose alarms still count as detections (default: ${DEFAULT-VALUE})")
    int tolerance;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
        description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the result to FILE instead of standard output")
    Path output;

    static final int REFERENCE_WINDOWS = 10;

    /**
     * The topology logs a line per baseline and retrain at info; a replay makes hundreds of them. They
     * are kept to warnings for the run, unless DRIFT_MONITOR_LOG_LEVEL chooses a level.
     */
    private static final class QuietTopology implements AutoCloseable {
        private final ch.qos.logback.classic.Logger logger;
        private final ch.qos.logback.classic.Level before;

        QuietTopology() {
            org.slf4j.Logger l = org.slf4j.LoggerFactory.getLogger("io.driftmonitor.topology");
            boolean chosen = System.getenv("DRIFT_MONITOR_LOG_LEVEL") != null || System.getProperty("DRIFT_MONITOR_LOG_LEVEL") != null;
            logger = !chosen && l instanceof ch.qos.logback.classic.Logger lb ? lb : null;
            before = logger == null ? null : logger.getLevel();
            if (logger != null) {
                logger.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }

        @Override
        public void close() {
            if (logger != null) {
                logger.setLevel(before);
            }
        }
    }

    @Override
    public Integer call() throws IOException {
        if (windows < 8 || windows > 10_000) {
            throw new ParameterException(spec.commandLine(), "--windows: must be between 8 and 10000, got " + windows);
        }
        if (rate < 10 || rate > 1_000_000) {
            throw new ParameterException(spec.commandLine(), "--rate: must be between 10 and 1000000, got " + rate);
        }
        if (tolerance < 0) {
            throw new ParameterException(spec.commandLine(), "--tolerance: must not be negative, got " + tolerance);
        }
        List<String> names = new ArrayList<>(new LinkedHashSet<>(scenarios == null ? Scenario.NAMES
            : scenarios.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList()));
        for (String name : names) {
            if (!Scenario.NAMES.contains(name)) {
                throw new ParameterException(spec.commandLine(), "--scenarios: unknown scenario '" + name + "'; one of "
                    + String.join(", ", Scenario.NAMES));
            }
        }
        if (names.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--scenarios: name at least one of " + String.join(", ", Scenario.NAMES));
        }
        Path directory = output == null ? null : output.toAbsolutePath().getParent();
        if (directory != null && !Files.isDirectory(directory)) {
            throw new IOException("cannot write " + output + ": no directory " + directory);
        }
        PrintWriter err = spec.commandLine().getErr();
        Evaluation.Settings settings = new Evaluation.Settings(seed, windows, rate, names, tolerance, REFERENCE_WINDOWS);
        Progress progress = Progress.start(err, "evaluate: scenarios", names.size(), "scenarios");
        Evaluation.Report report;
        try (QuietTopology quiet = new QuietTopology()) {
            report = Evaluation.run(settings, EvaluationRunner.defaultConfig(), progress::update);
        }
        progress.finish(names.size());
        String text = format == Format.json
            ? new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report.toMap()) + System.lineSeparator()
            : report.toTable();
        if (output != null) {
            try {
                Files.writeString(output, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IOException("cannot write " + output + ": " + e.getMessage(), e);
            }
            err.printf(Locale.ROOT, "Wrote %s (%s).%n", output, format);
            err.flush();
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        }
        return 0;
    }
}
