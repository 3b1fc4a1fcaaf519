package io.driftmonitor.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.topology.TopologyNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Application reset: the monitor starts again from nothing. Deletes its internal topics (the state
 * changelogs and repartition topics, the window partials, the prediction index, the labels moved by
 * prediction id and the retrain requests moved by model), its consumer
 * group (so the inputs are read again from the beginning) and this machine's local state. Inputs,
 * outputs, baselines, the DLQ and the retrain requests are kept. Refused while an instance runs.
 */
@Command(name = "reset", mixinStandardHelpOptions = true,
    description = {"Start the monitor afresh: delete its internal topics, consumer group and local state.",
        "The internal topics are <application_id>-...-changelog, -repartition, -window-partials,",
        "-prediction-index, -labels-by-prediction and -retrain-requests-by-model; without the consumer",
        "group the inputs are read again from the beginning; the local state directory is this machine's.",
        "Inputs, outputs, baselines, the DLQ and the retrain requests are kept.",
        "Every instance must be stopped (the consumer group empty); asks for the application id to confirm",
        "unless --yes is given. Run it on every machine that kept state (or give each a new state dir)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:reset (or, with --dry-run, listed)", "1:error: instances still running, Kafka unreachable, ...",
        "2:usage error, or not confirmed"})
final class ResetCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--application-id", paramLabel = "ID", description = "Default: kafka.application_id of the configuration")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Default: state_dir of the configuration, else Kafka Streams' default")
    Path stateDir;

    @Option(names = "--dry-run", description = "List what would be deleted, delete nothing")
    boolean dryRun;

    @Option(names = "--yes", description = "Do not ask for confirmation")
    boolean yes;

    @Override
    public Integer call() throws Exception {
        MonitorConfig config = kafka.config();
        String appId = applicationId != null ? applicationId : config.kafka.applicationId;
        Path localState = (stateDir != null ? stateDir
            : Path.of(config.stateDir != null ? config.stateDir : System.getProperty("java.io.tmpdir") + "/kafka-streams"))
            .resolve(appId);
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            int members = members(admin, appId);
            if (members > 0) {
                spec.commandLine().getErr().printf("error: %d instance%s of %s still run (consumer group %s is not empty); "
                    + "stop every instance first%n", members, members == 1 ? "" : "s", appId, appId);
                return 1;
            }
            List<String> topics = internalTopics(admin.listTopics().names().get(60, TimeUnit.SECONDS), appId, config);
            out.printf("Reset of %s on %s%n", appId, kafka.bootstrapServers());
            out.printf("  internal topics: %s%n", topics.isEmpty() ? "none" : String.join(", ", topics));
            out.printf("  consumer group:  %s (the inputs are read again from the beginning)%n", appId);
            out.printf("  local state:     %s%s%n", localState, Files.exists(localState) ? "" : " (absent)");
            out.printf("  kept: %s, %s, %s, %s, %s, %s, %s, %s%n", config.topics.predictions, config.topics.labels,
                config.topics.baselines, config.topics.driftEvents, config.topics.retrainEvents, config.topics.promotionEvents,
                config.topics.dlq, config.topics.retrainRequests);
            out.flush();
            if (dryRun) {
                out.println("Dry run: nothing deleted.");
                return 0;
            }
            if (!confirmed(appId)) {
                return 2;
            }
            if (!topics.isEmpty()) {
                admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
            }
            try {
                admin.deleteConsumerGroups(List.of(appId)).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupNotEmptyException) {
                    spec.commandLine().getErr().println("error: an instance of " + appId + " started meanwhile; "
                        + "its internal topics are deleted, stop it and run reset again");
                    return 1;
                }
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
            }
            deleteRecursively(localState);
            out.printf("Reset %s: %d internal topics, the consumer group and the local state deleted.%n", appId, topics.size());
            return 0;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " did not answer within 60 s", e);
        }
    }

    /** The topics of the application that reset deletes; never one the configuration names. */
    static List<String> internalTopics(Collection<String> all, String appId, MonitorConfig config) {
        Set<String> configured = Set.of(config.topics.predictions, config.topics.labels, config.topics.baselines,
            config.topics.driftEvents, config.topics.retrainEvents, config.topics.promotionEvents, config.topics.dlq,
            config.topics.retrainRequests);
        Set<String> internal = new TreeSet<>();
        for (String topic : all) {
            boolean streamsInternal = topic.startsWith(appId + "-")
                && (topic.endsWith("-changelog") || topic.endsWith("-repartition"));
            boolean monitorInternal = topic.equals(TopologyNames.partialsTopic(appId))
                || topic.equals(TopologyNames.predictionIndexTopic(appId))
                || topic.equals(TopologyNames.labelsByPredictionTopic(appId))
                || topic.equals(TopologyNames.retrainRequestsByModelTopic(appId));
            if ((streamsInternal || monitorInternal) && !configured.contains(topic)) {
                internal.add(topic);
            }
        }
        return new ArrayList<>(internal);
    }

    private static int members(Admin admin, String appId) throws InterruptedException, TimeoutException, ExecutionException {
        try {
            Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(List.of(appId)).all().get(60, TimeUnit.SECONDS);
            ConsumerGroupDescription d = groups.get(appId);
            return d == null ? 0 : d.members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw e;
        }
    }

    private boolean confirmed(String appId) {
        if (yes) {
            return true;
        }
        Console console = System.console();
        if (console == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "not confirmed: no terminal to ask on; add --yes to reset " + appId);
        }
        String answer = console.readLine("Type the application id (%s) to delete all of this: ", appId);
        if (!appId.equals(answer == null ? null : answer.trim())) {
            spec.commandLine().getErr().println("not confirmed; nothing deleted");
            return false;
        }
        return true;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
