package io.kampachi.mediation.session;

import io.kampachi.common.wire.ErrorCode;
import io.kampachi.mediation.control.ControlException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Typed reads from a request body. A missing or mistyped member fails the request with
 * {@code invalid-request} naming the member and what it expects.
 */
final class RequestBody {

    private final JsonObject body;

    RequestBody(JsonObject body) {
        this.body = body;
    }

    String string(String name, int maxLength) {
        Object value = body.getValue(name);
        if (!(value instanceof String) || ((String) value).length() > maxLength) {
            throw invalid(name, "a string of at most " + maxLength + " characters");
        }
        return (String) value;
    }

    String optionalString(String name, int maxLength) {
        return body.getValue(name) == null ? null : string(name, maxLength);
    }

    long integer(String name, long min, long max) {
        Object value = body.getValue(name);
        if (!(value instanceof Integer || value instanceof Long)) {
            throw invalid(name, "an integer from " + min + " to " + max);
        }
        long number = ((Number) value).longValue();
        if (number < min || number > max) {
            throw invalid(name, "an integer from " + min + " to " + max);
        }
        return number;
    }

    boolean bool(String name) {
        Object value = body.getValue(name);
        if (!(value instanceof Boolean)) {
            throw invalid(name, "true or false");
        }
        return (Boolean) value;
    }

    JsonArray optionalArray(String name, int maxSize) {
        Object value = body.getValue(name);
        if (value == null) {
            return new JsonArray();
        }
        if (!(value instanceof JsonArray) || ((JsonArray) value).size() > maxSize) {
            throw invalid(name, "an array of at most " + maxSize + " entries");
        }
        return (JsonArray) value;
    }

    static ControlException invalid(String member, String expected) {
        return new ControlException(ErrorCode.INVALID_REQUEST, member + ": expected " + expected);
    }
}
