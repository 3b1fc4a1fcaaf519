package io.driftmonitor.state;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A per-thread output buffer for the state codecs: a partial of many signals is several kB, and a
 * new stream per record written grew from 1 kB by copying itself over and over (a tenth of the
 * stream thread's time at each commit). The buffer is reused by the next encoding on the same
 * thread; an encoding that starts while another is under way (a codec calling a codec) gets a
 * fresh one. A buffer that grew beyond {@link #MAX_KEPT_BYTES} is not kept.
 */
public final class EncodeBuffer implements AutoCloseable {
    static final int MAX_KEPT_BYTES = 1 << 20;
    private static final ThreadLocal<EncodeBuffer> THREAD = ThreadLocal.withInitial(EncodeBuffer::new);

    private final Bytes bytes = new Bytes();
    private final DataOutputStream out = new DataOutputStream(bytes);
    private boolean inUse;

    /**
     * A {@link ByteArrayOutputStream} that tells its capacity and writes without its lock: the
     * buffer belongs to one encoding on one thread, and the codecs write byte by byte (variable-length
     * integers, flags), where the lock cost more than the write.
     */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes() {
            super(4096);
        }

        @Override
        public void write(int b) {
            if (count == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            if (count + len > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + len));
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        int capacity() {
            return buf.length;
        }
    }

    private EncodeBuffer() {
    }

    /** This thread's buffer, empty, or a fresh one when it is in use; close it when done. */
    public static EncodeBuffer open() {
        EncodeBuffer buffer = THREAD.get();
        if (buffer.inUse) {
            buffer = new EncodeBuffer();
        }
        buffer.bytes.reset();
        buffer.inUse = true;
        return buffer;
    }

    public DataOutputStream out() {
        return out;
    }

    /** A copy of what was written. */
    public byte[] toByteArray() {
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        inUse = false;
        if (bytes.capacity() > MAX_KEPT_BYTES && THREAD.get() == this) {
            THREAD.remove();
        }
    }
}
