package io.driftmonitor.drift;

/** The names of the signals of a prediction, as they appear in events and queries. */
public final class SignalNames {
    public static final String FEATURE_PREFIX = "feature:";
    public static final String SCORES_PREFIX = "scores:";
    public static final String SCORE = "score";
    public static final String PREDICTION = "prediction";
    public static final String LABEL = "label";
    /** Distance between the window's and the baseline's embedding centroids. */
    public static final String EMBEDDING_CENTROID = "embedding:centroid";
    /** Kernel two-sample statistic (MMD, random Fourier features) of the embeddings. */
    public static final String EMBEDDING_MMD = "embedding:mmd";
    /** PCA reconstruction error of the numeric features against the baseline's principal components. */
    public static final String MULTIVARIATE_PCA = "multivariate:pca_reconstruction";
    /** Records whose embedding had another dimension than the baseline's. */
    public static final String EMBEDDING_DIMENSION = "data_quality:embedding_dimension";

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
