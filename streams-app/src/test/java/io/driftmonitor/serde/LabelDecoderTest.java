package io.driftmonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.driftmonitor.schema.LabelEvent;
import org.junit.jupiter.api.Test;

class LabelDecoderTest {
    private final LabelDecoder decoder = new LabelDecoder(null);

    private static LabelEvent label() {
        return LabelEvent.newBuilder().setPredictionId("p-42").setModelId("fraud").setTimestamp(1_795_478_290_123L)
            .setLabel("fraud").setValue(0.5).build();
    }

    @Test
    void readsWhatTheRouterHandsOnAsUsersPublishIt() {
        LabelEvent label = label();
        byte[] internal = LabelDecoder.internal(label);
        assertThat(internal[0]).isEqualTo(LabelDecoder.INTERNAL);
        assertThat(decoder.decode(internal)).isEqualTo(label);
        assertThat(decoder.decode(JsonRecordCodec.toJsonBytes(label))).isEqualTo(label);
        assertThat(decoder.decode(AvroWireFormat.encode(label, 3))).isEqualTo(label);
        assertThat(decoder.decode(("  " + new String(JsonRecordCodec.toJsonBytes(label), StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8))).isEqualTo(label);
    }

    @Test
    void checksALabelInTheInternalFormAsAnyOther() {
        LabelEvent noModel = LabelEvent.newBuilder(label()).setModelId("").build();
        assertThatThrownBy(() -> decoder.decode(LabelDecoder.internal(noModel)))
            .isInstanceOf(InvalidRecordException.class).hasMessageContaining("model_id");
        byte[] truncated = Arrays.copyOf(LabelDecoder.internal(label()), 4);
        assertThatThrownBy(() -> decoder.decode(truncated)).isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("internal form");
    }
}
