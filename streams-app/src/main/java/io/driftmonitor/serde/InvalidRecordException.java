package io.driftmonitor.serde;

/** A record that cannot be decoded or fails validation; its message is the reason sent to the dead-letter topic. */
public class InvalidRecordException extends RuntimeException {
    /** A reason code for dead-letter counts and headers (e.g. timestamp_in_future); null: from the class name. */
    private final String reason;

    /** A refusal with its own reason code. */
    protected InvalidRecordException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
    public InvalidRecordException(String message) {
        super(message);
        this.reason = null;
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
        this.reason = null;
    }
}
