package io.driftmonitor.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The application's log lines: text with the date and zone by default, one JSON object per line on demand. */
class LogLayoutTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private OutputStreamAppender<ILoggingEvent> appender;
    private Logger logger;
    private LogFormat before;

    @BeforeEach
    void attach() {
        before = LogFormat.current();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogLayout layout = new LogLayout();
        layout.setZone("Europe/Berlin");
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setLayout(layout);
        encoder.setContext(context);
        encoder.start();
        appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        logger = context.getLogger("io.driftmonitor.topology.LayoutProbe");
        logger.setAdditive(false);
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
        logger.setAdditive(true);
        appender.stop();
        LogFormat.use(before);
        MDC.clear();
    }

    @Test
    void shouldWriteOneJsonObjectPerLineWithTimestampLevelLoggerMessageAndFields() throws Exception {
        LogFormat.use(LogFormat.JSON);
        MDC.put("model", "fraud-classifier");
        logger.atWarn().addKeyValue("topic", "predictions").addKeyValue("partition", 2).addKeyValue("offset", 1234L)
            .log("Dead letter from {}-{}@{}: {}", "predictions", 2, 1234L, "not \"JSON\"\nat all");
        MDC.remove("model");
        logger.error("Stream thread failed", new IllegalStateException("boom"));

        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("level").asText()).isEqualTo("WARN");
        assertThat(first.get("logger").asText()).isEqualTo("io.driftmonitor.topology.LayoutProbe");
        assertThat(first.get("message").asText()).isEqualTo("Dead letter from predictions-2@1234: not \"JSON\"\nat all");
        assertThat(first.get("model").asText()).isEqualTo("fraud-classifier");
        assertThat(first.get("topic").asText()).isEqualTo("predictions");
        assertThat(first.get("partition").isInt()).isTrue();
        assertThat(first.get("partition").asInt()).isEqualTo(2);
        assertThat(first.get("offset").asLong()).isEqualTo(1234L);
        assertThat(first.get("thread").asText()).isNotBlank();
        OffsetDateTime at = OffsetDateTime.parse(first.get("timestamp").asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        assertThat(at.toInstant()).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
        assertThat(first.get("timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{2}:\\d{2}");

        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.get("level").asText()).isEqualTo("ERROR");
        assertThat(second.has("model")).isFalse();
        assertThat(second.get("exception").asText()).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(second.get("stack_trace").asText()).contains("LogLayoutTest");
    }

    @Test
    void shouldWriteTextWithTheDateAndZoneByDefault() {
        LogFormat.use(LogFormat.TEXT);
        logger.info("Model {}: window closed", "price");
        List<String> lines = lines();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).matches(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{2}:\\d{2} INFO  LayoutProbe - Model price: window closed");
    }

    @Test
    void shouldParseTheFormatInAnyCaseAndRejectOthers() {
        assertThat(LogFormat.parse(" Json ")).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.parse("text")).isEqualTo(LogFormat.TEXT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogFormat.parse("xml"))
            .hasMessageContaining("text or json");
    }

    private List<String> lines() {
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        return text.lines().toList();
    }
}
