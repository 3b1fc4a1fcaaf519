package io.driftmonitor.topology;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.promotion.PromotionDecider;
import io.driftmonitor.promotion.PromotionDecision;
import io.driftmonitor.promotion.PromotionPolicy;
import io.driftmonitor.promotion.RoleOutcome;
import io.driftmonitor.promotion.Roles;
import io.driftmonitor.schema.PromotionEvent;
import io.driftmonitor.serde.EventEncoder;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.state.PerformancePartial;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Champion/challenger decisions of level 2. Each time the labelled outcomes of a closed window
 * change, the model's promotion policy compares the champion (the model's whole-window performance,
 * which only champion predictions feed) with its candidate role's segment {@code deployment=<role>}
 * in the same window. A decision on enough labels goes to the promotion topic and the promotion
 * history, once per window and decision: more labels that change nothing emit nothing, and a changed
 * decision is a new event. The event id is a name-based UUID of (model, candidate version, window
 * start, decision), so a replay after a crash repeats the same id.
 */
final class Promotions {
    private static final Logger log = LoggerFactory.getLogger(Promotions.class);

    private final MonitorConfig config;
    private final EventEncoder encoder;
    private final ProcessorContext<String, byte[]> context;
    private final KeyValueStore<String, PerformancePartial> performance;
    private final KeyValueStore<String, byte[]> results;
    private final KeyValueStore<String, byte[]> history;

    Promotions(MonitorConfig config, EventEncoder encoder, ProcessorContext<String, byte[]> context,
               KeyValueStore<String, PerformancePartial> performance, KeyValueStore<String, byte[]> results) {
        this.config = config;
        this.encoder = encoder;
        this.context = context;
        this.performance = performance;
        this.results = results;
        this.history = context.getStateStore(TopologyNames.PROMOTION_HISTORY_STORE);
    }

    /** Decides a closed window of a model whose labelled outcomes changed (nothing without a promotion policy). */
    void onPerformance(String model, long windowStart) {
        ModelPolicy modelPolicy = config.policyFor(model);
        PromotionPolicy policy = modelPolicy.promotionPolicy();
        if (policy == null) {
            return;
        }
        PerformancePartial champion = performance.get(StoreKeys.windowSegment(model, windowStart, ""));
        PerformancePartial candidate = performance.get(StoreKeys.windowSegment(model, windowStart, Roles.segment(policy.role())));
        if (champion == null || candidate == null) {
            return;
        }
        PromotionDecision decision = PromotionDecider.decide(policy, outcome(champion), outcome(candidate));
        if (!decision.sufficient()) {
            return;
        }
        String key = StoreKeys.windowSegment(model, windowStart, policy.role());
        Map<?, ?> previous = MergeAndCloseProcessor.readJson(history, key, Map.class);
        if (previous != null && decision.verdict().wireName().equals(previous.get("decision"))) {
            return;
        }
        WindowReport report = MergeAndCloseProcessor.readJson(results, StoreKeys.window(model, windowStart), WindowReport.class);
        String championVersion = report == null ? null : report.modelVersion;
        String candidateVersion = report == null ? null : report.roleVersions.get(policy.role());
        PromotionEvent event = PromotionEvent.newBuilder()
            .setEventId(eventId(model, candidateVersion, windowStart, decision.verdict()))
            .setModelId(model)
            .setChampionVersion(championVersion)
            .setChallengerVersion(candidateVersion)
            .setStrategy(policy.strategy().wireName())
            .setMetric(decision.metric())
            .setChampionValue(finite(decision.championValue()))
            .setChallengerValue(finite(decision.challengerValue()))
            .setPValue(finite(decision.pValue()))
            .setN(decision.championN() + decision.challengerN())
            .setDecision(io.driftmonitor.schema.PromotionDecision.valueOf(decision.verdict().wireName()))
            .setDecidedAt(context.currentSystemTimeMs())
            .setWindowEnd(champion.windowEnd())
            .build();
        context.forward(new Record<>(model, encoder.encode(config.topics.promotionEvents, event), champion.windowEnd()),
            TopologyNames.WRITE_PROMOTION_EVENTS);
        Map<String, Object> entry = JsonRecordCodec.toPlain(event);
        entry.put("window_start", windowStart);
        entry.put("role", policy.role());
        entry.put("test", decision.test());
        entry.put("statistic", finite(decision.statistic()));
        entry.put("champion_n", decision.championN());
        entry.put("challenger_n", decision.challengerN());
        entry.put("reason", decision.reason());
        MergeAndCloseProcessor.putJson(history, key, entry);
        long size = champion.windowEnd() - champion.windowStart();
        history.delete(StoreKeys.windowSegment(model, windowStart - (long) config.aggregation.retainedWindows * size,
            policy.role()));
        EventCounts.promotion(model, decision.verdict().wireName());
        log.atInfo().addKeyValue("model", model).log("Model {}: {} {} (window {}, {} {} vs {}, p {})", model, policy.role(), decision.verdict().wireName(),
            windowStart, decision.metric(), decision.championValue(), decision.challengerValue(), decision.pValue());
    }

    static String eventId(String model, String candidateVersion, long windowStart, PromotionDecision.Verdict verdict) {
        String name = "promotion|" + model + "|" + candidateVersion + "|" + windowStart + "|" + verdict.wireName();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** What the promotion tests need of a role's labelled outcomes. */
    static RoleOutcome outcome(PerformancePartial p) {
        long classified = 0;
        long correct = 0;
        for (Map.Entry<String, TreeMap<String, Long>> row : p.confusion().entrySet()) {
            for (Map.Entry<String, Long> cell : row.getValue().entrySet()) {
                classified += cell.getValue();
                if (cell.getKey().equals(row.getKey())) {
                    correct += cell.getValue();
                }
            }
        }
        double auc = Double.NaN;
        long positives = 0;
        long negatives = 0;
        if (p.scores() != null && p.scores().positiveCount() > 0 && p.scores().negativeCount() > 0) {
            auc = p.scores().rocAuc();
            positives = p.scores().positiveCount();
            negatives = p.scores().negativeCount();
        }
        long regressions = p.regression() == null ? 0 : p.regression().count();
        return new RoleOutcome(classified, correct, auc, positives, negatives, regressions,
            regressions == 0 ? Double.NaN : p.regression().mae(), regressions == 0 ? Double.NaN : p.regression().rmse());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
