package io.driftmonitor.config;

import java.util.ArrayList;
import java.util.List;

/**
 * How a record in the user's own schema (Avro or JSON) becomes a prediction for the monitor
 * ({@code inputs.predictions.mapping} in {@code monitor.yaml}). Every value is a field path
 * ({@code a.b.c}: field {@code c} of the nested record or map {@code b} of {@code a}); the lists
 * accept wildcards in their last element ({@code inputs.*}, {@code feat_*}) and a map or record
 * path, which contributes all its entries. Absent optional fields are null, never an error, so a
 * new schema version with more or fewer optional fields keeps being monitored.
 */
public class PredictionMapping {
    /** Field holding the model id; or use {@link #modelIdConstant}. */
    public String modelId;
    /** The model id of every record of the topic, when the records do not carry it. */
    public String modelIdConstant;
    public String modelVersion;
    /** Field of the prediction id; absent: the record key, else topic-partition-offset. */
    public String predictionId;
    /** Field of the event time; absent: the Kafka record timestamp. */
    public String timestamp;
    /** Unit of a numeric timestamp field without an Avro logical type: ms, s or us. */
    public String timestampUnit = "ms";
    public String score;
    /** A map (or record) of class name to probability. */
    public String scores;
    public String predictedLabel;
    /** Paths of features: fields, records or maps (all their entries), with wildcards. */
    public List<String> features = new ArrayList<>();
    /** Paths of segmentation tags, same syntax as features; values are turned into strings. */
    public List<String> tags = new ArrayList<>();
    /** Field of a numeric array. */
    public String embedding;
    /** Field of a ground-truth label known at prediction time (string or number). */
    public String label;
    /** Field of the deployment role (champion, challenger, canary, shadow). */
    public String deployment;

    /** Checks the mapping; throws naming every bad key under {@code path}. */
    public void validate(String path) {
        ConfigProblems problems = new ConfigProblems();
        validate(path, problems);
        problems.throwIfAny();
    }

    /** Checks the mapping, recording every bad key under {@code path}. */
    public void validate(String path, ConfigProblems problems) {
        if ((modelId == null) == (modelIdConstant == null)) {
            problems.add(path + ".model_id: exactly one of model_id and model_id_constant is required");
        }
        if (modelIdConstant != null && modelIdConstant.isBlank()) {
            problems.add(path + ".model_id_constant: must not be empty");
        }
        if (!"ms".equals(timestampUnit) && !"s".equals(timestampUnit) && !"us".equals(timestampUnit)) {
            problems.add(path + ".timestamp_unit: must be ms, s or us, got '" + timestampUnit + "'");
        }
        checkPath(problems, path + ".model_id", modelId);
        checkPath(problems, path + ".model_version", modelVersion);
        checkPath(problems, path + ".prediction_id", predictionId);
        checkPath(problems, path + ".timestamp", timestamp);
        checkPath(problems, path + ".score", score);
        checkPath(problems, path + ".scores", scores);
        checkPath(problems, path + ".predicted_label", predictedLabel);
        checkPath(problems, path + ".embedding", embedding);
        checkPath(problems, path + ".label", label);
        checkPath(problems, path + ".deployment", deployment);
        if (features == null) {
            features = new ArrayList<>();
        }
        if (tags == null) {
            tags = new ArrayList<>();
        }
        for (int i = 0; i < features.size(); i++) {
            checkPattern(problems, path + ".features[" + i + "]", features.get(i));
        }
        for (int i = 0; i < tags.size(); i++) {
            checkPattern(problems, path + ".tags[" + i + "]", tags.get(i));
        }
    }

    private static void checkPath(ConfigProblems problems, String key, String value) {
        if (value == null) {
            return;
        }
        if (value.isBlank() || value.contains("*")) {
            problems.add(key + ": must be a field path such as 'a' or 'a.b' (no wildcard), got '" + value + "'");
            return;
        }
        checkSegments(problems, key, value);
    }

    private static void checkPattern(ConfigProblems problems, String key, String value) {
        if (value == null || value.isBlank()) {
            problems.add(key + ": must be a field path, got an empty value");
            return;
        }
        String[] parts = checkSegments(problems, key, value);
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].contains("*")) {
                problems.add(key + ": a wildcard is allowed only in the last part of '" + value + "'");
                break;
            }
        }
    }

    private static String[] checkSegments(ConfigProblems problems, String key, String value) {
        String[] parts = value.split("\\.", -1);
        for (String p : parts) {
            if (p.isEmpty()) {
                problems.add(key + ": empty part in field path '" + value + "'");
                break;
            }
        }
        return parts;
    }
}
