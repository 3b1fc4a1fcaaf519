package io.driftmonitor.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/** Draws the scaling series as bar panels (records/s), one panel per series, to a PNG file. */
final class ScalingChart {
    private static final int PANEL_WIDTH = 300;
    private static final int HEIGHT = 360;
    private static final int TOP = 60;
    private static final int BOTTOM = 60;
    private static final Color BAR = new Color(0x3b6ea5);

    private ScalingChart() {
    }

    static void write(ScalingReport report, Path file) {
        List<Scaling.Series> series = report.series();
        int width = PANEL_WIDTH * series.size();
        BufferedImage image = new BufferedImage(width, HEIGHT + 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, HEIGHT + 30);
            double max = series.stream().flatMap(s -> s.runs().stream()).mapToDouble(RunResult::recordsPerSecond).max()
                .orElse(1);
            for (int i = 0; i < series.size(); i++) {
                panel(g, series.get(i), i * PANEL_WIDTH, max);
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(String.format("drift-monitor throughput (records/s, exactly-once); memory per (model x window x signal): "
                + "%.0f B heap, %.0f B encoded", report.memory().heapBytesPerSignal(), report.memory().encodedBytesPerSignal()),
                10, HEIGHT + 20);
        } finally {
            g.dispose();
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart to " + file, e);
        }
    }

    private static void panel(Graphics2D g, Scaling.Series s, int x0, double max) {
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int n = s.runs().size();
        int slot = (PANEL_WIDTH - 40) / n;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        centered(g, s.title(), x0 + PANEL_WIDTH / 2, 25);
        g.setStroke(new BasicStroke(1));
        g.setColor(Color.GRAY);
        g.drawLine(x0 + 20, HEIGHT - BOTTOM, x0 + PANEL_WIDTH - 20, HEIGHT - BOTTOM);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < n; i++) {
            double rate = s.runs().get(i).recordsPerSecond();
            int h = (int) Math.round(plotHeight * rate / max);
            int x = x0 + 20 + i * slot + slot / 6;
            int w = slot * 2 / 3;
            g.setColor(BAR);
            g.fillRect(x, HEIGHT - BOTTOM - h, w, h);
            g.setColor(Color.BLACK);
            centered(g, String.format("%,.0f", rate), x + w / 2, HEIGHT - BOTTOM - h - 5);
            centered(g, s.labels().get(i), x + w / 2, HEIGHT - BOTTOM + 16);
        }
    }

    private static void centered(Graphics2D g, String text, int cx, int y) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, cx - fm.stringWidth(text) / 2, y);
    }
}
