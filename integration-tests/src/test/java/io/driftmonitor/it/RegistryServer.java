package io.driftmonitor.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real schema registry for the tests: Apicurio Registry 2.4.2 (module {@code registry-server})
 * as a child process, on a free port (or a given one, to come back after a restart), serving the
 * Confluent-compatible API at {@link #url()}. Apicurio's default storage is an in-memory H2
 * database: a restarted registry has forgotten every schema. With a data directory it stores in an
 * H2 file written through on every commit ({@code WRITE_DELAY=0}; H2's default one-second delay
 * loses the last registrations when the process is killed), so it survives even {@link #kill()} and
 * {@link #restart()} brings back the same schemas under the same ids, on the same port.
 * Where a Docker engine is available, a Confluent Schema Registry container is preferred
 * ({@link ConfluentRegistryContainer}; {@code -Dschema.registry=apicurio} keeps Apicurio).
 */
final class RegistryServer implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Listening on: (http://\\S+)");

    private final Process process;
    private final String baseUrl;
    private final int port;
    private final Path dataDir;
    private final ConfluentRegistryContainer confluent;

    private RegistryServer(Process process, String baseUrl, Path dataDir) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.dataDir = dataDir;
        this.port = Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1).replace("/", ""));
        this.confluent = null;
    }

    private RegistryServer(ConfluentRegistryContainer confluent) {
        this.process = null;
        this.baseUrl = confluent.url();
        this.dataDir = null;
        this.port = confluent.port();
        this.confluent = confluent;
    }

    static Path jar() {
        return Path.of(System.getProperty("registry.server.jar",
            "../registry-server/target/registry-server-0.1.0-SNAPSHOT-runner.jar"));
    }

    static boolean available() {
        return Files.isRegularFile(jar()) || preferConfluent();
    }

    private static boolean preferConfluent() {
        return !"apicurio".equals(System.getProperty("schema.registry")) && KafkaCluster.dockerAvailable();
    }

    /** On a free port, in memory. */
    static RegistryServer start() {
        return start(0, null);
    }

    /** On {@code port} (0: a free one), storing in {@code dataDir} when not null. */
    static RegistryServer start(int port, Path dataDir) {
        if (preferConfluent()) {
            return new RegistryServer(ConfluentRegistryContainer.start(port));
        }
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.log.level=WARN", "-Dquarkus.log.category.\"io.quarkus\".level=INFO",
            "-Dquarkus.datasource.jdbc.min-size=1", "-Dquarkus.datasource.jdbc.initial-size=1"));
        if (dataDir != null) {
            command.add("-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + dataDir.resolve("registry").toAbsolutePath()
                + ";WRITE_DELAY=0");
        }
        command.addAll(List.of("-jar", jar().toString()));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the schema registry: " + e, e);
        }
        CompletableFuture<String> url = new CompletableFuture<>();
        List<String> log = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (log) {
                        if (log.size() < 200) {
                            log.add(line);
                        }
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            url.completeExceptionally(new IllegalStateException("schema registry exited: " + String.join("\n", log)));
        }, "registry-server-log");
        reader.setDaemon(true);
        reader.start();
        try {
            return new RegistryServer(process, url.get(90, TimeUnit.SECONDS), dataDir);
        } catch (InterruptedException | java.util.concurrent.ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("schema registry did not start: " + e.getMessage(), e);
        }
    }

    /** The Confluent-compatible API. */
    String url() {
        return confluent != null ? baseUrl : baseUrl + "/apis/ccompat/v7";
    }

    int port() {
        return port;
    }

    /** Kills the process at once (SIGKILL), as a crash would. */
    void kill() {
        if (confluent != null) {
            confluent.kill();
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A new registry process on the same port and the same storage, once this one has ended. */
    RegistryServer restart() {
        if (confluent != null) {
            confluent.restart();
            return this;
        }
        kill();
        return start(port, dataDir);
    }

    @Override
    public void close() {
        if (confluent != null) {
            confluent.close();
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
