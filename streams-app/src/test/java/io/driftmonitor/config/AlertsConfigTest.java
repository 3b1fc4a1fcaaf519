package io.driftmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The {@code alerts} section: defaults, validation of every webhook key by path, secrets and masking. */
class AlertsConfigTest {

    @Test
    void shouldHaveNoWebhooksByDefault() {
        MonitorConfig config = MonitorConfig.defaults();
        assertThat(config.alerts.webhooks).isEmpty();
        assertThat(config.alerts.startFrom).isEqualTo("latest");
    }

    @Test
    void shouldReadAWebhookWithItsDefaults() {
        MonitorConfig config = ConfigLoader.withEnvironment(Map.of("WEBHOOK_SECRET", "s3cret")).parse("""
            alerts:
              webhooks:
                - url: https://hooks.example.com/drift
                  secret: ${env:WEBHOOK_SECRET}
                - url: http://127.0.0.1:9000/x
                  name: local
                  events: [retrain]
                  format: slack
                  min_status: drift
                  max_attempts: 2
                  timeout: 500ms
                  backoff: {initial: 100ms, max: 2s}
                  headers: {Authorization: Bearer abc}
            """, "monitor.yaml").config();
        MonitorConfig.Webhook first = config.alerts.webhooks.get(0);
        assertThat(first.events).containsExactly("window_reports", "retrain", "promotion");
        assertThat(first.minStatus).isEqualTo("warn");
        assertThat(first.format).isEqualTo("json");
        assertThat(first.secret).isEqualTo("s3cret");
        assertThat(first.maxAttempts).isEqualTo(5);
        assertThat(first.displayName(0)).isEqualTo("webhook-0");
        MonitorConfig.Webhook second = config.alerts.webhooks.get(1);
        assertThat(second.events).containsExactly("retrain");
        assertThat(second.displayName(1)).isEqualTo("local");
        assertThat(second.backoff.initial).isEqualTo(Duration.ofMillis(100));
        assertThat(second.backoff.multiplier).isEqualTo(2.0);
        assertThat(second.headers).containsEntry("Authorization", "Bearer abc");
    }

    @Test
    void shouldReportEveryBadWebhookKeyByPath() {
        ConfigException e = catchThrowableOfType(() -> ConfigLoader.withEnvironment(Map.of()).parse("""
            alerts:
              start_from: middle
              max_in_flight: 0
              webhooks:
                - events: [retrain]
                - url: ftp://example.com/hook
                  events: [retrain, alarms]
                  min_status: high
                  format: xml
                  max_attempts: 0
                  timeout: 0s
                  backoff: {initial: 5s, max: 1s, multiplier: 0.5, jitter: 2}
                  headers: {X-Drift-Monitor-Signature: forged, "bad name": x}
                  colour: red
                - url: "https://"
                - url: not a url
                - url: https://user:pw@example.com/hook
            """, "monitor.yaml"), ConfigException.class);
        assertThat(e.problems()).containsExactlyInAnyOrder(
            "monitor.yaml: alerts.webhooks[1].colour: unknown key; known keys here: name, url, events, min_status, format, secret, headers, timeout, max_attempts, backoff",
            "monitor.yaml: alerts.start_from: must be latest or earliest, got 'middle'",
            "monitor.yaml: alerts.max_in_flight: must be at least 1, got 0",
            "monitor.yaml: alerts.webhooks[0].url: required",
            "monitor.yaml: alerts.webhooks[1].url: must be an http:// or https:// URL",
            "monitor.yaml: alerts.webhooks[1].events[1]: must be one of window_reports, retrain, promotion, got 'alarms'",
            "monitor.yaml: alerts.webhooks[1].min_status: must be ok, warn or drift, got 'high'",
            "monitor.yaml: alerts.webhooks[1].format: must be json or slack, got 'xml'",
            "monitor.yaml: alerts.webhooks[1].headers.X-Drift-Monitor-Signature: set by the monitor, cannot be configured",
            "monitor.yaml: alerts.webhooks[1].headers.bad name: not a valid header name",
            "monitor.yaml: alerts.webhooks[1].timeout: must be a positive duration",
            "monitor.yaml: alerts.webhooks[1].max_attempts: must be between 1 and 100, got 0",
            "monitor.yaml: alerts.webhooks[1].backoff.multiplier: must be between 1 and 100, got 0.5",
            "monitor.yaml: alerts.webhooks[1].backoff.max: must be at least backoff.initial",
            "monitor.yaml: alerts.webhooks[1].backoff.jitter: must be between 0 and 1, got 2.0",
            "monitor.yaml: alerts.webhooks[2].url: not a valid URL: Expected authority",
            "monitor.yaml: alerts.webhooks[3].url: not a valid URL: Illegal character in path",
            "monitor.yaml: alerts.webhooks[4].url: must not hold credentials (user:password@); use headers or secret");
    }

    @Test
    void shouldRefuseTwoWebhooksOfOneNameAndAnEmptyEventList() {
        ConfigException e = catchThrowableOfType(() -> MonitorConfig.parse("""
            alerts:
              webhooks:
                - {name: ops, url: "https://a.example.com/"}
                - {name: ops, url: "https://b.example.com/", events: []}
            """, "monitor.yaml"), ConfigException.class);
        assertThat(e.problems()).containsExactlyInAnyOrder(
            "monitor.yaml: alerts.webhooks[1].name: 'ops' names another webhook too",
            "monitor.yaml: alerts.webhooks[1].events: must name at least one of window_reports, retrain, promotion");
    }

    @Test
    void shouldNameAnUnsetSecretVariableByTheWebhooksPath() {
        ConfigException e = catchThrowableOfType(() -> ConfigLoader.withEnvironment(Map.of()).parse("""
            alerts:
              webhooks:
                - {url: "https://a.example.com/", secret: "${env:WEBHOOK_SECRET}"}
            """, "monitor.yaml"), ConfigException.class);
        assertThat(e.problems()).containsExactly(
            "monitor.yaml: alerts.webhooks[0].secret: environment variable WEBHOOK_SECRET (in ${env:WEBHOOK_SECRET}) is not set");
    }

    @Test
    void shouldMaskSecretsHeadersAndTheUrlPathInTheEffectiveConfiguration() {
        ConfigLoader.Loaded loaded = ConfigLoader.withEnvironment(Map.of("WEBHOOK_SECRET", "s3cret")).parse("""
            alerts:
              webhooks:
                - url: https://hooks.slack.com/services/T000/B000/XXXX
                  secret: ${env:WEBHOOK_SECRET}
                  format: slack
                - url: http://127.0.0.1:9000/hooks?token=abc
                  secret: literal-secret
                  headers: {Authorization: Bearer abc}
                - url: https://ops.example.com
            """, "monitor.yaml");
        JsonNode webhooks = ConfigPrinter.effective(loaded).get("alerts").get("webhooks");
        assertThat(webhooks.get(0).get("secret").asText()).isEqualTo("${env:WEBHOOK_SECRET}");
        assertThat(webhooks.get(0).get("url").asText()).isEqualTo("https://hooks.slack.com/" + ConfigPrinter.MASK);
        assertThat(webhooks.get(1).get("secret").asText()).isEqualTo(ConfigPrinter.MASK);
        assertThat(webhooks.get(1).get("headers").get("Authorization").asText()).isEqualTo(ConfigPrinter.MASK);
        assertThat(webhooks.get(1).get("url").asText()).isEqualTo("http://127.0.0.1:9000/" + ConfigPrinter.MASK);
        assertThat(webhooks.get(2).get("url").asText()).isEqualTo("https://ops.example.com/");
        assertThat(ConfigPrinter.yaml(ConfigPrinter.effective(loaded))).doesNotContain("s3cret", "literal-secret", "Bearer abc", "XXXX", "token=abc");
        assertThat(ConfigPrinter.isSecret("alerts.webhooks[3].secret")).isTrue();
        assertThat(ConfigPrinter.isSecret("alerts.webhooks[3].headers.X-Api-Key")).isTrue();
        assertThat(ConfigPrinter.isSecret("alerts.webhooks[3].format")).isFalse();
    }

    @Test
    void shouldNotTakeTheListOfWebhooksFromAnEnvironmentVariable() {
        ConfigLoader.Loaded loaded = ConfigLoader.withEnvironment(Map.of(
            "DRIFT_MONITOR_ALERTS_WEBHOOKS", "https://a.example.com/",
            "DRIFT_MONITOR_ALERTS_MAX_IN_FLIGHT", "7")).parse("", "monitor.yaml");
        assertThat(loaded.config().alerts.webhooks).isEmpty();
        assertThat(loaded.config().alerts.maxInFlight).isEqualTo(7);
        assertThat(loaded.ignored()).isEqualTo(List.of("DRIFT_MONITOR_ALERTS_WEBHOOKS"));
    }
}
