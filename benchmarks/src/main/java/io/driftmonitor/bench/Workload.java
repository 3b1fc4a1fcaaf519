package io.driftmonitor.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.drift.BaselineBuilder;
import io.driftmonitor.drift.PredictionSignals;
import io.driftmonitor.schema.Baseline;
import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.AvroWireFormat;
import io.driftmonitor.serde.InMemorySchemaRegistry;
import io.driftmonitor.state.SignalAccumulator;
import io.driftmonitor.state.WindowPartial;

/**
 * Synthetic predictions of the benchmark: {@code numeric} double features ({@code n0..}),
 * {@code categorical} string features ({@code c0..}, 8 values each), a score, a predicted label and
 * one tag (4 countries, so one segment per record), spread over {@code models} models. Encoded in
 * the Confluent Avro wire format with the schema id of {@link PredictionEvent} in a
 * {@code mock://} registry. Deterministic for a seed (apart from the event times).
 */
public final class Workload {
    static final String[] COUNTRIES = {"DE", "FR", "US", "GB"};
    /**
     * Event time of the first record: two hours ago, aligned to the hour, so that windows (1 minute
     * by default) are aligned to it. Brokers reject timestamps more than
     * {@code log.message.timestamp.after.max.ms} (1 hour by default) in the future, and delete
     * records older than the retention (7 days by default), so the data must be recent.
     */
    public static final long START_MS = (System.currentTimeMillis() - 2 * 3_600_000L) / 3_600_000L * 3_600_000L;

    final int numeric;
    final int categorical;
    final int models;
    final String modelPrefix;
    final int schemaId;
    private final String[] numericNames;
    private final String[] categoricalNames;
    private final String[][] categoryValues;

    public Workload(int numeric, int categorical, int models, String modelPrefix, InMemorySchemaRegistry registry,
             String subject) {
        this.numeric = numeric;
        this.categorical = categorical;
        this.models = models;
        this.modelPrefix = modelPrefix;
        this.schemaId = registry.register(subject, PredictionEvent.getClassSchema());
        numericNames = new String[numeric];
        for (int i = 0; i < numeric; i++) {
            numericNames[i] = "n" + i;
        }
        categoricalNames = new String[categorical];
        categoryValues = new String[categorical][8];
        for (int i = 0; i < categorical; i++) {
            categoricalNames[i] = "c" + i;
            for (int v = 0; v < 8; v++) {
                categoryValues[i][v] = "v" + v;
            }
        }
    }

    public String modelId(int m) {
        return modelPrefix + m;
    }

    /** The {@code i}-th prediction; {@code spanMs} spreads the N records' event times evenly. */
    public PredictionEvent event(Random random, long i, long timestamp) {
        Map<String, Object> features = new HashMap<>(numeric + categorical);
        for (int f = 0; f < numeric; f++) {
            features.put(numericNames[f], (f & 1) == 0 ? random.nextGaussian() : random.nextDouble() * 100);
        }
        for (int f = 0; f < categorical; f++) {
            features.put(categoricalNames[f], categoryValues[f][random.nextInt(8)]);
        }
        double score = random.nextDouble();
        return PredictionEvent.newBuilder()
            .setPredictionId("p" + i)
            .setModelId(modelId((int) (i % models)))
            .setTimestamp(timestamp)
            .setFeatures(features)
            .setScore(score)
            .setPredictedLabel(score >= 0.5 ? "yes" : "no")
            .setTags(Map.of("country", COUNTRIES[random.nextInt(COUNTRIES.length)]))
            .build();
    }

    /** The label of the {@code i}-th prediction ({@link #event} with the same {@code i}): its model and id. */
    public LabelEvent label(Random random, long i, long timestamp) {
        return LabelEvent.newBuilder()
            .setPredictionId("p" + i)
            .setModelId(modelId((int) (i % models)))
            .setTimestamp(timestamp)
            .setLabel(random.nextBoolean() ? "yes" : "no")
            .build();
    }

    public byte[] encode(PredictionEvent event) {
        return AvroWireFormat.encode(event, schemaId);
    }

    /**
     * One baseline per model, built with the monitor's own code from a sample of this workload and
     * effective from before the first record, so that every window counts into histograms.
     */
    public List<Baseline> baselines(ModelPolicy policy) {
        List<Baseline> out = new ArrayList<>();
        Random random = new Random(99);
        PredictionSignals signals = new PredictionSignals();
        for (int m = 0; m < models; m++) {
            WindowPartial partial = new WindowPartial(modelId(m), START_MS - 60_000, START_MS, WindowPartial.ALL,
                WindowPartial.NO_BASELINE);
            for (int i = 0; i < 2_000; i++) {
                PredictionEvent e = event(random, (long) i * models + m, START_MS - 1);
                partial.countRecord(e.getTimestamp(), null, 0, i);
                signals.feed(partial, e, name -> SignalAccumulator.learning());
            }
            out.add(BaselineBuilder.fromWindow(List.of(partial), policy, 1, START_MS, "benchmark"));
        }
        return out;
    }
}
