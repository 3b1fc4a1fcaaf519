package io.driftmonitor.state;

import java.io.ByteArrayInputStream;
import java.util.Objects;

/**
 * A {@link ByteArrayInputStream} that reads without its lock: the state codecs read one image on
 * one thread, byte by byte (variable-length integers, flags) through a {@code DataInputStream},
 * where the lock of every {@code read()} cost more than the read. Same results as the JDK's
 * stream for every call.
 */
public final class DecodeInput extends ByteArrayInputStream {
    public DecodeInput(byte[] bytes) {
        super(bytes);
    }

    @Override
    public int read() {
        return pos < count ? buf[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (pos >= count) {
            return -1;
        }
        int n = Math.min(len, count - pos);
        if (n <= 0) {
            return 0;
        }
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long k = count - pos;
        if (n < k) {
            k = n < 0 ? 0 : n;
        }
        pos += (int) k;
        return k;
    }

    @Override
    public int available() {
        return count - pos;
    }
}
