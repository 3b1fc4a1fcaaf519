package io.driftmonitor.query;

/** An HTTP error with its status, a short error code and a detail for people. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String error;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String error, String detail) {
        this(status, error, detail, null);
    }

    public ApiException(int status, String error, String detail, Integer retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad_request", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not_found", detail);
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(503, "unavailable", detail, 2);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
