package io.driftmonitor.query;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.drift.BaselineBuilder;
import io.driftmonitor.drift.PredictionSignals;
import io.driftmonitor.schema.Baseline;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.schema.SignalBaseline;
import io.driftmonitor.schema.SignalKind;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.state.EmbeddingAccumulator;
import io.driftmonitor.state.SignalAccumulator;
import io.driftmonitor.state.WindowPartial;
import io.driftmonitor.topology.WindowReport;

/**
 * Baselines built from what users upload: a training sample (CSV with a header row, or JSON lines)
 * or a closed production window. A sample goes through the same signal mapping as live predictions
 * and the same builder as the monitor's first-window baseline, so its quantile edges and counts are
 * those the monitor would compute from the same records.
 *
 * <p>Column (or JSON key) mapping: {@code score} is the score, {@code scores:<class>} a class
 * probability, {@code predicted_label} (or {@code prediction}) the predicted label, {@code label}
 * the ground truth, {@code embedding} the embedding vector (a JSON array of numbers; in a CSV
 * cell quoted, e.g. {@code "[0.1,0.2]"}); every other column is a feature. A JSON line with a {@code features} object is
 * read like a prediction event instead. Empty CSV cells and JSON nulls are missing values.
 */
public final class SampleBaselines {
    public enum Format { CSV, JSON_LINES }

    private SampleBaselines() {
    }

    /** A baseline (version, model and source to be set by the caller) from a sample. */
    public static Baseline fromSample(String model, InputStream body, Format format, ModelPolicy policy, long version,
                               long createdAt, long effectiveFrom) throws IOException {
        WindowPartial partial = new WindowPartial(model, 0, 1, WindowPartial.ALL, WindowPartial.NO_BASELINE);
        PredictionSignals signals = new PredictionSignals(EmbeddingAccumulator.UPLOAD_SAMPLE_FLOATS,
            EmbeddingAccumulator.MAX_UPLOAD_SAMPLE_VECTORS);
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        long rows = format == Format.CSV ? readCsv(model, reader, partial, signals, policy.multivariate)
            : readJsonLines(model, reader, partial, signals, policy.multivariate);
        if (rows < policy.baselineMinCount) {
            throw ApiException.badRequest("the sample has " + rows + " records; a baseline needs at least baseline_min_count = "
                + policy.baselineMinCount);
        }
        Baseline b = BaselineBuilder.fromWindow(List.of(partial), policy, version, createdAt,
            "upload:" + (format == Format.CSV ? "csv" : "jsonl") + ":" + rows);
        b.setEffectiveFrom(effectiveFrom);
        return b;
    }

    private static void feed(String model, long row, Map<String, Object> columns, WindowPartial partial,
                             PredictionSignals signals, ModelPolicy.Multivariate multivariate) {
        Map<String, Object> features = new HashMap<>();
        Map<String, Double> scores = new HashMap<>();
        PredictionEvent.Builder e = PredictionEvent.newBuilder()
            .setPredictionId("sample-" + row).setModelId(model).setTimestamp(0).setTags(Map.of());
        for (Map.Entry<String, Object> c : columns.entrySet()) {
            String name = c.getKey();
            Object v = c.getValue();
            switch (name) {
                case "score" -> e.setScore(number(row, name, v));
                case "embedding" -> e.setEmbedding(embedding(row, v));
                case "predicted_label", "prediction" -> e.setPredictedLabel(v == null ? null : v.toString());
                case "label" -> {
                    if (v instanceof Double d) {
                        e.setLabelValue(d);
                    } else if (v != null) {
                        e.setLabel(v.toString());
                    }
                }
                default -> {
                    if (name.startsWith("scores:")) {
                        Double d = number(row, name, v);
                        if (d != null) {
                            scores.put(name.substring("scores:".length()), d);
                        }
                    } else {
                        features.put(name, v);
                    }
                }
            }
        }
        e.setFeatures(features);
        if (!scores.isEmpty()) {
            e.setScores(scores);
        }
        partial.countRecord(0, null, -1, row);
        signals.feed(partial, e.build(), n -> SignalAccumulator.learning(), null, multivariate);
    }

    /** An embedding column: a JSON array of numbers (in JSON lines, or as the text of a CSV cell); empty is none. */
    private static List<Float> embedding(long row, Object v) {
        if (v == null) {
            return null;
        }
        JsonNode array = v instanceof JsonNode n ? n : null;
        if (array == null) {
            try {
                array = JsonRecordCodec.mapper().readTree(v.toString());
            } catch (IOException ex) {
                array = null;
            }
        }
        if (array == null || !array.isArray()) {
            throw ApiException.badRequest("record " + row + ": embedding must be a JSON array of numbers");
        }
        List<Float> out = new ArrayList<>(array.size());
        for (JsonNode x : array) {
            if (!x.isNumber()) {
                throw ApiException.badRequest("record " + row + ": embedding must be a JSON array of numbers");
            }
            out.add(x.floatValue());
        }
        return out;
    }

    private static Double number(long row, String column, Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Double d) {
            return d;
        }
        throw ApiException.badRequest("record " + row + ": " + column + " must be a number, got '" + v + "'");
    }

    private static long readCsv(String model, BufferedReader reader, WindowPartial partial, PredictionSignals signals,
                                ModelPolicy.Multivariate multivariate)
            throws IOException {
        List<String> header = Csv.readRecord(reader);
        if (header == null || header.isEmpty() || header.stream().allMatch(String::isBlank)) {
            throw ApiException.badRequest("the CSV has no header row");
        }
        long rows = 0;
        List<String> record;
        while ((record = Csv.readRecord(reader)) != null) {
            if (record.size() == 1 && record.get(0).isEmpty()) {
                continue;
            }
            rows++;
            if (record.size() != header.size()) {
                throw ApiException.badRequest("CSV record " + rows + " has " + record.size() + " fields, the header has "
                    + header.size());
            }
            Map<String, Object> columns = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                columns.put(header.get(i).trim(), cell(record.get(i)));
            }
            feed(model, rows, columns, partial, signals, multivariate);
        }
        return rows;
    }

    /** A CSV cell as the JSON value it stands for: empty is null, numbers and booleans are typed. */
    static Object cell(String raw) {
        String v = raw.trim();
        if (v.isEmpty()) {
            return null;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v.toLowerCase());
        }
        char c = v.charAt(0);
        if (Character.isDigit(c) || c == '-' || c == '+' || c == '.' || v.equals("NaN")) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }

    private static long readJsonLines(String model, BufferedReader reader, WindowPartial partial, PredictionSignals signals,
                                ModelPolicy.Multivariate multivariate)
            throws IOException {
        long rows = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            rows++;
            JsonNode node;
            try {
                node = JsonRecordCodec.mapper().readTree(line);
            } catch (IOException e) {
                throw ApiException.badRequest("line " + rows + " is not valid JSON");
            }
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("line " + rows + " is not a JSON object");
            }
            Map<String, Object> columns = new HashMap<>();
            if (node.has("features") && node.get("features").isObject()) {
                node.get("features").fields().forEachRemaining(f -> columns.put(f.getKey(), value(f.getValue())));
                for (String k : List.of("score", "predicted_label", "label")) {
                    if (node.hasNonNull(k)) {
                        columns.put(k, value(node.get(k)));
                    }
                }
                if (node.hasNonNull("embedding")) {
                    columns.put("embedding", node.get("embedding"));
                }
                if (node.hasNonNull("label_value")) {
                    columns.put("label", value(node.get("label_value")));
                }
                if (node.has("scores") && node.get("scores").isObject()) {
                    node.get("scores").fields().forEachRemaining(f -> columns.put("scores:" + f.getKey(), value(f.getValue())));
                }
            } else {
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> f = it.next();
                    columns.put(f.getKey(), f.getKey().equals("embedding") && f.getValue().isArray() ? f.getValue()
                        : value(f.getValue()));
                }
            }
            feed(model, rows, columns, partial, signals, multivariate);
        }
        return rows;
    }

    private static Object value(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isTextual()) {
            return n.asText();
        }
        return n.toString();
    }

    /**
     * A baseline from a closed window: the window's counts over the bins its drift events used (the
     * baseline's edges and categories then in force), for the whole model and each segment.
     */
    static Baseline fromWindow(WindowReport window, long version, long createdAt, long effectiveFrom) {
        List<SignalBaseline> slices = new ArrayList<>();
        for (Map<String, Object> e : window.signals) {
            List<Double> edges = doubles(e.get("edges"));
            List<String> categories = strings(e.get("categories"));
            List<Long> counts = longs(e.get("window_counts"));
            if (counts.isEmpty()) {
                continue;
            }
            slices.add(SignalBaseline.newBuilder()
                .setName((String) e.get("signal"))
                .setSegment((String) e.get("segment"))
                .setKind(e.get("categories") != null ? SignalKind.categorical : SignalKind.numeric)
                .setEdges(edges)
                .setCategories(categories)
                .setCounts(counts)
                .setMissing(((Number) e.getOrDefault("window_missing", 0L)).longValue())
                .setTotal(((Number) e.get("window_count")).longValue())
                .build());
        }
        if (slices.isEmpty()) {
            throw ApiException.conflict("window " + window.windowStart + " has no binned signals to build a baseline from");
        }
        return Baseline.newBuilder()
            .setModelId(window.modelId)
            .setVersion(version)
            .setCreatedAt(createdAt)
            .setSource("window:" + window.windowStart)
            .setEffectiveFrom(effectiveFrom)
            .setSignals(slices)
            .build();
    }

    private static List<Double> doubles(Object o) {
        List<Double> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(v -> out.add(((Number) v).doubleValue()));
        }
        return out;
    }

    private static List<Long> longs(Object o) {
        List<Long> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(v -> out.add(((Number) v).longValue()));
        }
        return out;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }

    /** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
    static final class Csv {
        private Csv() {
        }

        static List<String> readRecord(BufferedReader in) throws IOException {
            int ch = in.read();
            if (ch == -1) {
                return null;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            while (true) {
                if (quoted) {
                    if (ch == -1) {
                        throw ApiException.badRequest("CSV: unterminated quoted field");
                    }
                    if (ch == '"') {
                        in.mark(1);
                        int next = in.read();
                        if (next == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            in.reset();
                        }
                    } else {
                        field.append((char) ch);
                    }
                } else if (ch == '"' && field.length() == 0) {
                    quoted = true;
                } else if (ch == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else if (ch == '\n' || ch == -1) {
                    break;
                } else if (ch == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                    break;
                } else {
                    field.append((char) ch);
                }
                ch = in.read();
            }
            fields.add(field.toString());
            return fields;
        }
    }
}
