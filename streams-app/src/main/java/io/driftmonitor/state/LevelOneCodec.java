package io.driftmonitor.state;

import java.nio.ByteBuffer;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Values of the window-partials topic: a {@link WindowPartial} (its own versioned format), a
 * {@link Watermark} (marker byte 'W', input partition, event time, flags: bit 0 idle), a {@link PerformancePartial}
 * (marker byte 'P', then its own versioned format) or {@link RefusedTimestamps} (marker byte 'T',
 * model id length and UTF-8 bytes, the two counts).
 */
public final class LevelOneCodec {
    static final byte WATERMARK = 'W';
    static final byte PERFORMANCE = 'P';
    static final byte REFUSED_TIMESTAMPS = 'T';
    /** Flag bit of a watermark whose partition observed itself idle. */
    static final byte IDLE = 1;

    private LevelOneCodec() {
    }

    public static Serde<Object> serde() {
        Serializer<Object> ser = (topic, value) -> {
            if (value == null) {
                return null;
            }
            if (value instanceof Watermark w) {
                return ByteBuffer.allocate(14).put(WATERMARK).putInt(w.inputPartition()).putLong(w.eventTime())
                    .put(w.idle() ? IDLE : 0).array();
            }
            if (value instanceof RefusedTimestamps r) {
                byte[] model = r.modelId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                return ByteBuffer.allocate(1 + 4 + model.length + 16).put(REFUSED_TIMESTAMPS).putInt(model.length).put(model)
                    .putLong(r.inFuture()).putLong(r.outOfRange()).array();
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
                // 13 bytes: written before idleness was reported, read as active.
                ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
                return new Watermark(b.getInt(), b.getLong(), bytes.length > 13 && (b.get() & IDLE) != 0);
            }
            if (bytes.length > 0 && bytes[0] == REFUSED_TIMESTAMPS) {
                ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
                byte[] model = new byte[b.getInt()];
                b.get(model);
                return new RefusedTimestamps(new String(model, java.nio.charset.StandardCharsets.UTF_8), b.getLong(), b.getLong());
            }
            if (bytes.length > 0 && bytes[0] == PERFORMANCE) {
                return PerformancePartial.decode(java.util.Arrays.copyOfRange(bytes, 1, bytes.length));
            }
            return WindowPartialCodec.decode(bytes);
        };
        return Serdes.serdeFrom(ser, de);
    }
}
