package io.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the SciPy/NumPy reference values written by tools/reference/generate_reference.py. */
public final class Reference {
    /** Agreement required where the method is exact. */
    public static final double RELATIVE = 1e-9;

    private static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .build();

    private Reference() {
    }

    public static JsonNode load(String name) {
        try (InputStream in = Reference.class.getResourceAsStream("/stats/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource stats/" + name
                    + "; run /usr/bin/python3 tools/reference/generate_reference.py");
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Stream<JsonNode> cases(String name) {
        List<JsonNode> out = new ArrayList<>();
        load(name).get("cases").forEach(out::add);
        return out.stream();
    }

    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    public static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }

    public static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isNull() ? null : n.asText()));
        return out;
    }

    /** Deterministic sample from the integer formula shared with the Python script. */
    public static double[] formulaSample(JsonNode spec) {
        int n = spec.get("n").asInt();
        long multiplier = spec.get("multiplier").asLong();
        long modulus = spec.get("modulus").asLong();
        double scale = spec.get("scale").asDouble();
        double shift = spec.get("shift").asDouble();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double u = (double) ((i * multiplier + 13) % modulus) / (double) modulus;
            out[i] = u * u * scale + shift;
        }
        return out;
    }

    /** |actual - expected| &lt;= rel * |expected| + abs. */
    public static void assertClose(String what, double actual, double expected, double rel, double abs) {
        double tolerance = rel * Math.abs(expected) + abs;
        assertThat(Math.abs(actual - expected))
            .as("%s: actual %s expected %s", what, actual, expected)
            .isLessThanOrEqualTo(tolerance);
    }

    public static void assertClose(String what, double actual, double expected) {
        assertClose(what, actual, expected, RELATIVE, 1e-15);
    }
}
