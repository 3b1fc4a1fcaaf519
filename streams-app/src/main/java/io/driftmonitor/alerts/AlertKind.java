package io.driftmonitor.alerts;

import java.util.Locale;

/** The outputs of the monitor that webhooks can subscribe to, by their name in {@code alerts.webhooks[].events}. */
public enum AlertKind {
    WINDOW_REPORTS("window_reports"),
    RETRAIN("retrain"),
    PROMOTION("promotion");

    private final String configName;

    AlertKind(String configName) {
        this.configName = configName;
    }

    /** The name in the configuration, the {@code X-Drift-Monitor-Event} header and the metrics' {@code event} label. */
    public String configName() {
        return configName;
    }

    public static AlertKind fromConfigName(String name) {
        for (AlertKind k : values()) {
            if (k.configName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown alert event '" + name + "'");
    }

    @Override
    public String toString() {
        return configName.toLowerCase(Locale.ROOT);
    }
}
