package io.driftmonitor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftmonitor.compare.CsvFormatException;
import io.driftmonitor.compare.CsvTable;
import io.driftmonitor.compare.DatasetComparison;
import io.driftmonitor.stats.DecisionRule;
import io.driftmonitor.stats.DriftStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drift-monitor compare}: the drift metrics of two CSV files, column by column, computed by
 * the same statistics code as the stream. Exit code 0 on success, 1 on bad input (with a message
 * naming the file and line on standard error), 2 on bad options (picocli), 3 when {@code --fail-on}
 * is given and a column reached that status (a CI gate).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = {"Compare two CSV files (header row) column by column: PSI, KL, Jensen-Shannon, Hellinger,",
        "Wasserstein (raw and normalised), Kolmogorov-Smirnov and chi-square, with a status per metric.",
        "Numeric columns get quantile bins of the reference; other columns are categorical.",
        "With --fail-on drift (or warn) it gates a CI pipeline: exit code 3 when a column reaches that status."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:compared (and, with --fail-on, no column reached the status)",
        "1:bad input: a file is missing, empty or malformed (the message names the file and line)",
        "2:usage error: unknown option, bad value", "3:--fail-on: at least one column reached the status"})
public final class CompareCommand implements Callable<Integer> {
    /** Output formats. */
    public enum Format { json, table }

    @Spec
    private CommandSpec spec;

    @Option(names = "--reference", required = true, paramLabel = "FILE", description = "Reference (baseline) CSV file.")
    private Path reference;

    @Option(names = "--current", required = true, paramLabel = "FILE", description = "Current CSV file.")
    private Path current;

    @Option(names = "--bins", defaultValue = "10", paramLabel = "N",
        description = "Quantile bins for numeric columns (default: ${DEFAULT-VALUE}).")
    private int bins;

    @Option(names = "--columns", split = ",", paramLabel = "NAME", description = "Columns to compare (default: all reference columns).")
    private List<String> columns;

    @Option(names = "--numeric", split = ",", paramLabel = "NAME", description = "Treat these columns as numeric.")
    private List<String> numeric;

    @Option(names = "--categorical", split = ",", paramLabel = "NAME", description = "Treat these columns as categorical.")
    private List<String> categorical;

    @Option(names = "--max-categories", defaultValue = "100", paramLabel = "K",
        description = "Most frequent reference categories kept; the rest is counted as __other__ (default: ${DEFAULT-VALUE}).")
    private int maxCategories;

    @Option(names = "--min-sample-size", paramLabel = "N",
        description = "Columns with fewer values report insufficient_data (default: " + DecisionRule.DEFAULT_MIN_SAMPLE_SIZE + ").")
    private long minSampleSize = DecisionRule.DEFAULT_MIN_SAMPLE_SIZE;

    @Option(names = "--binning", defaultValue = "quantile", paramLabel = "MODE",
        description = "Numeric bins: quantile (reference quantiles, as the stream) or evidently "
            + "(Evidently's Sturges bins over both files and its PSI floor) (default: ${DEFAULT-VALUE}).")
    private String binning;

    @Option(names = "--format", defaultValue = "json", paramLabel = "FORMAT",
        description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = "--fail-on", paramLabel = "STATUS",
        description = "Exit with code 3 when a column's overall status reaches STATUS: drift, or warn (warn or drift).")
    private String failOn;

    public CompareCommand() {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DriftStatus gate = null;
        if (failOn != null) {
            gate = switch (failOn.toLowerCase(Locale.ROOT)) {
                case "drift" -> DriftStatus.DRIFT;
                case "warn" -> DriftStatus.WARN;
                default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--fail-on: must be drift or warn, got '" + failOn + "'");
            };
        }
        try {
            DatasetComparison.Binning mode = switch (binning.toLowerCase(Locale.ROOT)) {
                case "quantile" -> DatasetComparison.Binning.QUANTILE;
                case "evidently" -> DatasetComparison.Binning.EVIDENTLY;
                default -> throw new IllegalArgumentException("--binning must be quantile or evidently, not " + binning);
            };
            DatasetComparison.Options options = new DatasetComparison.Options(bins, columns, set(numeric),
                set(categorical), maxCategories, minSampleSize, mode);
            CsvTable ref = read(reference, err);
            CsvTable cur = read(current, err);
            int columnCount = options.columns() == null || options.columns().isEmpty() ? ref.header().size() : options.columns().size();
            Progress columnsDone = Progress.start(err, "compare: columns", columnCount, "columns");
            ObjectNode result = DatasetComparison.compare(ref, cur, options, (done, total) -> columnsDone.update(done));
            columnsDone.finish(columnCount);
            if (format == Format.json) {
                ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                out.println(mapper.writeValueAsString(result));
            } else {
                printTable(result, out);
            }
            out.flush();
            if (gate != null) {
                List<String> reached = reached(result, gate);
                if (!reached.isEmpty()) {
                    err.println("drift-monitor compare: " + reached.size() + " column" + (reached.size() == 1 ? "" : "s")
                        + " reached " + gate.wireName() + " (--fail-on " + failOn + "): " + String.join(", ", reached));
                    err.flush();
                    return 3;
                }
            }
            return 0;
        } catch (CsvFormatException | IllegalArgumentException e) {
            err.println("drift-monitor compare: " + e.getMessage());
            err.flush();
            return 1;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            err.println("drift-monitor compare: cannot write the result: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** The columns whose overall status is {@code gate} or worse. */
    static List<String> reached(JsonNode result, DriftStatus gate) {
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode c : result.get("columns")) {
            String overall = c.get("status").get("overall").asText();
            DriftStatus status = java.util.Arrays.stream(DriftStatus.values()).filter(d -> d.wireName().equals(overall))
                .findFirst().orElseThrow(() -> new IllegalStateException("unknown status " + overall));
            if (status == gate || status.isWorseThan(gate)) {
                names.add(c.get("name").asText());
            }
        }
        return names;
    }

    /** Reads a CSV file, showing progress over its bytes. */
    private static CsvTable read(Path path, PrintWriter err) throws CsvFormatException {
        if (!java.nio.file.Files.isRegularFile(path)) {
            throw new CsvFormatException(path + ": no such file");
        }
        try {
            Progress progress = Progress.start(err, "compare: reading " + path.getFileName(), java.nio.file.Files.size(path), "bytes");
            try (java.io.Reader reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                    Progress.counting(java.nio.file.Files.newInputStream(path), progress), java.nio.charset.StandardCharsets.UTF_8))) {
                return CsvTable.parse(path.toString(), reader);
            }
        } catch (java.io.IOException e) {
            throw new CsvFormatException(path + ": cannot read: " + e.getMessage());
        }
    }

    private static Set<String> set(List<String> values) {
        return values == null ? Set.of() : new LinkedHashSet<>(values);
    }

    private static void printTable(JsonNode result, PrintWriter out) {
        String format = "%-20s %-11s %9s %9s %9s %9s %9s %9s %11s %11s %-17s%n";
        out.printf(Locale.ROOT, format, "column", "kind", "ref_n", "cur_n", "psi", "js", "hellinger", "ks", "ks_p",
            "chi2_p", "status");
        for (JsonNode c : result.get("columns")) {
            JsonNode m = c.get("metrics");
            out.printf(Locale.ROOT, format, c.get("name").asText(), c.get("kind").asText(),
                c.get("reference_count").asText(), c.get("current_count").asText(),
                num(m.get("psi"), "%.4f"), num(m.get("js"), "%.4f"), num(m.get("hellinger"), "%.4f"),
                num(m.path("ks").get("statistic"), "%.4f"), num(m.path("ks").get("p_value"), "%.3g"),
                num(m.path("chi2").get("p_value"), "%.3g"), c.get("status").get("overall").asText());
        }
    }

    private static String num(JsonNode node, String pattern) {
        return node == null || node.isNull() ? "-" : String.format(Locale.ROOT, pattern, node.asDouble());
    }
}
