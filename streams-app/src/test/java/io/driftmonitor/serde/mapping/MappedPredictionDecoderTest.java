package io.driftmonitor.serde.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.driftmonitor.config.ConfigException;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.config.PredictionMapping;
import io.driftmonitor.schema.Deployment;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.AvroWireFormat;
import io.driftmonitor.serde.InMemorySchemaRegistry;
import io.driftmonitor.serde.InvalidRecordException;
import io.driftmonitor.serde.PredictionDecoder;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** A team's own Avro and JSON records read through a mapping from monitor.yaml. */
class MappedPredictionDecoderTest {
    private static final String YAML = """
        schema_registry:
          url: mock://mapped
        inputs:
          predictions:
            mapping:
              model_id: meta.model
              model_version: meta.version
              prediction_id: request_id
              timestamp: scored_at
              score: output.probability
              predicted_label: output.decision
              features: [inputs.*, extra]
              tags: [meta.region]
              embedding: output.vector
              label: outcome
        """;

    private static final Schema META = SchemaBuilder.record("Meta").fields()
        .requiredString("model").optionalString("version").requiredString("region").endRecord();
    private static final Schema INPUTS = SchemaBuilder.record("Inputs").fields()
        .requiredDouble("amount").requiredString("merchant").optionalBoolean("first_time")
        .name("history").type().array().items().intType().noDefault().endRecord();
    private static final Schema OUTPUT = SchemaBuilder.record("Output").fields()
        .requiredDouble("probability").requiredString("decision")
        .name("vector").type().nullable().array().items().floatType().noDefault().endRecord();
    private static final Schema V1 = SchemaBuilder.record("FraudScore").namespace("acme").fields()
        .requiredString("request_id")
        .name("scored_at").type(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
        .name("meta").type(META).noDefault()
        .name("inputs").type(INPUTS).noDefault()
        .name("output").type(OUTPUT).noDefault()
        .name("extra").type().map().values().doubleType().noDefault()
        .endRecord();
    /** Version 2 adds an optional field and drops the embedding. */
    private static final Schema OUTPUT_V2 = SchemaBuilder.record("Output").fields()
        .requiredDouble("probability").requiredString("decision").endRecord();
    private static final Schema V2 = SchemaBuilder.record("FraudScore").namespace("acme").fields()
        .requiredString("request_id")
        .name("scored_at").type(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
        .name("meta").type(META).noDefault()
        .name("inputs").type(INPUTS).noDefault()
        .name("output").type(OUTPUT_V2).noDefault()
        .name("extra").type().map().values().doubleType().noDefault()
        .optionalString("channel")
        .endRecord();

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.named("mapped-" + UUID.randomUUID());
    private final PredictionMapping mapping = MonitorConfig.parse(YAML, "monitor.yaml").inputs.predictions.mapping;
    private final PredictionDecoder decoder = MappedPredictionDecoder.predictionDecoder(registry, mapping);

    private static GenericRecord record(Schema schema, Schema output) {
        GenericRecord meta = new GenericData.Record(META);
        meta.put("model", "fraud");
        meta.put("version", "7");
        meta.put("region", "EU");
        GenericRecord inputs = new GenericData.Record(INPUTS);
        inputs.put("amount", 12.5);
        inputs.put("merchant", "travel");
        inputs.put("first_time", null);
        inputs.put("history", List.of(1, 2));
        GenericRecord out = new GenericData.Record(output);
        out.put("probability", 0.93);
        out.put("decision", "block");
        if (output.getField("vector") != null) {
            out.put("vector", List.of(0.5f, 1.5f));
        }
        GenericRecord r = new GenericData.Record(schema);
        r.put("request_id", "req-1");
        r.put("scored_at", 1_700_000_000_123_456L);
        r.put("meta", meta);
        r.put("inputs", inputs);
        r.put("output", out);
        r.put("extra", Map.of("velocity", 3.0));
        return r;
    }

    @Test
    void shouldReadAUserAvroRecordThroughTheMapping() {
        byte[] bytes = AvroWireFormat.encode(record(V1, OUTPUT), registry.register("fraud-scores-value", V1));

        PredictionEvent e = decoder.decode(null, bytes, 0);

        assertThat(e.getModelId()).isEqualTo("fraud");
        assertThat(e.getModelVersion()).isEqualTo("7");
        assertThat(e.getPredictionId()).isEqualTo("req-1");
        assertThat(e.getTimestamp()).isEqualTo(1_700_000_000_123L);
        assertThat(e.getScore()).isEqualTo(0.93);
        assertThat(e.getPredictedLabel()).isEqualTo("block");
        assertThat(e.getFeatures()).containsOnly(entry("amount", 12.5), entry("merchant", "travel"),
            entry("first_time", null), entry("velocity", 3.0));
        assertThat(e.getTags()).containsOnly(entry("region", "EU"));
        assertThat(e.getEmbedding()).containsExactly(0.5f, 1.5f);
        assertThat(e.getDeployment()).isEqualTo(Deployment.champion);
        assertThat(e.getLabel()).isNull();
    }

    @Test
    void shouldKeepReadingWhenANewSchemaVersionAddsAndDropsOptionalFields() {
        byte[] v1 = AvroWireFormat.encode(record(V1, OUTPUT), registry.register("s-value", V1));
        GenericRecord r2 = record(V2, OUTPUT_V2);
        r2.put("channel", "web");
        byte[] v2 = AvroWireFormat.encode(r2, registry.register("s-value", V2));

        PredictionEvent e1 = decoder.decode(null, v1, 0);
        PredictionEvent e2 = decoder.decode(null, v2, 0);

        assertThat(e2.getFeatures()).isEqualTo(e1.getFeatures());
        assertThat(e2.getScore()).isEqualTo(0.93);
        assertThat(e2.getEmbedding()).isNull();
    }

    @Test
    void shouldReadJsonWithTheSameMappingOnTheSameTopic() {
        String json = """
            {"request_id": "req-2", "scored_at": 1700000000123456,
             "meta": {"model": "fraud", "region": "US"},
             "inputs": {"amount": 3, "merchant": "food", "first_time": true, "history": [1]},
             "output": {"probability": 0.1, "decision": "allow", "vector": null},
             "extra": {"velocity": 1.0}, "outcome": "legit"}""";
        MonitorConfig config = MonitorConfig.parse(YAML.replace("timestamp: scored_at", "timestamp: scored_at\n      timestamp_unit: us"),
            "monitor.yaml");

        PredictionEvent e = MappedPredictionDecoder.predictionDecoder(registry, config.inputs.predictions.mapping)
            .decode(null, json.getBytes(StandardCharsets.UTF_8), 0);

        assertThat(e.getModelId()).isEqualTo("fraud");
        assertThat(e.getTimestamp()).isEqualTo(1_700_000_000_123L);
        assertThat(e.getFeatures()).containsOnly(entry("amount", 3.0), entry("merchant", "food"),
            entry("first_time", true), entry("velocity", 1.0));
        assertThat(e.getTags()).containsOnly(entry("region", "US"));
        assertThat(e.getLabel()).isEqualTo("legit");
        assertThat(e.getModelVersion()).isNull();
    }

    @Test
    void shouldUseAConstantModelTheRecordKeyAndTheRecordTimestampWhenTheRecordHasNone() {
        PredictionMapping m = MonitorConfig.parse("""
            inputs:
              predictions:
                mapping:
                  model_id_constant: churn
                  score: p
                  features: ["f_*"]
            """, "monitor.yaml").inputs.predictions.mapping;
        byte[] json = "{\"p\": 0.4, \"f_a\": 1, \"f_b\": \"x\", \"other\": 2}".getBytes(StandardCharsets.UTF_8);

        PredictionEvent e = MappedPredictionDecoder.predictionDecoder(null, m).decode("key-1".getBytes(StandardCharsets.UTF_8), json, 555L);

        assertThat(e.getModelId()).isEqualTo("churn");
        assertThat(e.getPredictionId()).isEqualTo("key-1");
        assertThat(e.getTimestamp()).isEqualTo(555L);
        assertThat(e.getFeatures()).containsOnly(entry("f_a", 1.0), entry("f_b", "x"));
    }

    @Test
    void shouldRejectARecordWithoutItsModelIdNamingTheField() {
        byte[] json = "{\"request_id\": \"r\", \"meta\": {}}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> decoder.decode(null, json, 0))
            .isInstanceOf(InvalidRecordException.class).hasMessageContaining("meta.model");
        assertThatThrownBy(() -> decoder.decode(null, "{\"meta\": {\"model\": \"m\"}, \"output\": {\"probability\": \"high\"}}"
            .getBytes(StandardCharsets.UTF_8), 0)).isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("output.probability");
    }

    @Test
    void shouldFailAtStartOnABadMappingNamingTheKey() {
        assertThatThrownBy(() -> MonitorConfig.parse("inputs: {predictions: {mapping: {score: p}}}", "monitor.yaml"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("inputs.predictions.mapping.model_id");
        assertThatThrownBy(() -> MonitorConfig.parse("inputs: {predictions: {mapping: {model_id: m, features: ['a.*.b']}}}",
            "monitor.yaml")).hasMessageContaining("inputs.predictions.mapping.features[0]");
        assertThatThrownBy(() -> MonitorConfig.parse("inputs: {predictions: {mapping: {model_id: m, scroe: p}}}", "monitor.yaml"))
            .hasMessageContaining("scroe");
        assertThatThrownBy(() -> MonitorConfig.parse("schema_registry: {url: 'http://r', on_unavailable: drop}", "monitor.yaml"))
            .hasMessageContaining("schema_registry.on_unavailable");
    }
}
