package io.driftmonitor.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The unlocked input answers every call as the JDK's {@link ByteArrayInputStream} does. */
class DecodeInputTest {

    @Property(tries = 500)
    void answersEveryCallAsTheJdksStream(@ForAll @Size(max = 40) byte[] bytes, @ForAll long seed) {
        ByteArrayInputStream expected = new ByteArrayInputStream(bytes);
        DecodeInput actual = new DecodeInput(bytes);
        Random random = new Random(seed);
        List<String> calls = new ArrayList<>();
        for (int step = 0; step < 30; step++) {
            switch (random.nextInt(4)) {
                case 0 -> calls.add("read " + (expected.read() == actual.read()));
                case 1 -> {
                    int size = random.nextInt(12);
                    int off = size == 0 ? 0 : random.nextInt(size);
                    int len = random.nextInt(size - off + 1);
                    byte[] a = new byte[size];
                    byte[] b = new byte[size];
                    int n = expected.read(a, off, len);
                    calls.add("read[] " + (n == actual.read(b, off, len)) + " " + java.util.Arrays.equals(a, b));
                }
                case 2 -> {
                    long n = random.nextInt(15) - 3;
                    calls.add("skip " + (expected.skip(n) == actual.skip(n)));
                }
                default -> calls.add("available " + (expected.available() == actual.available()));
            }
        }
        assertThat(calls).allSatisfy(call -> assertThat(call).doesNotContain("false"));
    }
}
