package io.driftmonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.schema.PredictionEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Reading JSON into Avro records token by token: any field order, unknown fields skipped, clear errors. */
class JsonRecordCodecTest {

    @Property(tries = 300)
    void readsBackWhatItWritesInAnyFieldOrderWithUnknownFields(@ForAll("labels") LabelEvent label, @ForAll long seed)
            throws Exception {
        Map<String, Object> plain = JsonRecordCodec.toPlain(label);
        Random random = new Random(seed);
        List<String> keys = new ArrayList<>(plain.keySet());
        Collections.shuffle(keys, random);
        Map<String, Object> shuffled = new LinkedHashMap<>();
        for (String key : keys) {
            if (random.nextInt(3) == 0) {
                // fields of a newer writer, nested and flat, are skipped
                shuffled.put("unknown_" + key, random.nextBoolean()
                    ? Map.of("a", List.of(1, Map.of("b", "c")), "d", 2.5) : List.of("x", 3));
            }
            if (plain.get(key) != null || random.nextBoolean()) {
                shuffled.put(key, plain.get(key)); // an absent optional field reads as its default, null
            }
        }
        byte[] json = JsonRecordCodec.mapper().writeValueAsBytes(shuffled);

        assertThat(JsonRecordCodec.fromJson(json, LabelEvent.class)).isEqualTo(label);
        assertThat(JsonRecordCodec.fromJson(JsonRecordCodec.mapper().readTree(json), LabelEvent.class)).isEqualTo(label);
    }

    @Provide
    Arbitrary<LabelEvent> labels() {
        Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(12);
        Arbitrary<Double> number = Arbitraries.doubles().between(-Double.MAX_VALUE, Double.MAX_VALUE)
            .edgeCases(c -> c.add(0.0).add(-0.0).add(Double.MIN_VALUE).add(Double.MAX_VALUE));
        Arbitrary<Map<String, String>> tags = Arbitraries.maps(text, text).ofMaxSize(3);
        return Combinators.combine(text, text, Arbitraries.longs(), text.injectNull(0.5), number.injectNull(0.5),
                Arbitraries.longs().injectNull(0.5), number.injectNull(0.5), tags.injectNull(0.5))
            .as((id, model, time, cls, value, predictionTime, score, tagMap) -> LabelEvent.newBuilder()
                .setPredictionId(id).setModelId(model).setTimestamp(time).setLabel(cls).setValue(value)
                .setPredictionTimestamp(predictionTime).setScore(score).setPredictedLabel(cls).setTags(tagMap).build());
    }

    @Test
    void keepsTheLastOfARepeatedFieldAsAJsonTreeDoes() {
        LabelEvent label = read("{\"prediction_id\":\"a\",\"model_id\":\"m\",\"timestamp\":1,\"label\":\"x\",\"label\":\"y\"}");
        assertThat(label.getLabel()).isEqualTo("y");
    }

    @Test
    void readsAnIntegerWhereADoubleIsExpected() {
        PredictionEvent e = JsonRecordCodec.fromJson(("{\"prediction_id\":\"p\",\"model_id\":\"m\",\"model_version\":\"1\","
            + "\"timestamp\":5,\"features\":{},\"score\":1}").getBytes(StandardCharsets.UTF_8), PredictionEvent.class);
        assertThat(e.getScore()).isEqualTo(1.0);
        assertThat(e.getTimestamp()).isEqualTo(5L);
    }

    @Test
    void namesTheFieldOfEveryError() {
        assertRefused("{\"prediction_id\":\"a\",\"timestamp\":1,\"label\":\"x\"}", "LabelEvent.model_id is required");
        assertRefused("{\"prediction_id\":5,\"model_id\":\"m\",\"timestamp\":1}",
            "LabelEvent.prediction_id: expected a string, got 5");
        assertRefused("{\"prediction_id\":null,\"model_id\":\"m\",\"timestamp\":1}",
            "LabelEvent.prediction_id: expected a string, got null");
        assertRefused("{\"prediction_id\":\"a\",\"model_id\":\"m\",\"timestamp\":1.5}",
            "LabelEvent.timestamp: expected an integer, got 1.5");
        assertRefused("{\"prediction_id\":\"a\",\"model_id\":\"m\",\"timestamp\":100000000000000000000}",
            "LabelEvent.timestamp: expected an integer, got 100000000000000000000");
        assertRefused("{\"prediction_id\":\"a\",\"model_id\":\"m\",\"timestamp\":1,\"value\":\"high\"}",
            "LabelEvent.value: value \"high\" matches none of");
        assertRefused("{\"prediction_id\":\"a\",\"model_id\":\"m\",\"timestamp\":1,\"tags\":{\"country\":7}}",
            "LabelEvent.tags.country: expected a string, got 7");
        assertRefused("{\"prediction_id\":\"a\",\"model_id\":\"m\",\"timestamp\":{\"at\":[1,2]}}",
            "LabelEvent.timestamp: expected an integer, got {\"at\":[1,2]}");
        assertRefused("[1,2]", "LabelEvent: expected an object, got [1,2]");
        assertRefused("", "LabelEvent: expected an object, got nothing");
        assertRefused("{\"prediction_id\":\"a\",", "not valid JSON");
        assertRefused("{\"prediction_id\":\"a\",\"model_id\":\"m\",\"timestamp\":1,\"label\":tru}", "not valid JSON");
    }

    private static LabelEvent read(String json) {
        return JsonRecordCodec.fromJson(json.getBytes(StandardCharsets.UTF_8), LabelEvent.class);
    }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> read(json)).as(json).isInstanceOf(InvalidRecordException.class).hasMessageContaining(message);
    }
}
