package io.driftmonitor.topology;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.serde.BaselineCodec;
import io.driftmonitor.serde.EventEncoder;
import io.driftmonitor.serde.LabelDecoder;
import io.driftmonitor.serde.PredictionDecoder;
import io.driftmonitor.serde.SchemaRegistry;
import io.driftmonitor.serde.SubjectNameStrategy;
import io.driftmonitor.serde.mapping.MappedPredictionDecoder;
import io.driftmonitor.state.HeapBufferedStoreBuilder;
import io.driftmonitor.state.LevelOneCodec;
import io.driftmonitor.state.PerformancePartial;
import io.driftmonitor.state.PredictionIndexBatch;
import io.driftmonitor.state.Watermark;
import io.driftmonitor.state.WindowPartialCodec;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The monitor as a function from configuration to topology, testable without a broker:
 * <pre>
 * predictions -> decode-and-accumulate (L1, heap per partition) -> window-partials topic (by model)
 *             \-> dead letters
 * window-partials -> merge-and-close-windows (L2) -> drift-events, retrain-events, promotion-events, baselines
 * retrain-requests-by-model -/ (manual triggers, placed by model like the partials)
 * retrain-requests -> route-retrain-requests-by-model -> retrain-requests-by-model topic (by model_id)
 *                  \-> dead letters
 * labels -> route-labels-by-prediction -> labels-by-prediction topic (by prediction id, as the index)
 * prediction-index + labels-by-prediction -> join-labels -> window-partials topic (performance partials)
 * baselines (compacted) -> global baseline store (read by L1 and L2)
 * </pre>
 */
public final class MonitorTopology {
    private MonitorTopology() {
    }

    /**
     * Largest partial or state record the topology writes: the max.message.bytes of its internal
     * topics and changelogs, and the producer's max.request.size.
     */
    public static final int MAX_STATE_RECORD_BYTES = 16 * 1024 * 1024;

    /** Changelog topic settings of stores whose records are window partials: they may exceed 1 MB. */
    static final Map<String, String> LARGE_RECORDS = Map.of("max.message.bytes", Integer.toString(MAX_STATE_RECORD_BYTES));

    public static Topology build(MonitorConfig config) {
        SchemaRegistry registry = config.schemaRegistry.url == null ? null : SchemaRegistry.forConfig(config.schemaRegistry);
        EventEncoder encoder = new EventEncoder(EventEncoder.parseFormat(config.output.format), registry,
            SubjectNameStrategy.parse(config.schemaRegistry.subjectNameStrategy));
        PredictionDecoder decoder = MappedPredictionDecoder.predictionDecoder(registry, config.inputs.predictions.mapping);
        BaselineCodec baselineCodec = new BaselineCodec(registry);
        String partialsTopic = TopologyNames.partialsTopic(config.kafka.applicationId);

        SourceChangelogTopology topology = new SourceChangelogTopology();
        BaselineChanges baselineChanges = new BaselineChanges();
        topology.addGlobalStore(
            Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TopologyNames.BASELINES_STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
            TopologyNames.READ_BASELINES, new StringDeserializer(), new ByteArrayDeserializer(),
            config.topics.baselines, TopologyNames.UPDATE_BASELINES, () -> new BaselineStoreUpdater(baselineCodec, baselineChanges));

        topology.addSource(TopologyNames.READ_PREDICTIONS, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
            config.topics.predictions);
        topology.addProcessor(TopologyNames.ACCUMULATE, () -> new AccumulateProcessor(config, decoder, baselineCodec, baselineChanges),
            TopologyNames.READ_PREDICTIONS);
        topology.addStateStore(new HeapBufferedStoreBuilder<>(TopologyNames.PARTIALS_STORE, WindowPartialCodec.serde()).withLoggingEnabled(LARGE_RECORDS),
            TopologyNames.ACCUMULATE);
        topology.addSink(TopologyNames.WRITE_DLQ, config.topics.dlq, new ByteArraySerializer(), new ByteArraySerializer(),
            TopologyNames.ACCUMULATE);
        // Partials go to their model's partition; a watermark goes to every partition.
        topology.addSink(TopologyNames.WRITE_PARTIALS, partialsTopic, new StringSerializer(),
            LevelOneCodec.serde().serializer(), (topic, key, value, partitions) -> value instanceof Watermark
                ? Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toSet()))
                : ModelPartitioner.byModel(key, partitions), TopologyNames.ACCUMULATE);

        // A batch of index entries goes to the partition its prediction ids' labels are on.
        topology.addSink(TopologyNames.WRITE_PREDICTION_INDEX, TopologyNames.predictionIndexTopic(config.kafka.applicationId),
            new StringSerializer(), PredictionIndexBatch.serde().serializer(),
            (topic, key, batch, partitions) -> Optional.of(Set.of(batch.partition() % partitions)), TopologyNames.ACCUMULATE);
        topology.addStateStore(new HeapBufferedStoreBuilder<>(TopologyNames.INDEX_BUFFER_STORE, PredictionIndexBatch.serde())
            .withLoggingEnabled(LARGE_RECORDS), TopologyNames.ACCUMULATE);

        topology.addStateStore(new HeapBufferedStoreBuilder<>(TopologyNames.INLINE_PERFORMANCE_STORE, PerformancePartial.serde())
            .withLoggingEnabled(LARGE_RECORDS), TopologyNames.ACCUMULATE);

        addLabelJoin(topology, config, registry, partialsTopic);

        topology.addSource(TopologyNames.READ_PARTIALS, new StringDeserializer(), LevelOneCodec.serde().deserializer(),
            partialsTopic);
        topology.addSource(TopologyNames.READ_RETRAIN_REQUESTS_BY_MODEL, new StringDeserializer(), RetrainRequest.deserializer(),
            TopologyNames.retrainRequestsByModelTopic(config.kafka.applicationId));
        topology.addProcessor(TopologyNames.MERGE_AND_CLOSE, () -> new MergeAndCloseProcessor(config, encoder, baselineCodec),
            TopologyNames.READ_PARTIALS, TopologyNames.READ_RETRAIN_REQUESTS_BY_MODEL);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.WINDOWS_STORE),
            Serdes.String(), WindowPartialCodec.serde()).withCachingEnabled().withLoggingEnabled(LARGE_RECORDS),
            TopologyNames.MERGE_AND_CLOSE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.WATERMARKS_STORE),
            Serdes.Integer(), Serdes.ByteArray()).withCachingEnabled(), TopologyNames.MERGE_AND_CLOSE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.MODEL_STATE_STORE),
            Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), TopologyNames.MERGE_AND_CLOSE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.MODEL_BASELINES_STORE),
            Serdes.String(), Serdes.ByteArray()).withCachingEnabled().withLoggingEnabled(LARGE_RECORDS),
            TopologyNames.MERGE_AND_CLOSE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.DRIFT_RESULTS_STORE),
            Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), TopologyNames.MERGE_AND_CLOSE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.RETRAIN_HISTORY_STORE),
            Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), TopologyNames.MERGE_AND_CLOSE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.PROMOTION_HISTORY_STORE),
            Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), TopologyNames.MERGE_AND_CLOSE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.PERFORMANCE_STORE),
            Serdes.String(), PerformancePartial.serde()).withCachingEnabled(), TopologyNames.MERGE_AND_CLOSE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.CALIBRATION_STORE),
            Serdes.String(), PerformancePartial.serde()).withCachingEnabled(), TopologyNames.MERGE_AND_CLOSE);
        topology.addSink(TopologyNames.WRITE_DRIFT_EVENTS, config.topics.driftEvents, new StringSerializer(),
            new ByteArraySerializer(), TopologyNames.MERGE_AND_CLOSE);
        topology.addSink(TopologyNames.WRITE_WINDOW_REPORTS, config.topics.windowReports, new StringSerializer(),
            new ByteArraySerializer(), TopologyNames.MERGE_AND_CLOSE);
        topology.addSink(TopologyNames.WRITE_RETRAIN_EVENTS, config.topics.retrainEvents, new StringSerializer(),
            new ByteArraySerializer(), TopologyNames.MERGE_AND_CLOSE);
        topology.addSink(TopologyNames.WRITE_PROMOTION_EVENTS, config.topics.promotionEvents, new StringSerializer(),
            new ByteArraySerializer(), TopologyNames.MERGE_AND_CLOSE);
        topology.addSink(TopologyNames.WRITE_BASELINES, config.topics.baselines, new StringSerializer(),
            new ByteArraySerializer(), TopologyNames.MERGE_AND_CLOSE);
        addRetrainRequestRouting(topology, config);
        return topology;
    }

    /** A topology in which a store may use one of its processor's input topics as its changelog. */
    private static final class SourceChangelogTopology extends Topology {
        /**
         * The store is restored from this topic (up to the task's committed offset) and writes no
         * changelog: what its processor puts must be exactly what the topic says. Kafka's DSL does
         * the same for a table read from a topic; the Processor API reaches it only this way.
         */
        void restoreFromSourceTopic(String store, String topic) {
            internalTopologyBuilder.connectSourceStoreAndTopic(store, topic);
        }
    }

    /**
     * Manual retrain requests go to their model's partition of the requests-by-model topic first,
     * placed as the model's partials (whatever partitioner their producer used); level 2 reads them
     * there, in the task of the model's state.
     */
    private static void addRetrainRequestRouting(Topology topology, MonitorConfig config) {
        topology.addSource(TopologyNames.READ_RETRAIN_REQUESTS, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
            config.topics.retrainRequests);
        topology.addProcessor(TopologyNames.ROUTE_RETRAIN_REQUESTS, RetrainRequestRouter::new, TopologyNames.READ_RETRAIN_REQUESTS);
        topology.addSink(TopologyNames.WRITE_RETRAIN_REQUESTS_BY_MODEL,
            TopologyNames.retrainRequestsByModelTopic(config.kafka.applicationId), new StringSerializer(),
            new ByteArraySerializer(), ModelPartitioner.BY_MODEL,
            TopologyNames.ROUTE_RETRAIN_REQUESTS);
        topology.addSink(TopologyNames.WRITE_RETRAIN_REQUEST_DLQ, config.topics.dlq, new ByteArraySerializer(),
            new ByteArraySerializer(), TopologyNames.ROUTE_RETRAIN_REQUESTS);
    }

    /**
     * Labels go to the partition of their prediction id's index entries first (whatever partitioner
     * their producer used); there they meet the compact prediction entries, one task per partition.
     */
    private static void addLabelJoin(SourceChangelogTopology topology, MonitorConfig config, SchemaRegistry registry, String partialsTopic) {
        String labelsByPrediction = TopologyNames.labelsByPredictionTopic(config.kafka.applicationId);
        topology.addSource(TopologyNames.READ_LABELS, new StringDeserializer(), new ByteArrayDeserializer(), config.topics.labels);
        topology.addProcessor(TopologyNames.ROUTE_LABELS, () -> new LabelRouter(config, new LabelDecoder(registry)),
            TopologyNames.READ_LABELS);
        topology.addSink(TopologyNames.WRITE_LABELS_BY_PREDICTION, labelsByPrediction, new StringSerializer(),
            new ByteArraySerializer(), (topic, id, value, partitions) -> Optional.of(Set.of(
                PredictionIndexBatch.partitionOf((String) id, partitions))), TopologyNames.ROUTE_LABELS);
        topology.addSink(TopologyNames.WRITE_LABEL_DLQ, config.topics.dlq, new ByteArraySerializer(), new ByteArraySerializer(),
            TopologyNames.ROUTE_LABELS);
        topology.addSink(TopologyNames.WRITE_LABEL_REFUSALS, partialsTopic, new StringSerializer(),
            LevelOneCodec.serde().serializer(), ModelPartitioner.BY_MODEL,
            TopologyNames.ROUTE_LABELS);

        topology.addSource(TopologyNames.READ_PREDICTION_INDEX, new StringDeserializer(),
            PredictionIndexBatch.indexRecordDeserializer(), TopologyNames.predictionIndexTopic(config.kafka.applicationId));
        topology.addSource(TopologyNames.READ_LABELS_BY_PREDICTION, new StringDeserializer(), new ByteArrayDeserializer(),
            labelsByPrediction);
        topology.addProcessor(TopologyNames.JOIN_LABELS, () -> new LabelJoinProcessor(config, new LabelDecoder(registry)),
            TopologyNames.READ_PREDICTION_INDEX, TopologyNames.READ_LABELS_BY_PREDICTION);
        topology.addStateStore(PredictionIndexStore.builder(TopologyNames.PREDICTION_INDEX_STORE, config.longestLabelHorizon()),
            TopologyNames.JOIN_LABELS);
        topology.restoreFromSourceTopic(TopologyNames.PREDICTION_INDEX_STORE,
            TopologyNames.predictionIndexTopic(config.kafka.applicationId));
        topology.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(TopologyNames.LABELLED_PREDICTIONS_STORE,
            config.longestLabelHorizon(), Duration.ofMillis(1), false), Serdes.String(), Serdes.ByteArray()),
            TopologyNames.JOIN_LABELS);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.PENDING_LABELS_STORE),
            Serdes.Bytes(), Serdes.ByteArray()), TopologyNames.JOIN_LABELS);
        topology.addStateStore(new HeapBufferedStoreBuilder<>(TopologyNames.PERFORMANCE_PARTIALS_STORE, PerformancePartial.serde())
            .withLoggingEnabled(LARGE_RECORDS), TopologyNames.JOIN_LABELS);
        topology.addSink(TopologyNames.WRITE_PERFORMANCE_PARTIALS, partialsTopic, new StringSerializer(),
            LevelOneCodec.serde().serializer(), ModelPartitioner.BY_MODEL,
            TopologyNames.JOIN_LABELS);
    }
}
