package io.driftmonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.driftmonitor.schema.Deployment;
import io.driftmonitor.schema.PredictionEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class PredictionAvroReaderTest {

    @Provide
    Arbitrary<PredictionEvent> events() {
        Arbitrary<String> names = Arbitraries.of("age", "income", "country", "f_07", "émoji_✓", "");
        Arbitrary<Object> featureValues = Arbitraries.oneOf(
            Arbitraries.just(null), Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.NEGATIVE_INFINITY, -0.0),
            Arbitraries.strings().ofMaxLength(12), Arbitraries.of(true, false));
        Arbitrary<Map<String, Object>> features = Arbitraries.maps(names, featureValues).ofMaxSize(6)
            .map(HashMap::new);
        Arbitrary<Map<String, Double>> scores = Arbitraries.maps(Arbitraries.of("a", "b", "c"), Arbitraries.doubles())
            .ofMaxSize(3).map(m -> (Map<String, Double>) new HashMap<>(m)).injectNull(0.5);
        Arbitrary<Map<String, String>> tags = Arbitraries.maps(Arbitraries.of("country", "device"),
            Arbitraries.of("DE", "FR", "ios")).ofMaxSize(2).map(HashMap::new);
        Arbitrary<List<Float>> embedding = Arbitraries.floats().list().ofMaxSize(5)
            .map(l -> (List<Float>) new ArrayList<>(l)).injectNull(0.5);
        Arbitrary<String> optional = Arbitraries.strings().ofMaxLength(8).injectNull(0.4);
        Arbitrary<Double> optionalDouble = Arbitraries.doubles().injectNull(0.4);
        return Combinators.combine(
            Combinators.combine(Arbitraries.strings().ofMinLength(1).ofMaxLength(10), optional,
                Arbitraries.of(Deployment.values()), Arbitraries.longs(), features).as((id, version, d, t, f) ->
                new PredictionEvent(id, "model", version, d, t, f, null, null, null, null, new HashMap<>(), null, null)),
            optionalDouble, scores, optional, embedding, tags, optional, optionalDouble
        ).as((e, score, s, predicted, emb, tg, label, labelValue) -> {
            e.setScore(score);
            e.setScores(s);
            e.setPredictedLabel(predicted);
            e.setEmbedding(emb);
            e.setTags(tg);
            e.setLabel(label);
            e.setLabelValue(labelValue);
            return e;
        });
    }

    /** Reads every event as Avro's own reader does, written by the plain and by the blocking encoder. */
    @Property(tries = 300)
    void readsWhatAvroReads(@ForAll("events") PredictionEvent event) throws IOException {
        for (boolean blocked : new boolean[] {false, true}) {
            byte[] bytes = encode(event, blocked);
            PredictionEvent expected = new SpecificDatumReader<PredictionEvent>(PredictionEvent.getClassSchema())
                .read(null, decoder(bytes));
            PredictionEvent actual = read(new PredictionAvroReader(), bytes);
            assertThat(actual).isEqualTo(expected);
            assertThat(actual.getFeatures()).isEqualTo(expected.getFeatures());
        }
    }

    /** One reader over a stream of records, as the hot path uses it: layouts repeat, change and come back. */
    @Property(tries = 100)
    void readsEverySequenceAsAvroReads(@ForAll("events") PredictionEvent first, @ForAll("events") PredictionEvent second)
            throws IOException {
        PredictionAvroReader reader = new PredictionAvroReader();
        for (PredictionEvent event : List.of(first, first, second, first, second, second)) {
            byte[] bytes = encode(event, false);
            PredictionEvent expected = new SpecificDatumReader<PredictionEvent>(PredictionEvent.getClassSchema())
                .read(null, decoder(bytes));
            PredictionEvent actual = read(reader, bytes);
            assertThat(actual).isEqualTo(expected);
            assertThat(actual.getFeatures()).isEqualTo(expected.getFeatures());
            assertThat(expected.getFeatures()).isEqualTo(actual.getFeatures());
            assertThat(actual.getFeatures().hashCode()).isEqualTo(expected.getFeatures().hashCode());
        }
    }

    /**
     * Categories repeat at their positions (more of them than a position remembers, with prefixes
     * and lengths that differ by a byte): every value is read as Avro reads it.
     */
    @Property(tries = 100)
    void readsRepeatedCategoriesAsAvroReads(@ForAll("categoryRows") List<List<String>> rows) throws IOException {
        PredictionAvroReader reader = new PredictionAvroReader();
        for (List<String> row : rows) {
            Map<String, Object> features = new java.util.LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) {
                features.put("c" + i, row.get(i));
            }
            PredictionEvent event = new PredictionEvent("id", "model", null, Deployment.champion, 1L, features, null, null,
                null, null, new HashMap<>(), null, null);
            byte[] bytes = encode(event, false);
            PredictionEvent expected = new SpecificDatumReader<PredictionEvent>(PredictionEvent.getClassSchema())
                .read(null, decoder(bytes));
            assertThat(read(reader, bytes).getFeatures()).isEqualTo(expected.getFeatures());
        }
    }

    @Provide
    Arbitrary<List<List<String>>> categoryRows() {
        Arbitrary<String> category = Arbitraries.of("a", "ab", "abc", "b", "ba", "", "x1", "x2", "x3", "x4", "x5", "x6",
            "x7", "x8", "x9", "ü", "üü");
        return category.list().ofSize(3).list().ofMinSize(1).ofMaxSize(40);
    }

    @Test
    void recordsOfOneLayoutShareTheirNamesArray() throws IOException {
        PredictionAvroReader reader = new PredictionAvroReader();
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1.0);
        ab.put("b", "x");
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", "y");
        ba.put("a", 2.0);
        FeatureValues first = (FeatureValues) read(reader, encode(event(ab), false)).getFeatures();
        FeatureValues second = (FeatureValues) read(reader, encode(event(ab), false)).getFeatures();
        FeatureValues swapped = (FeatureValues) read(reader, encode(event(ba), false)).getFeatures();
        assertThat(second.names()).isSameAs(first.names()).containsExactly("a", "b");
        assertThat(swapped.names()).isNotSameAs(first.names()).containsExactly("b", "a");
        assertThat(swapped.kind(0)).isEqualTo(FeatureValues.TEXT);
        assertThat(swapped.text(0)).isEqualTo("y");
        assertThat(swapped.number(1)).isEqualTo(2.0);
        assertThat(swapped.get("a")).isEqualTo(2.0);
        assertThat(swapped.get("c")).isNull();
    }

    /** Avro's reader keeps the last value of a name a map repeats; so does this one. */
    @Test
    void aRepeatedFeatureNameKeepsItsLastValue() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Encoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        encoder.writeString("p");
        encoder.writeString("m");
        encoder.writeIndex(0);
        encoder.writeEnum(0);
        encoder.writeLong(1L);
        encoder.writeMapStart();
        encoder.setItemCount(2);
        for (double v : new double[] {1.0, 2.0}) {
            encoder.startItem();
            encoder.writeString("x");
            encoder.writeIndex(1);
            encoder.writeDouble(v);
        }
        encoder.writeMapEnd();
        for (int i = 0; i < 4; i++) {
            encoder.writeIndex(0);
        }
        encoder.writeMapStart();
        encoder.setItemCount(0);
        encoder.writeMapEnd();
        encoder.writeIndex(0);
        encoder.writeIndex(0);
        encoder.flush();
        byte[] bytes = out.toByteArray();
        PredictionEvent expected = new SpecificDatumReader<PredictionEvent>(PredictionEvent.getClassSchema())
            .read(null, decoder(bytes));
        PredictionEvent actual = read(new PredictionAvroReader(), bytes);
        assertThat(expected.getFeatures()).containsExactly(Map.entry("x", 2.0));
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.getFeatures()).isEqualTo(expected.getFeatures());
    }

    private static PredictionEvent event(Map<String, Object> features) {
        return new PredictionEvent("p", "m", null, Deployment.champion, 1L, features, null, null, null, null,
            Map.of(), null, null);
    }

    @Test
    void repeatedNamesAreTheSameString() throws IOException {
        PredictionAvroReader reader = new PredictionAvroReader();
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("income", 1.0);
        PredictionEvent e = new PredictionEvent("p", "m", null, Deployment.champion, 1L, features, null, null, null,
            null, Map.of("country", "DE"), null, null);
        byte[] bytes = encode(e, false);
        String first = read(reader, bytes).getFeatures().keySet().iterator().next();
        String second = read(reader, bytes).getFeatures().keySet().iterator().next();
        assertThat(second).isEqualTo("income").isSameAs(first);
    }

    @Test
    void readsOnlyItsOwnSchemaForm() {
        assertThat(PredictionAvroReader.reads(PredictionEvent.getClassSchema())).isTrue();
        // The published .avsc has no avro.java.string properties: same parsing form.
        assertThat(PredictionAvroReader.reads(new Schema.Parser().parse(PredictionEvent.getClassSchema().toString()
            .replace(",\"avro.java.string\":\"String\"", "")))).isTrue();
        Schema other = SchemaBuilder.record("PredictionEvent").namespace("io.driftmonitor.schema").fields()
            .requiredString("prediction_id").requiredString("model_id").endRecord();
        assertThat(PredictionAvroReader.reads(other)).isFalse();
    }

    @Test
    void badInputFailsAsAvroDoes() throws IOException {
        PredictionEvent e = new PredictionEvent("p", "m", null, Deployment.champion, 1L, new HashMap<>(Map.of("x", 2.0)),
            0.3, null, null, null, new HashMap<>(), null, null);
        byte[] bytes = encode(e, false);
        byte[] wire = AvroWireFormat.encode(e, 7);
        PredictionDecoder decoder = new PredictionDecoder(null);
        assertThat(decoder.decode(null, wire, 0L)).isEqualTo(e);
        byte[] truncated = Arrays.copyOf(wire, wire.length - 3);
        assertThatThrownBy(() -> decoder.decode(null, truncated, 0L)).isInstanceOf(InvalidRecordException.class);
        // The union branch of model_version (after two one-byte-length strings) set to 5: no such branch.
        byte[] badBranch = wire.clone();
        badBranch[AvroWireFormat.HEADER_SIZE + 4] = 10;
        assertThatThrownBy(() -> decoder.decode(null, badBranch, 0L)).isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("union branch 5");
        assertThat(bytes).isNotEmpty();
    }

    private static byte[] encode(PredictionEvent e, boolean blocked) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Encoder encoder = blocked ? EncoderFactory.get().blockingBinaryEncoder(out, null)
            : EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<PredictionEvent>(PredictionEvent.getClassSchema()).write(e, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static PredictionEvent read(PredictionAvroReader reader, byte[] bytes) {
        return reader.read(bytes, 0, bytes.length);
    }

    /** Whatever the bytes, a record that is cut short or overlong is refused with Avro's exception, never half read. */
    @Property(tries = 200)
    void refusesACutOrOverlongRecord(@ForAll("events") PredictionEvent event) throws IOException {
        byte[] bytes = encode(event, false);
        for (int cut : new int[] {0, 1, bytes.length / 2, bytes.length - 1}) {
            assertThatThrownBy(() -> new PredictionAvroReader().read(bytes, 0, cut)).isInstanceOf(AvroTypeException.class);
        }
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> new PredictionAvroReader().read(longer, 0, longer.length))
            .isInstanceOf(AvroTypeException.class).hasMessageContaining("more than one record");
        byte[] framed = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, framed, 3, bytes.length);
        assertThat(new PredictionAvroReader().read(framed, 3, bytes.length)).isEqualTo(read(new PredictionAvroReader(), bytes));
    }

    private static BinaryDecoder decoder(byte[] bytes) {
        return DecoderFactory.get().binaryDecoder(bytes, null);
    }
}
