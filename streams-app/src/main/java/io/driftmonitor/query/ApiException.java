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

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", detail);
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(413, "payload_too_large", detail);
    }

    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(415, "unsupported_media_type", detail);
    }

    public static ApiException ownerTimeout(String detail) {
        return new ApiException(504, "owner_timeout", detail, 2);
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
