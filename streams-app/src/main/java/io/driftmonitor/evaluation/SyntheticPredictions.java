package io.driftmonitor.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.driftmonitor.schema.PredictionEvent;

/**
 * The predictions of a {@link Scenario}, window by window, deterministic for a seed: a binary
 * classifier whose score depends on {@code amount}, {@code age} and {@code merchant}, with a
 * {@code distance} feature that never drifts and a {@code country} tag for segments.
 *
 * <p>Unlike the demo's {@code TrafficGenerator}, which paces a Kafka producer by the wall clock,
 * this one only makes records: the evaluation feeds them to the topology in simulated time.
 */
public final class SyntheticPredictions {
    public static final String MODEL = "evaluation-model";
    public static final String MODEL_VERSION = "1";
    static final List<String> COUNTRIES = List.of("DE", "FR", "US", "GB");
    static final List<String> MERCHANTS = List.of("grocery", "travel", "electronics", "fashion", "fuel");
    private static final double[] MERCHANT_MIX = {0.35, 0.15, 0.15, 0.20, 0.15};
    private static final double[] MERCHANT_MIX_DRIFTED = {0.20, 0.45, 0.10, 0.15, 0.10};
    private static final double[] MERCHANT_EFFECT = {-0.3, 0.8, 0.4, 0.0, -0.2};
    /** Full shifts, in standard deviations of the feature (amount on the log scale). */
    static final double ABRUPT_SHIFT = 0.8;
    static final double GRADUAL_SHIFT = 1.0;
    static final double SEGMENT_SHIFT = 1.0;

    private final Scenario scenario;
    private final Random random;
    private long sequence;

    public SyntheticPredictions(Scenario scenario, long seed) {
        this.scenario = scenario;
        this.random = new Random(seed);
    }

    /** The seed of a scenario's data: the run's seed and the scenario's name, so a subset of scenarios gives the same data. */
    public static long seedFor(long seed, String scenario) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (char c : scenario.toCharArray()) {
            h = (h ^ c) * 0x100000001B3L;
        }
        return h;
    }

    /**
     * The predictions of one window, event times spread evenly over [start, start + size).
     *
     * @param window the window's index in the scenario; -1 is the reference window (no drift)
     */
    public List<PredictionEvent> window(int window, long start, long size, int count) {
        double intensity = window < 0 ? 0 : scenario.intensity(window);
        List<PredictionEvent> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(prediction(start + (size * i) / count, intensity));
        }
        return out;
    }

    private PredictionEvent prediction(long timestamp, double intensity) {
        String country = COUNTRIES.get(random.nextInt(COUNTRIES.size()));
        double zAmount = random.nextGaussian();
        double zAge = random.nextGaussian();
        double distance = -Math.log(1 - random.nextDouble()) * 5;
        boolean mixDrifted = false;
        switch (scenario.kind()) {
            case ABRUPT -> zAmount += intensity * ABRUPT_SHIFT;
            case GRADUAL -> zAge += intensity * GRADUAL_SHIFT;
            case SEGMENT -> zAmount += "DE".equals(country) ? intensity * SEGMENT_SHIFT : 0;
            case RECURRING -> mixDrifted = intensity > 0;
            case NONE -> { }
        }
        int merchant = pick(mixDrifted ? MERCHANT_MIX_DRIFTED : MERCHANT_MIX);
        double logit = -1.0 + 0.9 * zAmount + 0.6 * zAge + MERCHANT_EFFECT[merchant] + 0.5 * random.nextGaussian();
        double score = 1 / (1 + Math.exp(-logit));
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("amount", Math.exp(3.5 + zAmount));
        features.put("age", 40 + 12 * zAge);
        features.put("distance", distance);
        features.put("merchant", MERCHANTS.get(merchant));
        return PredictionEvent.newBuilder()
            .setPredictionId(scenario.name() + "-" + sequence++)
            .setModelId(MODEL)
            .setModelVersion(MODEL_VERSION)
            .setTimestamp(timestamp)
            .setFeatures(features)
            .setScore(score)
            .setPredictedLabel(score >= 0.5 ? "positive" : "negative")
            .setTags(Map.of("country", country))
            .build();
    }

    private int pick(double[] mix) {
        double u = random.nextDouble();
        for (int i = 0; i < mix.length - 1; i++) {
            u -= mix[i];
            if (u < 0) {
                return i;
            }
        }
        return mix.length - 1;
    }
}
