package io.driftmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ProgressTest {
    private final AtomicLong clock = new AtomicLong();

    @Test
    void shouldWriteALinePerTenPercentWhenNotOnATerminal() {
        StringWriter out = new StringWriter();
        Progress p = new Progress(new PrintWriter(out), Progress.Mode.LINES, "baseline build", 1000, "rows", clock::get);
        for (int i = 1; i <= 1000; i++) {
            clock.addAndGet(1_000_000);
            p.update(i);
        }
        p.finish(1000);
        assertThat(out.toString().lines()).hasSize(10).first().asString()
            .isEqualTo("baseline build:  10% (100 rows of 1,000 rows), 0.1 s");
        assertThat(out.toString().lines()).last().asString().isEqualTo("baseline build: 100% (1,000 rows of 1,000 rows), 1.0 s");
    }

    @Test
    void shouldRedrawOneLineOnATerminal() {
        StringWriter out = new StringWriter();
        Progress p = new Progress(new PrintWriter(out), Progress.Mode.TTY, "compare: reading a.csv", 2_000_000, "bytes", clock::get);
        clock.addAndGet(200_000_000);
        p.update(1_000_000);
        clock.addAndGet(50_000_000);
        p.update(1_500_000); // within 100 ms of the last redraw: not drawn
        clock.addAndGet(200_000_000);
        p.finish(2_000_000);
        assertThat(out.toString()).isEqualTo("\rcompare: reading a.csv:  50% (1.0 MB of 2.0 MB), 0.2 s"
            + "\rcompare: reading a.csv: 100% (2.0 MB of 2.0 MB), 0.5 s" + System.lineSeparator());
    }

    @Test
    void shouldWriteAPeriodicLineWhenTheTotalIsUnknown() {
        StringWriter out = new StringWriter();
        Progress p = new Progress(new PrintWriter(out), Progress.Mode.LINES, "simulate: sent", 0, "records", clock::get);
        for (int s = 1; s <= 25; s++) {
            clock.addAndGet(1_000_000_000L);
            p.update(s * 100L);
        }
        assertThat(out.toString().lines()).containsExactly("simulate: sent: 1,000 records, 10.0 s", "simulate: sent: 2,000 records, 20.0 s");
    }

    @Test
    void shouldCountTheBytesOfAStreamAndSayNothingWhenOff() throws Exception {
        StringWriter out = new StringWriter();
        Progress p = new Progress(new PrintWriter(out), Progress.Mode.LINES, "read", 100, "bytes", clock::get);
        try (InputStream in = Progress.counting(new ByteArrayInputStream(new byte[100]), p)) {
            in.readAllBytes();
        }
        assertThat(out.toString().lines()).last().asString().startsWith("read: 100% (0.0 MB of 0.0 MB)");
        StringWriter none = new StringWriter();
        Progress off = new Progress(new PrintWriter(none), Progress.Mode.OFF, "read", 100, "bytes", clock::get);
        off.update(50);
        off.finish(100);
        assertThat(none.toString()).isEmpty();
    }
}
