package io.driftmonitor.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EncodeBufferTest {

    /** Single bytes and slices, past the initial capacity several times: the bytes of a plain stream. */
    @Property(tries = 200)
    void writesWhatAPlainStreamWrites(@ForAll @Size(max = 60) List<@Size(max = 700) byte[]> chunks) throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream reference = new DataOutputStream(expected);
        try (EncodeBuffer buffer = EncodeBuffer.open()) {
            DataOutputStream out = buffer.out();
            for (byte[] chunk : chunks) {
                if (chunk.length % 2 == 0) {
                    for (byte b : chunk) {
                        out.writeByte(b);
                        reference.writeByte(b);
                    }
                } else {
                    int from = chunk.length / 3;
                    out.write(chunk, from, chunk.length - from);
                    reference.write(chunk, from, chunk.length - from);
                }
                out.writeLong(chunk.length);
                reference.writeLong(chunk.length);
            }
            assertThat(buffer.toByteArray()).isEqualTo(expected.toByteArray());
        }
    }

    @Test
    void anEncodingInsideAnotherGetsABufferOfItsOwn() throws IOException {
        try (EncodeBuffer outer = EncodeBuffer.open()) {
            outer.out().writeByte(1);
            try (EncodeBuffer inner = EncodeBuffer.open()) {
                assertThat(inner).isNotSameAs(outer);
                inner.out().writeByte(2);
                assertThat(inner.toByteArray()).containsExactly(2);
            }
            outer.out().writeByte(3);
            assertThat(outer.toByteArray()).containsExactly(1, 3);
        }
        try (EncodeBuffer again = EncodeBuffer.open()) {
            assertThat(again.toByteArray()).isEmpty();
        }
    }
}
