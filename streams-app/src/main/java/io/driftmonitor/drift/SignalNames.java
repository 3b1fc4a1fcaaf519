package io.driftmonitor.drift;

/** The names of the signals of a prediction, as they appear in events and queries. */
public final class SignalNames {
    public static final String FEATURE_PREFIX = "feature:";
    public static final String SCORES_PREFIX = "scores:";
    public static final String SCORE = "score";
    public static final String PREDICTION = "prediction";
    public static final String LABEL = "label";

    private SignalNames() {
    }

    public static String feature(String name) {
        return FEATURE_PREFIX + name;
    }

    public static String classScore(String className) {
        return SCORES_PREFIX + className;
    }

    /** Signals a default drift policy triggers retraining on: the score and every feature. */
    public static boolean isRetrainRelevant(String signal) {
        return signal.equals(SCORE) || signal.startsWith(FEATURE_PREFIX) || signal.startsWith(SCORES_PREFIX);
    }
}
