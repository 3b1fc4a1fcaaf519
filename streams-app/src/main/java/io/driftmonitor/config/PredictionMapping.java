package io.driftmonitor.config;

import java.util.List;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;

/**
 * How a record in the user's own schema (Avro or JSON) becomes a prediction for the monitor
 * ({@code inputs.predictions.mapping} in {@code monitor.yaml}). Every value is a field path
 * ({@code a.b.c}: field {@code c} of the nested record or map {@code b} of {@code a}); the lists
 * accept wildcards in their last element ({@code inputs.*}, {@code feat_*}) and a map or record
 * path, which contributes all its entries. Absent optional fields are null, never an error, so a
 * new schema version with more or fewer optional fields keeps being monitored.
 */
@JsonDeserialize(builder = PredictionMapping.Builder.class)
public final class PredictionMapping {
    /** Field holding the model id; or use {@link #modelIdConstant}. */
    public final String modelId;
    /** The model id of every record of the topic, when the records do not carry it. */
    public final String modelIdConstant;
    public final String modelVersion;
    /** Field of the prediction id; absent: the record key, else topic-partition-offset. */
    public final String predictionId;
    /** Field of the event time; absent: the Kafka record timestamp. */
    public final String timestamp;
    /** Unit of a numeric timestamp field without an Avro logical type: ms, s or us. */
    public final String timestampUnit;
    public final String score;
    /** A map (or record) of class name to probability. */
    public final String scores;
    public final String predictedLabel;
    /** Paths of features: fields, records or maps (all their entries), with wildcards. */
    public final List<String> features;
    /** Paths of segmentation tags, same syntax as features; values are turned into strings. */
    public final List<String> tags;
    /** Field of a numeric array. */
    public final String embedding;
    /** Field of a ground-truth label known at prediction time (string or number). */
    public final String label;
    /** Field of the deployment role (champion, challenger, canary, shadow). */
    public final String deployment;

    private PredictionMapping(Builder b) {
        modelId = b.modelId;
        modelIdConstant = b.modelIdConstant;
        modelVersion = b.modelVersion;
        predictionId = b.predictionId;
        timestamp = b.timestamp;
        timestampUnit = b.timestampUnit;
        score = b.score;
        scores = b.scores;
        predictedLabel = b.predictedLabel;
        features = b.features == null ? List.of() : Immutable.list(b.features);
        tags = b.tags == null ? List.of() : Immutable.list(b.tags);
        embedding = b.embedding;
        label = b.label;
        deployment = b.deployment;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with these values, to derive another. */
    public Builder toBuilder() {
        return new Builder(this);
    }

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

    /** Builds {@link PredictionMapping}: the keys not set keep their defaults. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private String modelId;
        private String modelIdConstant;
        private String modelVersion;
        private String predictionId;
        private String timestamp;
        private String timestampUnit = "ms";
        private String score;
        private String scores;
        private String predictedLabel;
        private List<String> features = List.of();
        private List<String> tags = List.of();
        private String embedding;
        private String label;
        private String deployment;

        private Builder() {
        }

        private Builder(PredictionMapping from) {
            modelId = from.modelId;
            modelIdConstant = from.modelIdConstant;
            modelVersion = from.modelVersion;
            predictionId = from.predictionId;
            timestamp = from.timestamp;
            timestampUnit = from.timestampUnit;
            score = from.score;
            scores = from.scores;
            predictedLabel = from.predictedLabel;
            features = from.features;
            tags = from.tags;
            embedding = from.embedding;
            label = from.label;
            deployment = from.deployment;
        }

        public Builder modelId(String value) {
            modelId = value;
            return this;
        }

        public Builder modelIdConstant(String value) {
            modelIdConstant = value;
            return this;
        }

        public Builder modelVersion(String value) {
            modelVersion = value;
            return this;
        }

        public Builder predictionId(String value) {
            predictionId = value;
            return this;
        }

        public Builder timestamp(String value) {
            timestamp = value;
            return this;
        }

        public Builder timestampUnit(String value) {
            timestampUnit = value;
            return this;
        }

        public Builder score(String value) {
            score = value;
            return this;
        }

        public Builder scores(String value) {
            scores = value;
            return this;
        }

        public Builder predictedLabel(String value) {
            predictedLabel = value;
            return this;
        }

        public Builder features(List<String> value) {
            features = value;
            return this;
        }

        public Builder tags(List<String> value) {
            tags = value;
            return this;
        }

        public Builder embedding(String value) {
            embedding = value;
            return this;
        }

        public Builder label(String value) {
            label = value;
            return this;
        }

        public Builder deployment(String value) {
            deployment = value;
            return this;
        }

        public PredictionMapping build() {
            return new PredictionMapping(this);
        }
    }
}
