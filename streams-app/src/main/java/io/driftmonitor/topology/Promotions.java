package io.driftmonitor.topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.promotion.Experiment;
import io.driftmonitor.promotion.Experiments;
import io.driftmonitor.promotion.PromotionDecision;
import io.driftmonitor.promotion.PromotionPolicy;
import io.driftmonitor.promotion.RoleOutcome;
import io.driftmonitor.promotion.Roles;
import io.driftmonitor.promotion.WindowEvidence;
import io.driftmonitor.schema.PromotionEvent;
import io.driftmonitor.serde.EventEncoder;
import io.driftmonitor.serde.JsonRecordCodec;
import io.driftmonitor.state.PerformancePartial;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Champion/challenger experiments of level 2. Each time the labelled outcomes of a closed window
 * change, the model's promotion policy compares the champion (the model's whole-window performance,
 * which only champion predictions feed) with its candidate role's segment {@code deployment=<role>}
 * in the same window, and adds the window's evidence to the experiment of (model, champion version,
 * candidate version, strategy) - a new candidate version opens a new experiment. The experiment's
 * always-valid test ({@link Experiments}) is looked at on the evidence of all its windows; its
 * decision goes to the promotion topic once, when it concludes, and the experiment (running or
 * concluded, with its evidence, looks and decision) is kept in the promotion history store, one
 * entry per experiment, which the HTTP API lists. It survives a restart with the store's changelog.
 * The event id is a name-based UUID of (experiment id, decision), so a replay after a crash repeats it.
 */
final class Promotions {
    private static final Logger log = LoggerFactory.getLogger(Promotions.class);
    /** Experiments kept per model: beyond them the oldest concluded ones are forgotten. */
    static final int EXPERIMENTS_KEPT = 32;
    private static final String EXPERIMENT = "experiment";
    /** Snake case, as the events and the HTTP API. */
    private static final ObjectMapper STATE_JSON = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

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

    /** Adds a closed window whose labelled outcomes changed to its experiment (nothing without a promotion policy). */
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
        WindowReport report = MergeAndCloseProcessor.readJson(results, StoreKeys.window(model, windowStart), WindowReport.class);
        if (report == null) {
            return; // the window's report (and with it the roles' versions) is no longer kept: no experiment to add it to
        }
        String championVersion = report.modelVersion;
        String candidateVersion = report.roleVersions.get(policy.role());
        RoleOutcome championOutcome = outcome(champion);
        RoleOutcome candidateOutcome = outcome(candidate);
        String id = Experiments.experimentId(model, championVersion, candidateVersion, policy.strategy().wireName());
        Stored stored = find(model, id);
        Experiment experiment = stored != null ? stored.experiment
            : Experiments.open(model, championVersion, candidateVersion, policy,
                Experiments.metricFor(policy, championOutcome, candidateOutcome));
        WindowEvidence evidence = WindowEvidence.of(experiment.metric, windowStart, champion.windowEnd(), championOutcome,
            candidateOutcome);
        if (evidence == null) {
            return; // nothing the metric can use yet (e.g. no labels of one role)
        }
        evidence.withPredictions(predictedLabels(champion), predictedLabels(candidate));
        var verdict = Experiments.look(policy, experiment, evidence);
        String key = stored != null ? stored.key : experimentKey(model, windowStart, id);
        PromotionEvent event = verdict.map(v -> event(experiment, v)).orElse(null);
        save(key, experiment, event, stored);
        if (stored == null) {
            forgetOldExperiments(model);
        }
        if (event != null) {
            context.forward(new Record<>(model, encoder.encode(config.topics.promotionEvents, event), event.getWindowEnd()),
                TopologyNames.WRITE_PROMOTION_EVENTS);
            EventCounts.promotion(model, verdict.get().wireName());
            log.atInfo().addKeyValue("model", model).log("Model {}: experiment {} ({} {} vs champion {}) concluded {} after {} look(s) over {} window(s) ({} {} vs {}, "
                    + "always-valid p {})", model, experiment.experimentId, policy.role(), candidateVersion, championVersion,
                experiment.decision, experiment.looks, experiment.windows.size(), experiment.metric,
                experiment.championValue, experiment.candidateValue, experiment.pValue);
        }
    }

    private PromotionEvent event(Experiment x, PromotionDecision.Verdict verdict) {
        return PromotionEvent.newBuilder()
            .setEventId(eventId(x.experimentId, verdict))
            .setModelId(x.modelId)
            .setChampionVersion(x.championVersion)
            .setChallengerVersion(x.candidateVersion)
            .setStrategy(x.strategy)
            .setMetric(x.metric)
            .setChampionValue(finite(x.championValue))
            .setChallengerValue(finite(x.candidateValue))
            .setPValue(finite(x.pValue))
            .setN(x.championN + x.candidateN)
            .setDecision(io.driftmonitor.schema.PromotionDecision.valueOf(verdict.wireName()))
            .setDecidedAt(context.currentSystemTimeMs())
            .setWindowEnd(x.decidedAtWindowEnd)
            .setExperimentId(x.experimentId)
            .setLooks(x.looks)
            .setDisagreementRate(finite(x.disagreementRate))
            .build();
    }

    /** Deterministic: an experiment's decision always has the same id. */
    static String eventId(String experimentId, PromotionDecision.Verdict verdict) {
        String name = "promotion|" + experimentId + "|" + verdict.wireName();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The history key of an experiment: model, its first window and its id, so a model's experiments list in time order. */
    static String experimentKey(String model, long firstWindowStart, String experimentId) {
        return StoreKeys.window(model, firstWindowStart) + StoreKeys.SEPARATOR + EXPERIMENT + StoreKeys.SEPARATOR + experimentId;
    }

    private static boolean isExperimentKey(String key) {
        return key.contains(StoreKeys.SEPARATOR + EXPERIMENT + StoreKeys.SEPARATOR);
    }

    private record Stored(String key, Experiment experiment) {
    }

    /**
     * The stored experiment with this id, if any. Entries of the earlier per-window format found on
     * the way are removed: they are not experiments.
     */
    private Stored find(String model, String experimentId) {
        Stored found = null;
        List<String> legacy = new ArrayList<>();
        String suffix = StoreKeys.SEPARATOR + EXPERIMENT + StoreKeys.SEPARATOR + experimentId;
        try (KeyValueIterator<String, byte[]> it = history.prefixScan(StoreKeys.modelPrefix(model), new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (!isExperimentKey(kv.key)) {
                    legacy.add(kv.key);
                } else if (kv.key.endsWith(suffix)) {
                    found = new Stored(kv.key, read(kv.key, kv.value));
                }
            }
        }
        legacy.forEach(history::delete);
        return found;
    }

    /** Keeps at most {@link #EXPERIMENTS_KEPT} experiments of a model, forgetting the oldest concluded ones. */
    private void forgetOldExperiments(String model) {
        List<String> concluded = new ArrayList<>();
        int count = 0;
        try (KeyValueIterator<String, byte[]> it = history.prefixScan(StoreKeys.modelPrefix(model), new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (isExperimentKey(kv.key)) {
                    count++;
                    if (read(kv.key, kv.value).concluded()) {
                        concluded.add(kv.key);
                    }
                }
            }
        }
        for (int i = 0; i < count - EXPERIMENTS_KEPT && i < concluded.size(); i++) {
            history.delete(concluded.get(i));
        }
    }

    /**
     * The experiment as stored: its state in snake case, plus {@code window_end} (the end of its
     * latest window, or of the window it concluded on; the HTTP API filters on it) and the
     * {@code event} it emitted, once concluded.
     */
    private void save(String key, Experiment x, PromotionEvent event, Stored previous) {
        ObjectNode entry = STATE_JSON.valueToTree(x);
        entry.put("window_end", x.decidedAtWindowEnd != null ? x.decidedAtWindowEnd : x.lastWindowEnd);
        // the event's names of the same values, for readers of the earlier per-window entries
        entry.put("challenger_version", x.candidateVersion);
        if (x.candidateValue != null) {
            entry.put("challenger_value", x.candidateValue);
        }
        entry.put("n", x.championN + x.candidateN);
        if (event != null) {
            entry.set("event", STATE_JSON.valueToTree(JsonRecordCodec.toPlain(event)));
            entry.put("event_id", event.getEventId());
        } else if (previous != null) {
            byte[] old = history.get(key);
            try {
                var node = old == null ? null : STATE_JSON.readTree(old).get("event");
                if (node != null) {
                    entry.set("event", node);
                    entry.set("event_id", node.get("event_id"));
                }
            } catch (IOException e) {
                throw new IllegalStateException("corrupt promotion experiment " + key, e);
            }
        }
        try {
            history.put(key, STATE_JSON.writeValueAsBytes(entry));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write promotion experiment " + key, e);
        }
    }

    static Experiment read(String key, byte[] bytes) {
        try {
            ObjectNode node = (ObjectNode) STATE_JSON.readTree(bytes);
            int version = node.path("format_version").asInt(-1);
            if (version != Experiment.FORMAT_VERSION) {
                throw new IllegalStateException("promotion experiment " + key + " has format version " + version
                    + "; this monitor reads " + Experiment.FORMAT_VERSION);
            }
            for (String derived : List.of("window_end", "event", "event_id", "challenger_version", "challenger_value", "n")) {
                node.remove(derived);
            }
            return STATE_JSON.treeToValue(node, Experiment.class);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt promotion experiment " + key, e);
        }
    }

    /**
     * Labelled predictions per predicted label of a role in the window: the column sums of its
     * confusion counts (true label to predicted label). Null without any.
     */
    static Map<String, Long> predictedLabels(PerformancePartial p) {
        Map<String, Long> out = new TreeMap<>();
        for (Map<String, Long> row : p.confusion().values()) {
            row.forEach((predicted, count) -> out.merge(predicted, count, Long::sum));
        }
        return out.isEmpty() ? null : out;
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

    private static Double finite(Double v) {
        return v != null && Double.isFinite(v) ? v : null;
    }
}
