package io.driftmonitor.it;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitor in a child JVM ({@code drift-monitor run}), so that a test can kill it without a
 * clean shutdown, as a crash would.
 */
final class MonitorProcess implements AutoCloseable {
    private static final Pattern HTTP_PORT = Pattern.compile("HTTP on http://localhost:(\\d+)/");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final AtomicInteger httpPort = new AtomicInteger(-1);
    private final List<String> output = new ArrayList<>();

    private MonitorProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "monitor-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    static MonitorProcess start(Path config, Path stateDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
            "io.driftmonitor.cli.DriftMonitorCli", "run", "--config", config.toString(), "--state-dir", stateDir.toString(),
            "--http-port", "0");
        pb.redirectErrorStream(true);
        return new MonitorProcess(pb.start());
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher m = HTTP_PORT.matcher(line);
                if (m.find()) {
                    httpPort.set(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Waits until the monitor answers /ready with 200. */
    MonitorProcess awaitReady() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("monitor exited: " + output());
            }
            return ready();
        });
        return this;
    }

    /** Whether the monitor answers /ready with 200 now. */
    boolean ready() {
        int port = httpPort.get();
        if (port < 0 || !process.isAlive()) {
            return false;
        }
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ready"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int httpPort() {
        return httpPort.get();
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Ends the process at once (SIGKILL): no shutdown hook, no commit, no clean close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
