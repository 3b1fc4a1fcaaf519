package io.driftmonitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The non-Java clients of the contract tests (Debian's python3-confluent-kafka, kcat). */
final class ExternalClients {
    private ExternalClients() {
    }

    /** Whether the command runs and exits 0 within 30 s. */
    static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs the command with {@code stdin} (null: none) as its input, asserts it exits 0 within 120 s, and returns its output. */
    static String run(ProcessBuilder builder, String stdin) throws Exception {
        Process p = builder.redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", builder.command()) + "\n" + out).isZero();
        return out;
    }
}
