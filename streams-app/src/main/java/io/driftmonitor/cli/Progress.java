package io.driftmonitor.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long command on standard error. On a terminal one line is redrawn in place (at
 * most ten times a second); otherwise (a log, a CI job) a line is written at every 10 % — or, when
 * the total is unknown, every {@link #LINE_INTERVAL_NANOS 10 s}. {@code DRIFT_MONITOR_PROGRESS} chooses:
 * {@code tty}, {@code lines} or {@code off}; by default {@code tty} when the process has a console
 * (the launcher sets {@code tty} when standard error is a terminal).
 */
final class Progress {
    /** How progress is shown. */
    enum Mode { TTY, LINES, OFF }

    static final long LINE_INTERVAL_NANOS = 10_000_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final Mode mode;
    private final String task;
    private final long total;
    private final String unit;
    private final LongSupplier clock;
    private final long started;
    private long lastDraw;
    private int lastDecile;
    private int drawnWidth;
    private boolean finished;

    Progress(PrintWriter err, Mode mode, String task, long total, String unit, LongSupplier clock) {
        this.err = err;
        this.mode = mode;
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.clock = clock;
        this.started = clock.getAsLong();
        this.lastDraw = started;
    }

    /** Progress of {@code task} over {@code total} units ({@code bytes} are shown in MB); total 0 or less: unknown. */
    static Progress start(PrintWriter err, String task, long total, String unit) {
        return new Progress(err, modeFromEnvironment(), task, total, unit, System::nanoTime);
    }

    static Mode modeFromEnvironment() {
        String setting = System.getenv("DRIFT_MONITOR_PROGRESS");
        if (setting != null) {
            switch (setting.trim().toLowerCase(Locale.ROOT)) {
                case "tty": return Mode.TTY;
                case "lines": return Mode.LINES;
                case "off": case "none": case "false": case "0": return Mode.OFF;
                default: break;
            }
        }
        return System.console() != null ? Mode.TTY : Mode.LINES;
    }

    /** Reports that {@code done} units are done. */
    void update(long done) {
        if (mode == Mode.OFF || finished) {
            return;
        }
        long now = clock.getAsLong();
        if (mode == Mode.TTY) {
            if (now - lastDraw >= REDRAW_NANOS) {
                lastDraw = now;
                draw(done, now, false);
            }
        } else if (total > 0) {
            int decile = (int) Math.min(10, done * 10 / total);
            if (decile > lastDecile && decile < 10) {
                lastDecile = decile;
                err.println(line(done, now));
                err.flush();
            }
        } else if (now - lastDraw >= LINE_INTERVAL_NANOS) {
            lastDraw = now;
            err.println(line(done, now));
            err.flush();
        }
    }

    /** The last line: the task is done with {@code done} units. */
    void finish(long done) {
        if (mode == Mode.OFF || finished) {
            return;
        }
        finished = true;
        long now = clock.getAsLong();
        if (mode == Mode.TTY) {
            draw(done, now, true);
        } else {
            err.println(line(done, now));
        }
        err.flush();
    }

    private void draw(long done, long now, boolean last) {
        String text = line(done, now);
        StringBuilder b = new StringBuilder("\r").append(text);
        for (int i = text.length(); i < drawnWidth; i++) {
            b.append(' ');
        }
        drawnWidth = text.length();
        err.print(b);
        if (last) {
            err.println();
        }
        err.flush();
    }

    String line(long done, long now) {
        double seconds = (now - started) / 1e9;
        StringBuilder b = new StringBuilder(task).append(": ");
        if (total > 0) {
            b.append(String.format(Locale.ROOT, "%3d%% (%s of %s)", (int) Math.min(100, done * 100 / total),
                amount(done), amount(total)));
        } else {
            b.append(amount(done));
        }
        b.append(String.format(Locale.ROOT, ", %.1f s", seconds));
        return b.toString();
    }

    private String amount(long n) {
        if (unit.equals("bytes")) {
            return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
        }
        return String.format(Locale.ROOT, "%,d %s", n, unit);
    }

    /** An input stream that reports the bytes read to a progress. */
    static InputStream counting(InputStream in, Progress progress) {
        return new FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    progress.update(++count);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    count += n;
                    progress.update(count);
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                super.close();
                progress.finish(count);
            }
        };
    }
}
