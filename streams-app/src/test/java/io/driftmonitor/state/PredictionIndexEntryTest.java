package io.driftmonitor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PredictionIndexEntryTest {

    @Provide
    Arbitrary<PredictionIndexEntry> entries() {
        Arbitrary<String> optional = Arbitraries.strings().ofMaxLength(8).injectNull(0.3);
        Arbitrary<Long> times = Arbitraries.longs().between(-1L << 50, 1L << 50);
        Arbitrary<List<String>> segments = Arbitraries.strings().ofMaxLength(12).list().ofMaxSize(4);
        return Combinators.combine(Arbitraries.strings().ofMinLength(1).ofMaxLength(10), optional, times,
            Arbitraries.longs().between(0, 86_400_000L), Arbitraries.longs().between(1, 86_400_000L),
            Arbitraries.doubles().injectNull(0.3), optional, segments).as((model, version, time, intoWindow, size, score,
                predicted, segs) -> new PredictionIndexEntry(model, version, time, time - intoWindow, time - intoWindow + size,
                score, predicted, segs, time % 2 == 0));
    }

    @Property(tries = 300)
    void readsBackWhatItWrites(@ForAll("entries") PredictionIndexEntry entry) {
        assertThat(PredictionIndexEntry.decode(PredictionIndexEntry.encode(entry))).isEqualTo(entry);
    }

    /** Entries of the first format stay in stores and on the index topic after an upgrade. */
    @Test
    void readsTheFirstFormat() throws IOException {
        PredictionIndexEntry entry = new PredictionIndexEntry("fraud", "v7", 1_700_000_000_123L, 1_700_000_000_000L,
            1_700_000_060_000L, 0.81, "fraud", List.of("country=DE"), true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(PredictionIndexEntry.VERSION);
            out.writeUTF("fraud");
            out.writeBoolean(true);
            out.writeUTF("v7");
            out.writeLong(1_700_000_000_123L);
            out.writeLong(1_700_000_000_000L);
            out.writeLong(1_700_000_060_000L);
            out.writeBoolean(true);
            out.writeDouble(0.81);
            out.writeBoolean(true);
            out.writeUTF("fraud");
            out.writeInt(1);
            out.writeUTF("country=DE");
            out.writeBoolean(true);
        }
        assertThat(PredictionIndexEntry.decode(bytes.toByteArray())).isEqualTo(entry);
        // 52 bytes instead of 71 here: the strings are the rest.
        assertThat(PredictionIndexEntry.encode(entry).length).isLessThanOrEqualTo(bytes.size() * 3 / 4);
    }

    @Test
    void refusesAnUnknownFormat() {
        assertThatThrownBy(() -> PredictionIndexEntry.decode(new byte[] {9, 0}))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9");
    }
}
