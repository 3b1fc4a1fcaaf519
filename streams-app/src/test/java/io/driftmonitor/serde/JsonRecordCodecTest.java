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

import io.driftmonitor.schema.Baseline;
import io.driftmonitor.schema.DriftEvent;
import io.driftmonitor.schema.LabelEvent;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.schema.PromotionEvent;
import io.driftmonitor.schema.RetrainEvent;
import io.driftmonitor.schema.WindowReport;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.util.Utf8;
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

    /** The records written token by token are the bytes the mapper writes of their plain form. */
    @Property(tries = 400)
    void writesTheBytesTheMapperWritesOfThePlainRecord(@ForAll("schemas") Schema schema, @ForAll long seed) throws Exception {
        GenericData.Record record = (GenericData.Record) randomValue(schema, new Random(seed), 0);
        String expected = new String(JsonRecordCodec.mapper().writeValueAsBytes(JsonRecordCodec.toPlain(record)),
            StandardCharsets.UTF_8);
        assertThat(new String(JsonRecordCodec.toJsonBytes(record), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<Schema> schemas() {
        return Arbitraries.of(DriftEvent.getClassSchema(), RetrainEvent.getClassSchema(), PromotionEvent.getClassSchema(),
            WindowReport.getClassSchema(), Baseline.getClassSchema(), PredictionEvent.getClassSchema(),
            LabelEvent.getClassSchema());
    }

    private static final double[] SPECIAL_DOUBLES = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
        Double.MIN_VALUE, Double.MAX_VALUE, 1e-300, 0.1, 1e21, 123456789.125};
    private static final String[] SPECIAL_TEXTS = {"", "a\"b", "line\nbreak", "\u0000nul", "caf\u00e9", "\ud83d\ude00", "\\"};

    private static Object randomValue(Schema schema, Random random, int depth) {
        return switch (schema.getType()) {
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), randomValue(field.schema(), random, depth + 1));
                }
                yield record;
            }
            case UNION -> randomValue(schema.getTypes().get(random.nextInt(schema.getTypes().size())), random, depth);
            case NULL -> null;
            case STRING -> {
                String text = random.nextInt(3) == 0 ? SPECIAL_TEXTS[random.nextInt(SPECIAL_TEXTS.length)]
                    : Long.toString(random.nextLong(), 36);
                yield random.nextBoolean() ? new Utf8(text) : text;
            }
            case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
            case DOUBLE -> random.nextInt(3) == 0 ? SPECIAL_DOUBLES[random.nextInt(SPECIAL_DOUBLES.length)] : random.nextGaussian() * 1e3;
            case FLOAT -> random.nextInt(3) == 0 ? (float) SPECIAL_DOUBLES[random.nextInt(SPECIAL_DOUBLES.length)] : random.nextFloat();
            case LONG -> random.nextBoolean() ? random.nextLong() : (long) random.nextInt(100);
            case INT -> random.nextInt();
            case BOOLEAN -> random.nextBoolean();
            case BYTES -> java.nio.ByteBuffer.wrap(Long.toString(random.nextLong()).getBytes(StandardCharsets.UTF_8));
            case FIXED -> {
                byte[] bytes = new byte[schema.getFixedSize()];
                random.nextBytes(bytes);
                yield new GenericData.Fixed(schema, bytes);
            }
            case MAP -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                int size = depth > 4 ? 0 : random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    map.put(random.nextBoolean() ? "k" + i : new Utf8("k" + i), randomValue(schema.getValueType(), random, depth + 1));
                }
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                int size = depth > 4 ? 0 : random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    list.add(randomValue(schema.getElementType(), random, depth + 1));
                }
                yield list;
            }
        };
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
