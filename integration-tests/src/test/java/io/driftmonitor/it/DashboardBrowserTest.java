package io.driftmonitor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftmonitor.app.MonitorApp;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.serde.JsonRecordCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser (headless Debian Chromium) against a monitor that has seen
 * drifting traffic: the charts render with data, and a screenshot is kept in
 * {@code target/dashboard-screenshot.png}. Skipped without Chromium, except on CI ({@code CI=true}).
 */
class DashboardBrowserTest {
    private static final List<String> MODELS = List.of("fraud-classifier", "price-regressor");

    @TempDir
    static Path tmp;

    private static KafkaCluster kafka;
    private static MonitorApp app;

    @BeforeAll
    static void start() {
        Optional<String> chromium = chromium();
        if (chromium.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but no chromium on the PATH: install Debian's chromium (see .ci/run)");
            }
            Assumptions.abort("chromium is not installed");
        }
        kafka = KafkaCluster.start();
        MonitorConfig c = MonitorConfig.builder()
            .kafka(k -> k.bootstrapServers(kafka.bootstrapServers()).applicationId("drift-monitor-dashboard-it-" + UUID.randomUUID()))
            .http(h -> h.port(0))
            .stateDir(tmp.resolve("state").toString())
            .topics(t -> t.partitions(2))
            .aggregation(a -> a.flushInterval(Duration.ofMillis(200)))
            .defaults(d -> d.window(Duration.ofMillis(DriftingTraffic.W)).grace(Duration.ZERO))
            .build()
            .validate("dashboard-test");
        app = new MonitorApp(c).start();
        long t0 = DriftingTraffic.firstWindow();
        DriftingTraffic.produce(kafka.bootstrapServers(), c.topics.predictions, MODELS, t0);
        DriftingTraffic.produceLabels(kafka.bootstrapServers(), c.topics.labels, MODELS, t0, 100);
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return false;
            }
            JsonNode models = JsonRecordCodec.mapper().readTree(r.body()).get("models");
            int ready = 0;
            for (JsonNode m : models) {
                ready += m.get("retrain_triggers").asLong() >= 1 ? 1 : 0;
            }
            if (ready != MODELS.size()) {
                return false;
            }
            for (String model : MODELS) {
                HttpResponse<String> p = http.send(HttpRequest.newBuilder(
                    URI.create(base() + "/api/v1/models/" + model + "/performance")).build(), HttpResponse.BodyHandlers.ofString());
                if (p.statusCode() != 200 || JsonRecordCodec.mapper().readTree(p.body()).get("labels_counted").asLong() < 100) {
                    return false;
                }
            }
            return true;
        });
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static String base() {
        return "http://localhost:" + app.httpPort();
    }

    @Test
    void shouldRenderTheHeatMapHistogramPerformanceRetrainTimelineAndSegmentsWithData() throws Exception {
        Path screenshot = Path.of("target", "dashboard-screenshot.png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);

        String dom = runChromium(List.of("--dump-dom"));
        assertThat(dom).contains("data-rendered=\"true\"");
        assertThat(section(dom, "id=\"heatmap\"")).contains("data-rendered=\"true\"").contains("<canvas");
        assertThat(section(dom, "id=\"histogram\"")).contains("data-rendered=\"true\"").contains("<canvas");
        assertThat(section(dom, "id=\"retrains\"")).contains("data-rendered=\"true\"").contains("<canvas");
        assertThat(section(dom, "id=\"performance\"")).contains("data-rendered=\"true\"").contains("<canvas");
        for (String model : MODELS) {
            assertThat(dom).contains("data-model=\"" + model + "\"");
        }
        assertThat(dom).contains("class=\"badge drift\"");

        String segments = section(dom, "id=\"segments-card\"");
        assertThat(segments).as("the segment table lists both segments of the latest window, drifting")
            .contains("data-segment=\"country=DE\" data-status=\"drift\"", "data-segment=\"country=FR\" data-status=\"drift\"");
        assertThat(section(dom, "id=\"segment-heatmap-country\"")).as("a heat map for the segment key country")
            .contains("data-rendered=\"true\"").contains("<canvas");
        assertThat(section(dom, "id=\"segment-gaps\"")).contains("data-rendered=\"true\"").contains("<canvas");
        assertThat(section(dom, "id=\"labels\"")).contains("data-rendered=\"true\"").contains("<canvas");
        assertThat(section(dom, "id=\"labels-card\"")).contains("Labels counted 100");
        assertThat(section(dom, "id=\"overview\"")).contains("data-segments=\"country=DE,country=FR\"");

        runChromium(List.of("--screenshot=" + screenshot, "--window-size=1400,1400"));
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(20_000);
    }

    /** The element's opening tag and what follows it, up to the next card. */
    private static String section(String dom, String marker) {
        int at = dom.indexOf(marker);
        assertThat(at).as(marker + " in the DOM").isGreaterThanOrEqualTo(0);
        int end = dom.indexOf("<section", at);
        return dom.substring(Math.max(0, dom.lastIndexOf('<', at)), end < 0 ? dom.length() : end);
    }

    private static String runChromium(List<String> action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(tmp, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(chromium().orElseThrow(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=15000"));
        cmd.addAll(action);
        cmd.add(base() + "/");
        Path log = tmp.resolve("chromium-" + UUID.randomUUID() + ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 120 s");
        }
        assertThat(p.exitValue()).as("chromium exit; its log: " + Files.readString(log)).isZero();
        return out;
    }

    private static Optional<String> chromium() {
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return Optional.of(f.getAbsolutePath());
                }
            }
        }
        return Optional.empty();
    }
}
