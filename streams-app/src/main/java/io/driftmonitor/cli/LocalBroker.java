package io.driftmonitor.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * The single-node Kafka broker of {@code demo} and {@code broker}, reached by reflection: the broker
 * (Kafka's server, Scala, log4j) is not a dependency of the application, so the runtime in
 * {@code streams-app/target/lib} (what the container image ships) holds none of it. The
 * {@code bin/drift-monitor} launcher adds {@code embedded-broker/target/embedded-broker.jar} and its
 * {@code lib/} to the class path for these two commands; tests have the module at test scope.
 */
final class LocalBroker implements AutoCloseable {
    static final String BROKER_CLASS = "io.driftmonitor.broker.EmbeddedKafkaBroker";

    private final AutoCloseable broker;
    private final String bootstrapServers;
    private final Path dataDir;

    private LocalBroker(AutoCloseable broker, String bootstrapServers, Path dataDir) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
    }

    /** Whether the embedded broker is on the class path. */
    static boolean available() {
        return brokerClass(BROKER_CLASS) != null;
    }

    /**
     * Starts the embedded broker.
     *
     * @param port          the client port; 0 picks a free one
     * @param dataDir       the log and metadata directory; an existing, formatted one keeps its data
     * @param deleteOnClose whether {@link #close()} removes {@code dataDir}
     * @throws IllegalStateException when the broker is not on the class path
     */
    static LocalBroker start(int port, Path dataDir, boolean deleteOnClose) {
        return start(BROKER_CLASS, port, dataDir, deleteOnClose);
    }

    /** Fails with what to do when the embedded broker is not on the class path. */
    static void requireAvailable() {
        requireClass(BROKER_CLASS);
    }

    private static Class<?> requireClass(String className) {
        Class<?> type = brokerClass(className);
        if (type == null) {
            throw new IllegalStateException("the embedded Kafka broker is not on the class path: `demo` and `broker` "
                + "need embedded-broker/target/embedded-broker.jar and embedded-broker/target/lib/* (bin/drift-monitor "
                + "adds them); the runtime in lib/ and the container image ship without a broker");
        }
        return type;
    }

    static LocalBroker start(String className, int port, Path dataDir, boolean deleteOnClose) {
        Class<?> type = requireClass(className);
        try {
            Method start = type.getMethod("start", int.class, Path.class, boolean.class);
            AutoCloseable broker = (AutoCloseable) start.invoke(null, port, dataDir, deleteOnClose);
            String bootstrap = (String) type.getMethod("bootstrapServers").invoke(broker);
            Path dir = (Path) type.getMethod("dataDir").invoke(broker);
            return new LocalBroker(broker, bootstrap, dir);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("the embedded Kafka broker failed to start: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("incompatible embedded Kafka broker on the class path: " + e, e);
        }
    }

    private static Class<?> brokerClass(String className) {
        try {
            return Class.forName(className, true, LocalBroker.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            broker.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("stopping the embedded Kafka broker failed", e);
        }
    }
}
