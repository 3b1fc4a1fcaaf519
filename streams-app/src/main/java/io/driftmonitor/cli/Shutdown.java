package io.driftmonitor.cli;

import java.util.concurrent.CountDownLatch;

/** Blocks the main thread until Ctrl-C (or SIGTERM), then runs the clean-up once. */
final class Shutdown {
    private Shutdown() {
    }

    static void awaitSignal(Runnable cleanUp) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                cleanUp.run();
            } finally {
                done.countDown();
            }
        }, "drift-monitor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        done.await();
    }
}
