package io.driftmonitor.query;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import io.driftmonitor.topology.TopologyNames;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where a model's state lives, from Kafka Streams' metadata ({@code application.server} of every
 * instance), and one HTTP hop to get there. A forwarded request carries {@link #FORWARDED_HEADER};
 * an instance never forwards such a request again, so a stale view of the metadata cannot make a loop.
 */
final class InstanceRouter {
    static final String FORWARDED_HEADER = "X-Drift-Monitor-Forwarded";
    static final String SCOPE_HEADER = "X-Drift-Monitor-Scope";
    static final String SERVED_BY_HEADER = "X-Drift-Monitor-Served-By";
    /** Request headers a forward carries along. */
    private static final List<String> FORWARDED_REQUEST_HEADERS = List.of("Authorization", "Content-Type", "Idempotency-Key",
        "Accept");

    private final KafkaStreams streams;
    private final HostInfo self;
    private final String partialsTopic;
    private final Duration timeout;
    private final HttpClient client;

    /** The owner of a model's partition: the active host (or null while unknown) and the standbys. */
    record Owner(int partition, HostInfo active, Set<HostInfo> standbys) {
        boolean known() {
            return active != null;
        }
    }

    InstanceRouter(KafkaStreams streams, HostInfo self, String partialsTopic, Duration timeout) {
        this.streams = streams;
        this.self = self;
        this.partialsTopic = partialsTopic;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    HostInfo self() {
        return self;
    }

    static HostInfo parseHost(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("http.advertised_address must be host:port, got '" + address + "'");
        }
        return new HostInfo(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }

    Owner ownerOf(String model) {
        KeyQueryMetadata md;
        try {
            md = streams.queryMetadataForKey(TopologyNames.MODEL_STATE_STORE, model, new StringSerializer());
        } catch (RuntimeException e) {
            throw ApiException.unavailable("the monitor is " + streams.state() + "; the owner of model '" + model
                + "' is not known yet");
        }
        if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE) || md.activeHost() == null
                || md.activeHost().equals(HostInfo.unavailable())) {
            return new Owner(md == null ? -1 : md.partition(), null, Set.of());
        }
        return new Owner(md.partition(), md.activeHost(), md.standbyHosts());
    }

    /** Every instance of the application that hosts level-2 state (active or standby), this one included. */
    Set<HostInfo> stateHosts() {
        Set<HostInfo> hosts = new TreeSet<>((a, b) -> (a.host() + ":" + a.port()).compareTo(b.host() + ":" + b.port()));
        for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
            if (m.stateStoreNames().contains(TopologyNames.MODEL_STATE_STORE)
                    || m.standbyStateStoreNames().contains(TopologyNames.MODEL_STATE_STORE)) {
                hosts.add(m.hostInfo());
            }
        }
        return hosts;
    }

    /** Partitions of the level-2 stores this instance holds as active (or, with standbys, as standby). */
    Set<Integer> localPartitions(boolean includeStandbys) {
        Set<Integer> out = new TreeSet<>();
        for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
            if (!m.hostInfo().equals(self)) {
                continue;
            }
            addPartitions(out, m.topicPartitions());
            if (includeStandbys) {
                addPartitions(out, m.standbyTopicPartitions());
            }
        }
        return out;
    }

    private void addPartitions(Set<Integer> out, Set<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            if (tp.topic().equals(partialsTopic)) {
                out.add(tp.partition());
            }
        }
    }

    /** The answer of another instance, passed on as it is. */
    record Reply(int status, byte[] body, String contentType, String retryAfter, String servedBy) {
    }

    /** Sends a request to another instance, marked as forwarded. Timeouts and refusals are 504 / 503. */
    Reply forward(HostInfo host, String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        try {
            return send(host, method, pathAndQuery, headers, body).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw asApiException(host, e.getCause());
        }
    }

    CompletableFuture<Reply> send(HostInfo host, String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
            .timeout(timeout)
            .header(FORWARDED_HEADER, self.host() + ":" + self.port())
            .method(method, body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, value) -> {
            if (value != null && (FORWARDED_REQUEST_HEADERS.contains(name) || name.equals(SCOPE_HEADER))) {
                request.header(name, value);
            }
        });
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> new Reply(
            r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse("application/json"),
            r.headers().firstValue("Retry-After").orElse(null),
            r.headers().firstValue(SERVED_BY_HEADER).orElse(host.host() + ":" + host.port())));
    }

    static Map<String, String> forwardableHeaders(java.util.function.Function<String, String> header) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String name : FORWARDED_REQUEST_HEADERS) {
            String v = header.apply(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }

    static ApiException asApiException(HostInfo host, Throwable cause) {
        String where = host.host() + ":" + host.port();
        if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
            return ApiException.ownerTimeout("instance " + where + " did not answer in time");
        }
        if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException || cause instanceof IOException) {
            return ApiException.unavailable("instance " + where + " cannot be reached (it may be restarting)");
        }
        return ApiException.unavailable("instance " + where + " failed to answer");
    }
}
