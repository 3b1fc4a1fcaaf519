package io.driftmonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AvroCursorTest {

    /** Two byte strings compare as equal through their prefixes exactly when their first eight bytes are equal. */
    @Property(tries = 1000)
    void prefixesAreEqualExactlyWhenTheFirstEightBytesAre(@ForAll @Size(max = 24) byte[] a, @ForAll @Size(max = 24) byte[] b,
                                                            @ForAll @IntRange(max = 12) int length) {
        // Each string at the end of its array too, where the prefix cannot be read as one long.
        byte[] left = Arrays.copyOf(a, Math.max(a.length, length));
        byte[] right = Arrays.copyOf(b, Math.max(b.length, length));
        int atLeft = left.length - length;
        int n = Math.min(length, Long.BYTES);
        boolean same = Arrays.equals(left, atLeft, atLeft + n, right, 0, n);
        assertThat(AvroCursor.prefix(left, atLeft, length) == AvroCursor.prefix(right, 0, length)).isEqualTo(same);
    }

    @Property(tries = 500)
    void theShortPathReadsTheSamePrefixAsTheLongOne(@ForAll @Size(min = 8, max = 16) byte[] bytes,
                                                   @ForAll @IntRange(max = 8) int length) {
        byte[] exact = Arrays.copyOf(bytes, length);
        assertThat(AvroCursor.prefix(exact, 0, length)).isEqualTo(AvroCursor.prefix(bytes, 0, length));
    }

    @Test
    void readsOneByteAndLongerVariableLengthLongs() {
        // zig-zag: 0 -> 0, -1 -> 1, 1 -> 2, 63 -> 126, -64 -> 127, 64 -> 128 (two bytes), Long.MIN_VALUE (ten bytes)
        byte[] bytes = {0, 1, 2, 126, 127, (byte) 0x80, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1};
        AvroCursor in = new AvroCursor(bytes, 0, bytes.length);
        assertThat(new long[] {in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
            in.readLong()}).containsExactly(0, -1, 1, 63, -64, 64, Long.MIN_VALUE);
        assertThat(in.isEnd()).isTrue();
    }
}
