package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.schema.Baseline;
import io.driftmonitor.serde.JsonRecordCodec;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelBaselinesTest {
    private final KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore("model-baselines"), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
    private final ModelBaselines baselines;

    ModelBaselinesTest() {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        baselines = new ModelBaselines(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Baseline baseline(long version, long effectiveFrom) {
        return Baseline.newBuilder().setModelId("m").setVersion(version).setCreatedAt(0).setSource("test")
            .setEffectiveFrom(effectiveFrom).setSignals(List.of()).build();
    }

    private static ModelState state() {
        ModelState state = new ModelState();
        state.modelId = "m";
        return state;
    }

    @Test
    void shouldKeepTheThreeNewestAndPickTheOneInEffectAtAWindowsStart() {
        ModelState state = state();
        assertThat(baselines.forWindow("m", 0)).isNull();
        assertThat(ModelBaselines.nextVersion(state)).isEqualTo(1);
        for (long v = 1; v <= 4; v++) {
            baselines.remember(state, baseline(v, v * 1000));
        }
        assertThat(state.baselineVersion).isEqualTo(4);
        assertThat(ModelBaselines.nextVersion(state)).isEqualTo(5);
        assertThat(baselines.forWindow("m", 3500).version()).isEqualTo(3);
        assertThat(baselines.forWindow("m", 9000).version()).isEqualTo(4);
        assertThat(baselines.forWindow("m", 0).version()).as("before all kept ones: the newest").isEqualTo(4);
    }

    @Test
    void shouldTellQueriesWhichBaselineTheNextWindowIsComparedWith() {
        ModelState state = state();
        assertThat(ModelBaselines.inEffect(state, store.get("m"), null, 5000)).as("no baseline yet").isNull();
        assertThat(ModelBaselines.inEffect(state, null, baseline(1, 0), 5000).getVersion())
            .as("a published one the model will adopt").isEqualTo(1);

        Baseline firstWindow = Baseline.newBuilder(baseline(1, 0)).setSource("first-window:0").build();
        baselines.remember(state, firstWindow);
        assertThat(ModelBaselines.inEffect(state, store.get("m"), null, 5000).getSource()).isEqualTo("first-window:0");
        assertThat(ModelBaselines.inEffect(state, store.get("m"), baseline(1, 0), 5000).getSource())
            .as("a published version the model already has is not adopted again").isEqualTo("first-window:0");
        assertThat(ModelBaselines.inEffect(state, store.get("m"), baseline(2, 0), 5000).getVersion())
            .as("a newer published version is adopted at the next close").isEqualTo(2);
        assertThat(ModelBaselines.inEffect(state, store.get("m"), baseline(2, 10_000), 5000).getVersion())
            .as("not before its effective_from").isEqualTo(1);
        assertThat(ModelBaselines.inEffect(state, store.get("m"), baseline(2, 10_000), 10_000).getVersion()).isEqualTo(2);
    }

    @Test
    void shouldForgetEveryBaselineButNotTheVersionsGiven() {
        ModelState state = state();
        baselines.remember(state, baseline(1, 0));
        baselines.remember(state, baseline(2, 0));
        baselines.forget(state);
        assertThat(baselines.forWindow("m", 0)).isNull();
        assertThat(state.newestBaselineVersion()).isNull();
        assertThat(ModelBaselines.nextVersion(state)).isEqualTo(3);
    }

    @Test
    void shouldMoveTheBaselinesOfAFirstFormatModelStateIntoTheStore() throws Exception {
        String legacy = "{\"formatVersion\":1,\"modelId\":\"m\",\"baselines\":["
            + JsonRecordCodec.mapper().writeValueAsString(JsonRecordCodec.toPlain(baseline(1, 0))) + ","
            + JsonRecordCodec.mapper().writeValueAsString(JsonRecordCodec.toPlain(baseline(2, 5000))) + "]}";
        ModelState state = JsonRecordCodec.mapper().readValue(legacy, ModelState.class);
        assertThat(state.newestBaselineVersion()).isEqualTo(2);

        baselines.migrate(state);

        assertThat(state.baselineVersion).isEqualTo(2);
        assertThat(state.legacyBaselines).isEmpty();
        assertThat(baselines.forWindow("m", 4000).version()).isEqualTo(1);
        assertThat(baselines.forWindow("m", 6000).version()).isEqualTo(2);
        JsonNode written = JsonRecordCodec.mapper().valueToTree(state);
        assertThat(written.has("baselines")).as("the state no longer carries them").isFalse();
        assertThat(written.get("baselineVersion").asLong()).isEqualTo(2);
    }
}
