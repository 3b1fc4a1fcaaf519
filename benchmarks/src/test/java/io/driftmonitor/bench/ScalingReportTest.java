package io.driftmonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.serde.InMemorySchemaRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scaling report's parts that need no broker: memory footprint, JSON and the chart (never a rate). */
class ScalingReportTest {

    @Test
    void memoryFootprintCountsEverySignalOfTheWorkload() {
        Workload w = new Workload(50, 10, 1, "m-", InMemorySchemaRegistry.named("scaling-test"), "m-value");
        MemoryFootprint m = MemoryFootprint.measure(w, MonitorConfig.defaults().defaults);
        // 50 numeric + 10 categorical features, the score and the predicted label.
        assertThat(m.signalsPerWindow()).isEqualTo(62);
        assertThat(m.encodedBytesPerSignal()).isPositive();
        assertThat(m.heapBytesPerSignal()).isPositive();
    }

    @Test
    void writesJsonAndAChartWithAPanelPerSeries(@TempDir Path dir) throws Exception {
        RunResult a = run("threads_1", 1000);
        RunResult b = run("threads_2", 1800);
        ScalingReport report = new ScalingReport(List.of(
            new Scaling.Series("stream threads", List.of("1", "2"), List.of(a, b)),
            new Scaling.Series("models", List.of("1"), List.of(a))), new MemoryFootprint(200, 62, 443, 208));

        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.get("series")).hasSize(2);
        assertThat(json.get("series").get(0).get("runs").get(1).get("records_per_sec").asLong()).isEqualTo(1800);
        assertThat(json.get("memory").get("heap_bytes_per_model_window_signal").asLong()).isEqualTo(443);
        assertThat(report.toTable()).contains("x1.80").contains("443 bytes of heap");

        Path png = dir.resolve("charts/scaling.png");
        ScalingChart.write(report, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(2 * 300);
        assertThat(image.getHeight()).isGreaterThan(300);
    }

    private static RunResult run(String name, long recordsPerSecond) {
        return new RunResult(name, name, recordsPerSecond, recordsPerSecond * 700, 1.0, 1.5, 80, 2.0, 1.0,
            Map.of("stream_threads", 1.0, "broker", 0.3), -1);
    }
}
