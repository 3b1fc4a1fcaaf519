package io.driftmonitor.query;

import java.util.Locale;

import io.javalin.http.Context;

/** Path and query parameters of the API, checked: a bad value is a 400 that names the parameter. */
final class Params {
    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 10_000;

    private Params() {
    }

    static String model(Context ctx) {
        String model = ctx.pathParam("model");
        if (model.isEmpty() || model.length() > 249 || model.chars().anyMatch(c -> c < 0x20)) {
            throw ApiException.badRequest("model ids are 1 to 249 printable characters");
        }
        return model;
    }

    /** The media type of the request body, lower case, without parameters; "" when none is given. */
    static String mediaType(Context ctx) {
        String type = ctx.contentType();
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    static boolean bool(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty() || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiException.badRequest(name + " must be true or false, got '" + v + "'");
    }

    static int limit(Context ctx) {
        long limit = longQuery(ctx, "limit", DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        return (int) limit;
    }

    static long longPath(Context ctx, String name) {
        String v = ctx.pathParam(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer (epoch milliseconds), got '" + v + "'");
        }
    }

    static long longQuery(Context ctx, String name, long fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer (epoch milliseconds for times), got '" + v + "'");
        }
    }

    /** segment absent or empty: the whole model; {@code *}: every segment and the whole model; else that segment. */
    static boolean segmentMatches(String wanted, String actual) {
        if ("*".equals(wanted)) {
            return true;
        }
        return wanted == null || wanted.isEmpty() ? actual == null : wanted.equals(actual);
    }
}
