package io.driftmonitor.serde;

/** A record that cannot be decoded or fails validation; its message is the reason sent to the dead-letter topic. */
public class InvalidRecordException extends RuntimeException {
    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
