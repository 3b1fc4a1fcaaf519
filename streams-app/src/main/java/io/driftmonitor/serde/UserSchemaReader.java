package io.driftmonitor.serde;

import io.driftmonitor.schema.PredictionEvent;

/**
 * Reads prediction records written in the user's own schema rather than the monitor's (a mapping
 * of their fields, see {@code io.driftmonitor.serde.mapping}). A record at fault throws
 * {@link InvalidRecordException}. Thread-safe.
 */
public interface UserSchemaReader {
    /** A record in the Confluent Avro wire format. */
    PredictionEvent decodeAvro(byte[] key, byte[] value, long recordTimestamp);

    /** A JSON object. */
    PredictionEvent decodeJson(byte[] key, byte[] value, long recordTimestamp);
}
