package io.driftmonitor.serde;

import java.util.Locale;

import org.apache.avro.Schema;

/** The Confluent subject naming strategies. */
public enum SubjectNameStrategy {
    /** {@code <topic>-value} (or {@code -key}): one schema lineage per topic. */
    TOPIC,
    /** The record's full name: one lineage per record type, across topics. */
    RECORD,
    /** {@code <topic>-<full name>}: several record types per topic. */
    TOPIC_RECORD;

    public String subject(String topic, boolean isKey, Schema schema) {
        switch (this) {
            case TOPIC:
                return topic + (isKey ? "-key" : "-value");
            case RECORD:
                return schema.getFullName();
            default:
                return topic + "-" + schema.getFullName();
        }
    }

    /** topic, record or topic_record (the names in {@code monitor.yaml}). */
    public static SubjectNameStrategy parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("subject name strategy must be topic, record or topic_record, got '" + name + "'");
        }
    }
}
