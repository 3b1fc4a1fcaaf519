package io.driftmonitor.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class LevelOneCodecTest {
    @Test
    void shouldCarryAWatermarksIdlenessAndReadOneWrittenBeforeItAsActive() {
        var serde = LevelOneCodec.serde();
        for (Watermark w : new Watermark[] {new Watermark(2, 1234, true), new Watermark(5, Long.MIN_VALUE, false)}) {
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", w))).isEqualTo(w);
        }
        byte[] older = ByteBuffer.allocate(13).put(LevelOneCodec.WATERMARK).putInt(4).putLong(99).array();
        assertThat(serde.deserializer().deserialize("t", older)).isEqualTo(new Watermark(4, 99, false));
    }

    @Test
    void shouldCarryRefusedTimestampCounts() {
        var serde = LevelOneCodec.serde();
        RefusedTimestamps r = new RefusedTimestamps("fraud-ü", 3, 7);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", r))).isEqualTo(r);
    }
}
