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

    private static boolean pythonParserAvailable() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import prometheus_client.parser").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
