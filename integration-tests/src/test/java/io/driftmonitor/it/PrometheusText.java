package io.driftmonitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Checks a /metrics answer with an independent Prometheus text-format parser (the Python client's,
 * Debian's {@code python3-prometheus-client}), and line by line against the exposition grammar.
 */
final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile(
        "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\"\\\\n])*\",?)*\\})? "
            + "(-?[0-9.eE+-]+|NaN|[+-]Inf)( -?[0-9]+)?");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");

    /** Debian's interpreter, where the distribution's python3-* packages are installed. */
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    private PrometheusText() {
    }

    static void assertParses(String text) throws IOException, InterruptedException {
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                assertThat(SAMPLE.matcher(line).matches() || COMMENT.matcher(line).matches())
                    .as("valid exposition line: %s", line).isTrue();
            }
        }
        boolean python = pythonParserAvailable();
        if (!python) {
            assertThat(System.getenv("CI")).as("CI needs python3-prometheus-client (see .ci/run)").isNotEqualTo("true");
            return;
        }
        Path file = Files.createTempFile("metrics", ".txt");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(PYTHON, "-c",
                "import sys\nfrom prometheus_client.parser import text_string_to_metric_families as parse\n"
                    + "families = list(parse(open(sys.argv[1]).read()))\n"
                    + "print(sum(len(f.samples) for f in families))", file.toString())
                .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("prometheus_client parser: %s", out).isZero();
            assertThat(Long.parseLong(out.trim())).isPositive();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The metric families of a /metrics answer as the Python client parses them: family name (for a
     * counter, without {@code _total}) to type (counter, gauge, summary, histogram, ...), and the
     * label names of each family's samples. Empty when the parser is not installed outside CI.
     */
    static java.util.Map<String, Family> families(String text) throws IOException, InterruptedException {
        java.util.Map<String, Family> out = new java.util.TreeMap<>();
        if (!pythonParserAvailable()) {
            assertThat(System.getenv("CI")).as("CI needs python3-prometheus-client (see .ci/run)").isNotEqualTo("true");
            return out;
        }
        Path file = Files.createTempFile("metrics", ".txt");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(PYTHON, "-c",
                "import sys\nfrom prometheus_client.parser import text_string_to_metric_families as parse\n"
                    + "for f in parse(open(sys.argv[1]).read()):\n"
                    + "    labels = sorted({k for s in f.samples for k in s.labels})\n"
                    + "    names = sorted({s.name for s in f.samples})\n"
                    + "    print(f.name + '\\t' + f.type + '\\t' + ','.join(labels) + '\\t' + ','.join(names))\n",
                file.toString())
                .redirectErrorStream(true).start();
            String result = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("prometheus_client parser: %s", result).isZero();
            for (String line : result.split("\n")) {
                if (!line.isBlank()) {
                    String[] f = line.split("\t", -1);
                    out.put(f[0], new Family(f[0], f[1], java.util.List.of(f[2].isEmpty() ? new String[0] : f[2].split(",")),
                        java.util.List.of(f[3].isEmpty() ? new String[0] : f[3].split(","))));
                }
            }
            return out;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A metric family as prometheus_client reads it. */
    record Family(String name, String type, java.util.List<String> labels, java.util.List<String> sampleNames) {
    }

    private static boolean pythonParserAvailable() {
        return ExternalClients.works(PYTHON, "-c", "import prometheus_client.parser");
    }
}
