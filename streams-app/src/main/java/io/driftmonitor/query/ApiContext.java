package io.driftmonitor.query;

import java.util.ArrayList;
import java.util.List;

import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.serde.EventEncoder;
import io.driftmonitor.topology.ModelState;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What every resource of the API works with: the configuration, the producer for writes and, once
 * the streams client exists, its stores, the router to other instances and the output encoder.
 */
final class ApiContext {
    final MonitorConfig config;
    final TopicWriter writer;
    private volatile Attached attached;

    /** What the server answers from once the streams client exists. */
    record Attached(KafkaStreams streams, StateReader reader, InstanceRouter router, EventEncoder encoder,
                    StreamsHealth health) {
    }

    ApiContext(MonitorConfig config) {
        this.config = config;
        this.writer = new TopicWriter(config);
    }

    void attach(Attached a) {
        this.attached = a;
    }

    /** The streams client and its stores; 503 while the monitor is starting. */
    Attached attached() {
        Attached a = attached;
        if (a == null) {
            throw ApiException.unavailable("the monitor is starting");
        }
        return a;
    }

    /** The streams client and its stores, or null while the monitor is starting. */
    Attached attachedOrNull() {
        return attached;
    }

    static ModelState requireModel(Attached a, String model, StateReader.Scope scope) {
        ModelState state = a.reader().model(model, scope);
        if (state == null) {
            throw ApiException.notFound("unknown model '" + model + "'");
        }
        return state;
    }

    /** The models of this instance's partitions (active, and standby ones too when stale copies will do). */
    static List<ModelState> localModels(Attached a, boolean stale) {
        List<ModelState> out = new ArrayList<>();
        for (int p : a.router().localPartitions(stale)) {
            out.addAll(a.reader().models(new StateReader.Scope(p, stale)));
        }
        return out;
    }
}
