package io.driftmonitor.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The headers of a dead-letter record: the record's own headers plus why it failed and where it came
 * from, under the names Kafka Streams' built-in dead-letter records use, so one tool reads both.
 */
final class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    static final String HEADER_EXCEPTION = "__streams.errors.exception";
    static final String HEADER_MESSAGE = "__streams.errors.message";
    static final String HEADER_TOPIC = "__streams.errors.topic";
    static final String HEADER_PARTITION = "__streams.errors.partition";
    static final String HEADER_OFFSET = "__streams.errors.offset";
    /** The reason as a short code ({@code timestamp_in_future}, {@code invalid_record}, ...), the label of the DLQ counter. */
    static final String HEADER_REASON = "drift-monitor.reason";

    private DeadLetters() {
    }

    static Headers headers(Headers original, Exception e, Optional<RecordMetadata> source) {
        Headers headers = new RecordHeaders(original.toArray());
        headers.add(HEADER_EXCEPTION, e.getClass().getName().getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_MESSAGE, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_REASON, EventCounts.reason(e).getBytes(StandardCharsets.UTF_8));
        source.ifPresent(m -> {
            headers.add(HEADER_TOPIC, m.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(HEADER_PARTITION, Integer.toString(m.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add(HEADER_OFFSET, Long.toString(m.offset()).getBytes(StandardCharsets.UTF_8));
            log.atWarn().addKeyValue("topic", m.topic()).addKeyValue("partition", m.partition())
                .addKeyValue("offset", m.offset()).addKeyValue("reason", EventCounts.reason(e))
                .log("Dead letter from {}-{}@{}: {}", m.topic(), m.partition(), m.offset(), e.getMessage());
        });
        EventCounts.deadLetter(source.map(RecordMetadata::topic).orElse(null), e);
        return headers;
    }
}
