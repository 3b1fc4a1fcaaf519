package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.promotion.PromotionDecision;
import io.driftmonitor.schema.Deployment;
import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Champion/challenger accounting and decisions through the whole topology. */
class PromotionTopologyTest {
    private static final long W = TopologyFixture.WINDOW_MS;
    private TopologyFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static MonitorConfig config(String strategy) {
        MonitorConfig config = TopologyFixture.defaultConfig();
        if (strategy != null) {
            config = config.toBuilder().defaults(d -> d.promotion(p -> p.strategy(strategy))).build();
        }
        return config.validate("test");
    }

    private static String truth(int i) {
        return i % 2 == 0 ? "fraud" : "legit";
    }

    /** Whether predictions carry their ground truth themselves ({@code label}) instead of a label on {@code labels}. */
    private boolean inlineLabels;

    /** A prediction of record i that is right when {@code right} says so. */
    private void predict(String id, int i, long time, Deployment role, String version, boolean right, double x) {
        String predicted = right == truth(i).equals("fraud") ? "fraud" : "legit";
        PredictionEvent e = TopologyFixture.prediction("m", id, time, Map.of("x", x), predicted.equals("fraud") ? 0.9 : 0.1,
            Map.of("country", i % 3 == 0 ? "DE" : "FR"));
        e.setDeployment(role);
        e.setModelVersion(version);
        e.setPredictedLabel(predicted);
        if (inlineLabels) {
            e.setLabel(truth(i));
        }
        fixture.send(e);
    }

    private void label(String id, int i, long time) {
        LabelEvent l = LabelEvent.newBuilder().setPredictionId(id).setModelId("m").setTimestamp(time).setLabel(truth(i)).build();
        fixture.labels.pipeInput(id, JsonRecordCodec.toJsonBytes(l), time);
    }

    /** Closes window 0 with a record of window 1, then lets labels reach level 2 and the closed window be judged. */
    private void closeFirstWindow() {
        fixture.flush();
        predict("next", 0, W + 1, Deployment.champion, "v1", true, 0);
        fixture.flush();
    }

    private void settle() {
        fixture.flush();
        fixture.flush();
    }

    /** Closes window 0 and labels its n requests prefix0..prefix(n-1). */
    private void closeAndLabel(String prefix, int n) {
        closeFirstWindow();
        for (int i = 0; i < n; i++) {
            label(prefix + i, i, W + 100);
        }
        settle();
    }

    /**
     * n requests in window 0, every k-th to the candidate role (version v2), the others to the
     * champion; whether a prediction is right depends on its index within its role.
     */
    private void splitTraffic(String prefix, int n, int k, Deployment role, java.util.function.IntPredicate championRight,
                              java.util.function.IntPredicate candidateRight) {
        for (int i = 0; i < n; i++) {
            boolean candidate = i % k == k - 1;
            int j = i / k;
            predict(prefix + i, i, i * (W / n), candidate ? role : Deployment.champion, candidate ? "v2" : "v1",
                candidate ? candidateRight.test(j) : championRight.test(i), 0);
        }
    }

    /** n requests scored by the champion (right share championRight) and a shadow (right share shadowRight). */
    private void shadowTraffic(int n, double championRight, double shadowRight) {
        for (int i = 0; i < n; i++) {
            long t = i * (W / n);
            predict("r" + i, i, t, Deployment.champion, "v1", (i * 7919 % n) < championRight * n, 0);
            predict("r" + i, i, t, Deployment.shadow, "v2", (i * 7919 % n) < shadowRight * n, 0);
        }
    }

    @Test
    void shouldPromoteAShadowChallengerThatIsBetterOnLabelsOnce() {
        fixture = new TopologyFixture(config("shadow"));
        shadowTraffic(400, 0.80, 0.95);
        closeAndLabel("r", 400);

        List<JsonNode> events = TopologyFixture.json(fixture.promotionEvents);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.get("model_id").asText()).isEqualTo("m");
            assertThat(e.get("champion_version").asText()).isEqualTo("v1");
            assertThat(e.get("challenger_version").asText()).isEqualTo("v2");
            assertThat(e.get("strategy").asText()).isEqualTo("shadow");
            assertThat(e.get("metric").asText()).isEqualTo("accuracy");
            assertThat(e.get("champion_value").asDouble()).isEqualTo(0.80);
            assertThat(e.get("challenger_value").asDouble()).isEqualTo(0.95);
            assertThat(e.get("p_value").asDouble()).isLessThan(0.05);
            assertThat(e.get("n").asLong()).isEqualTo(800);
            assertThat(e.get("decision").asText()).isEqualTo("promote");
            assertThat(e.get("window_end").asLong()).isEqualTo(W);
            String experiment = io.driftmonitor.promotion.Experiments.experimentId("m", "v1", "v2", "shadow");
            assertThat(e.get("experiment_id").asText()).isEqualTo(experiment);
            assertThat(e.get("event_id").asText()).isEqualTo(Promotions.eventId(experiment, PromotionDecision.Verdict.PROMOTE));
            assertThat(e.get("looks").asInt()).isEqualTo(1);
            // the total variation distance of the two roles' predicted-label distributions: both
            // predict fraud on half the requests, so the bound is 0 though they disagree on 15 % of them
            assertThat(e.get("disagreement_rate").asDouble()).isEqualTo(Math.abs(fraudShare(400, 0.95) - fraudShare(400, 0.80)),
                org.assertj.core.data.Offset.offset(1e-12));
        });
        // the same labels again change nothing: no second event for the window
        for (int i = 0; i < 50; i++) {
            label("r" + i, i, W + 200);
        }
        settle();
        assertThat(fixture.promotionEvents.isEmpty()).isTrue();
        KeyValueStore<String, byte[]> history = fixture.driver.getKeyValueStore(TopologyNames.PROMOTION_HISTORY_STORE);
        String key = Promotions.experimentKey("m", 0, io.driftmonitor.promotion.Experiments.experimentId("m", "v1", "v2", "shadow"));
        assertThat(new String(history.get(key))).contains("\"decision\":\"promote\"").contains("\"status\":\"concluded\"")
            .contains("\"looks\":1");
    }

    @Test
    void shouldPromoteAShadowWhosePredictionsCarryTheirOwnLabels() {
        fixture = new TopologyFixture(config("shadow"));
        inlineLabels = true;
        shadowTraffic(400, 0.80, 0.95);
        closeFirstWindow();
        settle();
        assertThat(TopologyFixture.json(fixture.promotionEvents)).singleElement().satisfies(e -> {
            assertThat(e.get("decision").asText()).isEqualTo("promote");
            assertThat(e.get("champion_value").asDouble()).isEqualTo(0.80);
            assertThat(e.get("challenger_value").asDouble()).isEqualTo(0.95);
            assertThat(e.get("n").asLong()).isEqualTo(800);
        });
        // The same ground truth on `labels` as well counts once.
        for (int i = 0; i < 400; i++) {
            label("r" + i, i, W + 200);
        }
        settle();
        assertThat(fixture.promotionEvents.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepTheChampionWhenTheShadowIsWorse() {
        fixture = new TopologyFixture(config("shadow"));
        shadowTraffic(400, 0.90, 0.80);
        closeAndLabel("r", 400);
        assertThat(TopologyFixture.json(fixture.promotionEvents)).singleElement().satisfies(e -> {
            assertThat(e.get("decision").asText()).isEqualTo("keep");
            assertThat(e.get("champion_value").asDouble()).isEqualTo(0.90);
            assertThat(e.get("challenger_value").asDouble()).isEqualTo(0.80);
        });
    }

    @Test
    void shouldReportTheDisagreementRateOfThePredictedLabelDistributions() {
        fixture = new TopologyFixture(config("shadow"));
        for (int i = 0; i < 400; i++) {
            predict("r" + i, i, i * (W / 400), Deployment.champion, "v1", i % 10 != 0, 0);
            predict("r" + i, i, i * (W / 400), Deployment.shadow, "v2", truth(i).equals("fraud"), 0); // always "fraud"
        }
        closeAndLabel("r", 400);
        assertThat(TopologyFixture.json(fixture.promotionEvents)).singleElement().satisfies(e -> {
            assertThat(e.get("decision").asText()).isEqualTo("keep");
            // the champion predicts fraud on 160 of 400 (the even ids but every tenth), the shadow on all
            assertThat(e.get("disagreement_rate").asDouble()).isEqualTo(0.6, org.assertj.core.data.Offset.offset(1e-12));
        });
    }

    @Test
    void shouldNotDecideBelowTheMinimumSample() {
        fixture = new TopologyFixture(config("shadow"));
        shadowTraffic(150, 0.50, 1.0);
        closeAndLabel("r", 150);
        assertThat(fixture.promotionEvents.isEmpty()).isTrue();
    }

    @Test
    void shouldRollBackACanaryThatIsSignificantlyWorse() {
        fixture = new TopologyFixture(config("canary"));
        // 90 % of the traffic to the champion (92 % right), 10 % to the canary (70 % right)
        splitTraffic("q", 2400, 10, Deployment.canary, i -> i % 25 < 23, j -> j % 10 < 7);
        closeAndLabel("q", 2400);
        assertThat(TopologyFixture.json(fixture.promotionEvents)).singleElement().satisfies(e -> {
            assertThat(e.get("strategy").asText()).isEqualTo("canary");
            assertThat(e.get("decision").asText()).isEqualTo("rollback");
            assertThat(e.get("challenger_version").asText()).isEqualTo("v2");
            assertThat(e.get("challenger_value").asDouble()).isEqualTo(0.70);
        });
    }

    @Test
    void shouldCompareTheArmsOfAnABTestOnSplitTraffic() {
        fixture = new TopologyFixture(config("ab"));
        // half the traffic to each arm: the champion 75 % right, the challenger 90 %
        splitTraffic("ab", 1000, 2, Deployment.challenger, i -> i / 2 % 20 < 15, j -> j % 20 < 18);
        closeAndLabel("ab", 1000);
        List<JsonNode> drift = TopologyFixture.json(fixture.driftEvents);
        assertThat(accuracy(drift, null)).isEqualTo(0.75);
        assertThat(accuracy(drift, "deployment=challenger")).isEqualTo(0.90);
        assertThat(TopologyFixture.json(fixture.promotionEvents)).singleElement().satisfies(e -> {
            assertThat(e.get("strategy").asText()).isEqualTo("ab");
            assertThat(e.get("decision").asText()).isEqualTo("promote");
            assertThat(e.get("n").asLong()).isEqualTo(1000);
        });
    }

    /** The share of predicted fraud of {@link #shadowTraffic}'s role that is right with this share. */
    private static double fraudShare(int n, double right) {
        int fraud = 0;
        for (int i = 0; i < n; i++) {
            boolean r = (i * 7919 % n) < right * n;
            fraud += r == truth(i).equals("fraud") ? 1 : 0;
        }
        return (double) fraud / n;
    }

    /**
     * Window w of shadow traffic: n requests scored by the champion (version v1, right with share
     * championRight) and the shadow (its version, right with share shadowRight); then the previous
     * window's requests are labelled (this window's records have closed it).
     */
    private void shadowWindow(int w, int n, double championRight, String shadowVersion, double shadowRight) {
        for (int i = 0; i < n; i++) {
            long t = w * W + i * (W / n);
            String id = "w" + w + "-" + i;
            predict(id, i, t, Deployment.champion, "v1", (i * 7919 % n) < championRight * n, 0);
            predict(id, i, t, Deployment.shadow, shadowVersion, ((i + 31 * w) * 7919 % n) < shadowRight * n, 0);
        }
        fixture.flush();
        labelWindow(w - 1, n);
    }

    private void labelWindow(int w, int n) {
        if (w < 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            label("w" + w + "-" + i, i, (w + 1) * W + 100);
        }
        settle();
    }

    @Test
    void shouldAnnounceAnExperimentsDecisionOnceAndReportItsStateAfterwards() {
        fixture = new TopologyFixture(config("shadow"));
        // a shadow slightly better than its champion: several windows before the evidence suffices
        for (int w = 0; w < 12; w++) {
            shadowWindow(w, 300, 0.80, "v2", 0.86);
        }
        List<JsonNode> events = TopologyFixture.json(fixture.promotionEvents);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.get("decision").asText()).isEqualTo("promote");
            assertThat(e.get("looks").asInt()).isGreaterThan(1);
            assertThat(e.get("n").asLong()).isEqualTo(2L * 300 * e.get("looks").asInt());
            assertThat(e.get("p_value").asDouble()).isLessThan(0.05);
        });
        JsonNode state = experiment("v2");
        assertThat(state.get("status").asText()).isEqualTo("concluded");
        assertThat(state.get("windows_after_conclusion").asLong()).isPositive();
        assertThat(state.get("event").get("event_id").asText()).isEqualTo(events.get(0).get("event_id").asText());
        assertThat(state.get("event_id").asText()).isEqualTo(events.get(0).get("event_id").asText());
        assertThat(state.get("challenger_version").asText()).isEqualTo("v2");
        assertThat(state.get("n").asLong()).isEqualTo(events.get(0).get("n").asLong());
        assertThat(state.get("window_end").asLong()).isEqualTo(events.get(0).get("window_end").asLong());

        // a new candidate version opens a new experiment, judged on its own windows
        for (int w = 12; w < 30; w++) {
            shadowWindow(w, 300, 0.80, "v3", 0.70);
        }
        assertThat(TopologyFixture.json(fixture.promotionEvents)).singleElement().satisfies(e -> {
            assertThat(e.get("challenger_version").asText()).isEqualTo("v3");
            assertThat(e.get("decision").asText()).isEqualTo("keep");
            assertThat(e.get("experiment_id").asText())
                .isEqualTo(io.driftmonitor.promotion.Experiments.experimentId("m", "v1", "v3", "shadow"));
        });
        assertThat(experiment("v2").get("status").asText()).isEqualTo("concluded");
    }

    @Test
    void shouldNotAnnounceAConcludedExperimentAgainAfterARestart() {
        fixture = new TopologyFixture(config("shadow"));
        for (int w = 0; w < 4; w++) {
            shadowWindow(w, 300, 0.70, "v2", 0.95);
        }
        assertThat(TopologyFixture.json(fixture.promotionEvents)).singleElement()
            .satisfies(e -> assertThat(e.get("decision").asText()).isEqualTo("promote"));
        Map<String, byte[]> history = contents(TopologyNames.PROMOTION_HISTORY_STORE);
        fixture.close();

        // The restarted instance restores the promotion history from its changelog: here, by copying it in.
        fixture = new TopologyFixture(config("shadow"));
        KeyValueStore<String, byte[]> restored = fixture.driver.getKeyValueStore(TopologyNames.PROMOTION_HISTORY_STORE);
        history.forEach(restored::put);
        for (int w = 4; w < 8; w++) {
            shadowWindow(w, 300, 0.70, "v2", 0.95);
        }
        assertThat(fixture.promotionEvents.isEmpty()).as("the experiment concluded before the restart").isTrue();
        assertThat(experiment("v2").get("windows_after_conclusion").asLong()).isGreaterThanOrEqualTo(3);
        fixture.close();

        // Without the restored state the same windows would be announced again.
        fixture = new TopologyFixture(config("shadow"));
        for (int w = 4; w < 8; w++) {
            shadowWindow(w, 300, 0.70, "v2", 0.95);
        }
        assertThat(TopologyFixture.json(fixture.promotionEvents)).hasSize(1);
    }

    private Map<String, byte[]> contents(String store) {
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        KeyValueStore<String, byte[]> kv = fixture.driver.getKeyValueStore(store);
        try (var it = kv.all()) {
            it.forEachRemaining(e -> out.put(e.key, e.value));
        }
        return out;
    }

    /** The stored experiment of candidate version v1 vs this version. */
    private JsonNode experiment(String candidateVersion) {
        String id = io.driftmonitor.promotion.Experiments.experimentId("m", "v1", candidateVersion, "shadow");
        KeyValueStore<String, byte[]> kv = fixture.driver.getKeyValueStore(TopologyNames.PROMOTION_HISTORY_STORE);
        try (var it = kv.all()) {
            while (it.hasNext()) {
                var e = it.next();
                if (e.key.endsWith(id)) {
                    return JsonRecordCodec.mapper().readTree(e.value);
                }
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no experiment " + id);
    }

    private static double accuracy(List<JsonNode> events, String segment) {
        return events.stream().filter(e -> e.get("signal").asText().equals("performance:accuracy"))
            .filter(e -> segment == null ? e.get("segment").isNull() : segment.equals(e.get("segment").asText()))
            .reduce((a, b) -> b).orElseThrow().get("value").asDouble();
    }

    @Test
    void shouldCountALabelForEveryRoleWhateverTheOrderOfArrival() {
        fixture = new TopologyFixture(config("shadow"));
        label("early", 0, 5);
        predict("early", 0, 10, Deployment.champion, "v1", true, 0);
        predict("early", 0, 10, Deployment.shadow, "v2", false, 0);
        predict("between", 1, 20, Deployment.champion, "v1", true, 0);
        label("between", 1, 25);
        predict("between", 1, 20, Deployment.shadow, "v2", false, 0);
        closeFirstWindow();
        settle();
        List<JsonNode> accuracy = TopologyFixture.json(fixture.driftEvents).stream()
            .filter(e -> e.get("signal").asText().equals("performance:accuracy"))
            .filter(e -> e.get("segment").isNull() || e.get("segment").asText().startsWith("deployment=")).toList();
        assertThat(accuracy).hasSize(2).allSatisfy(e -> assertThat(e.get("window_count").asLong()).isEqualTo(2));
        assertThat(accuracy(accuracy, null)).isEqualTo(1.0);
        assertThat(accuracy(accuracy, "deployment=shadow")).isEqualTo(0.0);
    }

    @Test
    void shouldKeepTheChampionsStatisticsFreeOfChallengerTraffic() {
        List<JsonNode> alone = run(false);
        List<JsonNode> mixed = run(true);
        assertThat(wholeModel(mixed)).isEqualTo(wholeModel(alone)).isNotEmpty();
        assertThat(mixed).anySatisfy(e -> {
            assertThat(e.get("segment").asText()).isEqualTo("deployment=shadow");
            assertThat(e.get("signal").asText()).isEqualTo("feature:x");
            assertThat(e.get("status").asText()).isEqualTo("drift");
        });
    }

    /** Drift and performance events of three windows of champion traffic, with or without a drifted shadow. */
    private List<JsonNode> run(boolean withShadow) {
        fixture = new TopologyFixture(config("shadow"));
        java.util.Random random = new java.util.Random(11);
        java.util.Random shadowRandom = new java.util.Random(12);
        for (int w = 0; w < 3; w++) {
            for (int i = 0; i < 300; i++) {
                String id = "w" + w + "-" + i;
                long t = w * W + i * (W / 300);
                predict(id, i, t, Deployment.champion, "v1", i % 5 != 0, random.nextGaussian());
                if (withShadow) {
                    predict(id, i, t, Deployment.shadow, "v2", i % 7 != 0, 3 + shadowRandom.nextGaussian());
                }
            }
            fixture.flush();
            for (int i = 0; i < 300; i += 2) {
                label("w" + w + "-" + i, i, w * W + W / 2);
            }
        }
        predict("end", 0, 3 * W + 1, Deployment.champion, "v1", true, 0);
        settle();
        List<JsonNode> events = new ArrayList<>(TopologyFixture.json(fixture.driftEvents));
        fixture.close();
        return events;
    }

    private static List<String> wholeModel(List<JsonNode> events) {
        return events.stream().filter(e -> e.get("segment").isNull() || !e.get("segment").asText().startsWith("deployment="))
            .map(e -> {
                JsonNode copy = e.deepCopy();
                ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("metrics");
                return copy.toString();
            }).sorted().toList();
    }
}
