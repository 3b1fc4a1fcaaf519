package io.driftmonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.driftmonitor.schema.PromotionEvent;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Test;

/** The experiment fields of PromotionEvent are optional: consumers and producers of the earlier schema keep working. */
class PromotionEventSchemaTest {
    private static Schema before() throws IOException {
        try (InputStream in = PromotionEventSchemaTest.class.getResourceAsStream("/schemas/PromotionEvent-before-experiments.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    @Test
    void shouldReadEventsOfTheEarlierSchemaAndBeReadByIt() throws IOException {
        Schema old = before();
        Schema current = PromotionEvent.getClassSchema();
        assertThat(old.getField("experiment_id")).isNull();
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, old).getType())
            .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(old, current).getType())
            .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void shouldFillTheDefaultsOfAJsonEventWithoutTheExperimentFields() {
        String json = "{\"model_id\": \"m\", \"strategy\": \"shadow\", \"metric\": \"accuracy\", \"n\": 10, \"decision\": \"keep\"}";
        PromotionEvent e = JsonRecordCodec.fromJson(json.getBytes(StandardCharsets.UTF_8), PromotionEvent.class);
        assertThat(e.getExperimentId()).isNull();
        assertThat(e.getLooks()).isZero();
        assertThat(e.getDisagreementRate()).isNull();
    }
}
