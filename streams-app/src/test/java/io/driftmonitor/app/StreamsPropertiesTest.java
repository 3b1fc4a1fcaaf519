package io.driftmonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import io.driftmonitor.config.MonitorConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsPropertiesTest {
    private static final String COMPRESSION = StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG);
    private static final String BACKOFF = StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG);
    private static final String BACKOFF_MAX = StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG);

    private static MonitorConfig config() {
        return MonitorConfig.builder().kafka(k -> k.applicationId("app")).build().validate("test");
    }

    @Test
    void shouldCompressAndRetryQuicklyByDefault() {
        Properties p = StreamsProperties.of(config(), "broker:9092");
        assertThat(p.get(COMPRESSION)).isEqualTo("zstd");
        assertThat(p.get(BACKOFF)).isEqualTo(5);
        assertThat(p.get(BACKOFF_MAX)).isEqualTo(100);
        assertThat(p.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        new StreamsConfig(p); // Kafka accepts every value
    }

    @Test
    void shouldLeaveTheUsersProducerAndIdlingSettingsAlone() {
        MonitorConfig config = config().toBuilder().kafka(k -> k
            .property(COMPRESSION, "lz4")
            .property(BACKOFF, "50")
            .property(BACKOFF_MAX, "1000")
            .property(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0")).build();
        Properties p = StreamsProperties.of(config, "broker:9092");
        assertThat(p.get(COMPRESSION)).isEqualTo("lz4");
        assertThat(p.get(BACKOFF)).isEqualTo("50");
        assertThat(p.get(BACKOFF_MAX)).isEqualTo("1000");
        assertThat(p.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo("0");
    }
}
