package io.driftmonitor.it;

import java.io.IOException;
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
}
