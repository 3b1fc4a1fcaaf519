package io.driftmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompareCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new CompareCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path resource(String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/stats/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void shouldEqualNumpyAndScipyOnTheReferenceCsvFiles() throws IOException {
        Run r = run("--reference", resource("compare_reference.csv").toString(),
            "--current", resource("compare_current.csv").toString(), "--bins", "10");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode actual = MAPPER.readTree(r.out());
        JsonNode expected;
        try (InputStream in = getClass().getResourceAsStream("/stats/compare_expected.json")) {
            expected = MAPPER.readTree(in);
        }
        assertThat(actual.get("columns")).hasSameSizeAs(expected.get("columns"));
        for (int i = 0; i < expected.get("columns").size(); i++) {
            assertMatches("columns[" + i + "]", actual.get("columns").get(i), expected.get("columns").get(i));
        }
        assertThat(actual.get("columns").get(0).get("status").get("overall").asText()).isIn("ok", "warn", "drift");
    }

    /** Every field of the expected tree is in the actual tree; numbers agree to 1e-9 relative. */
    private static void assertMatches(String path, JsonNode actual, JsonNode expected) {
        if (expected.isNull()) {
            assertThat(actual == null || actual.isNull()).as(path + " should be null").isTrue();
        } else if (expected.isObject()) {
            assertThat(actual).as(path).isNotNull();
            Iterator<Map.Entry<String, JsonNode>> it = expected.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                assertMatches(path + "." + e.getKey(), actual.get(e.getKey()), e.getValue());
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as(path + " size").isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertMatches(path + "[" + i + "]", actual.get(i), expected.get(i));
            }
        } else if (expected.isNumber()) {
            double a = actual.asDouble();
            double x = expected.asDouble();
            assertThat(Math.abs(a - x)).as(path + ": " + a + " vs " + x).isLessThanOrEqualTo(1e-9 * Math.abs(x) + 1e-15);
        } else {
            assertThat(actual.asText()).as(path).isEqualTo(expected.asText());
        }
    }

    @Test
    void shouldReproduceEvidentlyBinsAndPsiWithBinningEvidently() throws IOException {
        Run r = run("--reference", resource("compare_reference.csv").toString(),
            "--current", resource("compare_current.csv").toString(), "--binning", "evidently",
            "--columns", "age,income,score,clicks");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode actual = MAPPER.readTree(r.out()).get("columns");
        JsonNode expected;
        try (InputStream in = getClass().getResourceAsStream("/stats/compare_expected_evidently.json")) {
            expected = MAPPER.readTree(in).get("columns");
        }
        for (int i = 0; i < expected.size(); i++) {
            JsonNode e = expected.get(i);
            JsonNode a = actual.get(i);
            assertMatches(e.get("name").asText() + ".edges", a.get("edges"), e.get("edges"));
            assertMatches(e.get("name").asText() + ".reference_counts", a.get("reference_counts"), e.get("reference_counts"));
            assertMatches(e.get("name").asText() + ".current_counts", a.get("current_counts"), e.get("current_counts"));
            assertMatches(e.get("name").asText() + ".psi", a.get("metrics").get("psi"), e.get("psi"));
        }
    }

    @Test
    void shouldRejectAnUnknownBinningMode() throws IOException {
        Run r = run("--reference", resource("compare_reference.csv").toString(),
            "--current", resource("compare_current.csv").toString(), "--binning", "doane");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("--binning");
    }

    @Test
    void shouldPrintATable() throws IOException {
        Run r = run("--reference", resource("compare_reference.csv").toString(),
            "--current", resource("compare_current.csv").toString(), "--format", "table", "--columns", "age,country");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines()).hasSize(3);
        assertThat(r.out()).contains("age", "numeric", "country", "categorical");
    }

    @Test
    void shouldNameTheLineOfARaggedRow() throws IOException {
        Path ref = file("ref.csv", "a,b\n1,2\n3,4,5\n");
        Path cur = file("cur.csv", "a,b\n1,2\n");
        Run r = run("--reference", ref.toString(), "--current", cur.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("ref.csv line 3", "expected 2 fields", "found 3");
    }

    @Test
    void shouldRejectAnEmptyFile() throws IOException {
        Path ref = file("ref.csv", "");
        Path cur = file("cur.csv", "a\n1\n");
        Run r = run("--reference", ref.toString(), "--current", cur.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("ref.csv", "empty");
    }

    @Test
    void shouldNameTheLineOfANonNumericValueInANumericColumn() throws IOException {
        Path ref = file("ref.csv", "x,y\n1.5,a\n2.5,b\n");
        Path cur = file("cur.csv", "x,y\n1.0,a\n\"multi\nline\",b\nabc,c\n");
        Run r = run("--reference", ref.toString(), "--current", cur.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cur.csv line 3", "'x'", "not a number");
    }

    @Test
    void shouldHonourKindOverrides() throws IOException {
        Path ref = file("ref.csv", "zip,v\n10115,1\n80331,2\n10115,3\n");
        Path cur = file("cur.csv", "zip,v\n10115,1\n20095,2\n");
        Run r = run("--reference", ref.toString(), "--current", cur.toString(), "--categorical", "zip",
            "--min-sample-size", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode zip = MAPPER.readTree(r.out()).get("columns").get(0);
        assertThat(zip.get("kind").asText()).isEqualTo("categorical");
        assertThat(zip.get("categories").get(0).asText()).isEqualTo("10115");
        assertThat(zip.get("metrics").get("new_category_share").asDouble()).isEqualTo(0.5);
        JsonNode v = MAPPER.readTree(r.out()).get("columns").get(1);
        assertThat(v.get("kind").asText()).isEqualTo("numeric");
    }

    @Test
    void shouldReportInsufficientDataForSmallFilesByDefault() throws IOException {
        Path ref = file("ref.csv", "v\n1\n2\n3\n");
        Path cur = file("cur.csv", "v\n7\n8\n");
        Run r = run("--reference", ref.toString(), "--current", cur.toString());
        JsonNode v = MAPPER.readTree(r.out()).get("columns").get(0);
        assertThat(v.get("status").get("psi").asText()).isEqualTo("insufficient_data");
        assertThat(v.get("metrics").get("ks").get("p_value").asDouble()).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-12)); // scipy.stats.ks_2samp([1,2,3],[7,8])
    }

    @Test
    void shouldRejectAnUnknownColumn() throws IOException {
        Path ref = file("ref.csv", "v\n1\n");
        Path cur = file("cur.csv", "v\n2\n");
        Run r = run("--reference", ref.toString(), "--current", cur.toString(), "--columns", "w");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no column 'w'");
    }

    @Test
    void failOnShouldExitThreeWhenAColumnReachesTheStatus() throws IOException {
        StringBuilder ref = new StringBuilder("x,colour\n");
        StringBuilder same = new StringBuilder("x,colour\n");
        StringBuilder shifted = new StringBuilder("x,colour\n");
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 2000; i++) {
            ref.append(random.nextGaussian()).append(',').append(i % 2 == 0 ? "red" : "blue").append('\n');
            same.append(random.nextGaussian()).append(',').append(i % 2 == 0 ? "red" : "blue").append('\n');
            shifted.append(3 + random.nextGaussian()).append(',').append(i % 2 == 0 ? "red" : "blue").append('\n');
        }
        Path reference = file("ref.csv", ref.toString());
        Path calm = file("same.csv", same.toString());
        Path drifted = file("shifted.csv", shifted.toString());

        Run drift = run("--reference", reference.toString(), "--current", drifted.toString(), "--fail-on", "drift");
        assertThat(drift.exitCode()).as(drift.err()).isEqualTo(3);
        assertThat(drift.err()).contains("1 column reached drift (--fail-on drift): x");
        assertThat(MAPPER.readTree(drift.out()).get("columns")).as("the result is still printed").hasSize(2);
        assertThat(run("--reference", reference.toString(), "--current", drifted.toString(), "--fail-on", "warn").exitCode())
            .isEqualTo(3);
        assertThat(run("--reference", reference.toString(), "--current", drifted.toString()).exitCode())
            .as("without --fail-on").isZero();
        Run ok = run("--reference", reference.toString(), "--current", calm.toString(), "--fail-on", "drift");
        assertThat(ok.exitCode()).as(ok.out()).isZero();
        assertThat(run("--reference", reference.toString(), "--current", calm.toString(), "--fail-on", "sometimes").exitCode())
            .isEqualTo(2);
        assertThat(run("--reference", dir.resolve("missing.csv").toString(), "--current", calm.toString(), "--fail-on", "drift")
            .exitCode()).as("an error is not a gate").isEqualTo(1);
    }

    @Test
    void shouldShowProgressOnStandardError() throws IOException {
        Run r = run("--reference", resource("compare_reference.csv").toString(),
            "--current", resource("compare_current.csv").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("compare: reading compare_reference.csv: 100%", "compare: reading compare_current.csv: 100%",
            "compare: columns: 100%");
    }
}
