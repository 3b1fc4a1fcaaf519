package io.driftmonitor.state;

import java.nio.ByteBuffer;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Values of the window-partials topic: a {@link WindowPartial} (its own versioned format), a
 * {@link Watermark} (marker byte 'W', input partition, event time) or a {@link PerformancePartial}
 * (marker byte 'P', then its own versioned format).
 */
public final class LevelOneCodec {
    static final byte WATERMARK = 'W';
    static final byte PERFORMANCE = 'P';

    private LevelOneCodec() {
    }

    public static Serde<Object> serde() {
        Serializer<Object> ser = (topic, value) -> {
            if (value == null) {
                return null;
            }
            if (value instanceof Watermark w) {
                return ByteBuffer.allocate(13).put(WATERMARK).putInt(w.inputPartition()).putLong(w.eventTime()).array();
            }
            if (value instanceof PerformancePartial p) {
                byte[] body = PerformancePartial.encode(p);
                return ByteBuffer.allocate(body.length + 1).put(PERFORMANCE).put(body).array();
            }
            return WindowPartialCodec.encode((WindowPartial) value);
        };
        Deserializer<Object> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == WATERMARK) {
                ByteBuffer b = ByteBuffer.wrap(bytes, 1, 12);
                return new Watermark(b.getInt(), b.getLong());
            }
            if (bytes.length > 0 && bytes[0] == PERFORMANCE) {
                return PerformancePartial.decode(java.util.Arrays.copyOfRange(bytes, 1, bytes.length));
            }
            return WindowPartialCodec.decode(bytes);
        };
        return Serdes.serdeFrom(ser, de);
    }
}
