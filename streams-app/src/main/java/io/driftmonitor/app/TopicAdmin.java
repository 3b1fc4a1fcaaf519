package io.driftmonitor.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.topology.MonitorTopology;
import io.driftmonitor.topology.TopologyNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the monitor's topics that do not exist yet (names and settings: README, Prerequisites). */
public final class TopicAdmin {
    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

    private TopicAdmin() {
    }

    /** The number of partitions of a topic. */
    public static int partitions(MonitorConfig config, String bootstrapServers, String topic) {
        try (Admin admin = Admin.create(adminProps(config, bootstrapServers))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS)
                .get(topic).partitions().size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot describe topic " + topic + " on " + bootstrapServers
                + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing topics", e);
        }
    }

    private static Properties adminProps(MonitorConfig config, String bootstrapServers) {
        Properties props = new Properties();
        props.putAll(config.kafka.properties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    /**
     * Waits until the broker's metadata shows a leader for every partition of the topics just created.
     * {@code createTopics} returns once the controller has them; a broker that has not applied them yet
     * answers UNKNOWN_TOPIC_OR_PARTITION, and Kafka Streams, starting then, would leave the topology's
     * sub-topologies unassigned until its next metadata refresh (minutes).
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException, TimeoutException {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                boolean ready = admin.describeTopics(topics).allTopicNames().get(60, TimeUnit.SECONDS).values().stream()
                    .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("Cannot describe topics " + topics + ": " + e.getCause().getMessage(), e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topics " + topics + " have no leader after 60 s");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    public static void createMissingTopics(MonitorConfig config, String bootstrapServers) {
        Properties props = new Properties();
        props.putAll(config.kafka.properties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        MonitorConfig.Topics t = config.topics;
        Optional<Short> rf = t.replicationFactor < 1 ? Optional.empty() : Optional.of(t.replicationFactor);
        Optional<Integer> partitions = Optional.of(t.partitions);
        List<NewTopic> wanted = new ArrayList<>();
        wanted.add(new NewTopic(t.predictions, partitions, rf));
        wanted.add(new NewTopic(t.labels, partitions, rf));
        wanted.add(new NewTopic(t.baselines, Optional.of(1), rf)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        wanted.add(new NewTopic(t.driftEvents, partitions, rf));
        wanted.add(new NewTopic(t.windowReports, partitions, rf));
        wanted.add(new NewTopic(t.retrainEvents, partitions, rf));
        wanted.add(new NewTopic(t.promotionEvents, partitions, rf));
        wanted.add(new NewTopic(t.dlq, partitions, rf));
        // Written by any producer; the monitor moves each request to its model's partition itself.
        wanted.add(new NewTopic(t.retrainRequests, partitions, rf));
        // Level-1 partials only need to live until level 2 has merged them.
        wanted.add(new NewTopic(TopologyNames.partialsTopic(config.kafka.applicationId), partitions, rf)
            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(24 * 3600 * 1000L),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MonitorTopology.MAX_STATE_RECORD_BYTES))));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(n -> !existing.contains(n.name())).toList();
            createIgnoringExisting(admin, missing);
            // The label join reads the index and the labels moved by prediction id partition by
            // partition: both get the index's count (the labels topic's, when the index is new).
            String index = TopologyNames.predictionIndexTopic(config.kafka.applicationId);
            String labelsByPrediction = TopologyNames.labelsByPredictionTopic(config.kafka.applicationId);
            List<String> created = new ArrayList<>(missing.stream().map(NewTopic::name).toList());
            int indexPartitions = existing.contains(index) ? partitionsOf(admin, index) : partitionsOf(admin, t.labels);
            Map<String, String> shortLived = Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(24 * 3600 * 1000L));
            // The index topic is the changelog of the join's index store: it keeps what the store keeps.
            Map<String, String> indexRetention = Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(indexRetentionMs(config)));
            for (String topic : List.of(index, labelsByPrediction)) {
                if (!existing.contains(topic)) {
                    createIgnoringExisting(admin, List.of(new NewTopic(topic, Optional.of(indexPartitions), rf)
                        .configs(topic.equals(index) ? indexRetention : shortLived)));
                    created.add(topic);
                }
            }
            if (existing.contains(index)) {
                try {
                    keepAtLeast(admin, index, indexRetentionMs(config));
                } catch (ExecutionException e) {
                    // Not fatal: the index works, but labels of predictions older than the topic's
                    // retention are lost after a restore. An operator can set it by hand.
                    log.warn("Cannot raise retention.ms of {} to {} ({}): set it by hand, or labels of older predictions"
                        + " are lost when the label join's index is restored", index, indexRetentionMs(config),
                        e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                }
            }
            // Level 2 reads the requests by model beside the partials: the partials topic's count.
            String partials = TopologyNames.partialsTopic(config.kafka.applicationId);
            String requestsByModel = TopologyNames.retrainRequestsByModelTopic(config.kafka.applicationId);
            if (!existing.contains(requestsByModel)) {
                createIgnoringExisting(admin, List.of(new NewTopic(requestsByModel, Optional.of(partitionsOf(admin, partials)), rf)
                    .configs(shortLived)));
                created.add(requestsByModel);
            }
            awaitLeaders(admin, created);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create topics on " + bootstrapServers + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within 60 s: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    /**
     * The pairs of topics one task reads partition by partition, where a key must be on the same
     * partition in both: the prediction index and the labels moved by prediction id (label join),
     * the window partials and the retrain requests moved by model (level 2).
     */
    static List<List<String>> coPartitioned(MonitorConfig config) {
        String app = config.kafka.applicationId;
        return List.of(
            List.of(TopologyNames.predictionIndexTopic(app), TopologyNames.labelsByPredictionTopic(app)),
            List.of(TopologyNames.partialsTopic(app), TopologyNames.retrainRequestsByModelTopic(app)));
    }

    /** Fails, naming both topics, when a pair of {@link #coPartitioned} topics differs in partition count. */
    public static void checkCoPartitioned(MonitorConfig config, String bootstrapServers) {
        try (Admin admin = Admin.create(adminProps(config, bootstrapServers))) {
            for (List<String> pair : coPartitioned(config)) {
                int first = partitionsOf(admin, pair.get(0));
                int second = partitionsOf(admin, pair.get(1));
                if (first != second) {
                    throw new IllegalStateException("Topics " + pair.get(0) + " (" + first + " partitions) and " + pair.get(1)
                        + " (" + second + " partitions) must have the same number of partitions: the monitor reads them"
                        + " side by side, key by key. Give both the same count (kafka-topics --alter), or reset the monitor.");
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot describe the monitor's topics on " + bootstrapServers + ": "
                + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within 60 s: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing topics", e);
        }
    }

    /** Creates the topics; one another instance created meanwhile is fine (instances start side by side). */
    private static void createIgnoringExisting(Admin admin, List<NewTopic> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (topics.isEmpty()) {
            return;
        }
        Map<String, org.apache.kafka.common.KafkaFuture<Void>> results = admin.createTopics(topics).values();
        for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> r : results.entrySet()) {
            try {
                r.getValue().get(60, TimeUnit.SECONDS);
                log.info("Created topic {}", r.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /** Partitions of a topic; one created a moment ago may not be known to every broker yet. */
    /**
     * How long the prediction-index topic keeps entries: the longest label horizon and, as Kafka
     * keeps a window store's changelog, one day more.
     */
    static long indexRetentionMs(MonitorConfig config) {
        return config.longestLabelHorizon().plusDays(1).toMillis();
    }

    /** Raises a topic's retention.ms to at least this (a topic made by an earlier version kept a day). */
    private static void keepAtLeast(Admin admin, String topic, long retentionMs)
        throws ExecutionException, InterruptedException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config current = admin.describeConfigs(List.of(resource)).all().get(60, TimeUnit.SECONDS).get(resource);
        ConfigEntry retention = current == null ? null : current.get(TopicConfig.RETENTION_MS_CONFIG);
        long now = retention == null || retention.value() == null ? Long.MAX_VALUE : Long.parseLong(retention.value());
        if (now >= 0 && now < retentionMs) {
            log.info("Raising retention.ms of {} from {} to {}: it is the changelog of the label join's index", topic, now,
                retentionMs);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs)), AlterConfigOp.OpType.SET))))
                .all().get(60, TimeUnit.SECONDS);
        }
    }

    private static int partitionsOf(Admin admin, String topic) throws ExecutionException, InterruptedException, TimeoutException {
        awaitLeaders(admin, List.of(topic));
        return admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic).partitions().size();
    }
}
