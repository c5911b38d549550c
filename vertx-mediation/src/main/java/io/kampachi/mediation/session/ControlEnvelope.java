package io.kampachi.mediation.session;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON body of a CONTROL message: exactly the members {@code type}, {@code id} and
 * {@code body}. The type is 1 to 64 characters of {@code a-z0-9.-} starting with a letter; the id
 * is an integer from 0 to 2^53 - 1 (so it survives JSON parsers that use doubles).
 *
 * @param type message type, for example {@code network.create}
 * @param id request id, 0 for events
 * @param body the request or event body
 */
record ControlEnvelope(String type, long id, JsonObject body) {

    /** Largest id, the largest integer a double represents exactly. */
    static final long MAX_ID = (1L << 53) - 1;

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9.-]{0,63}");
    private static final Set<String> MEMBERS = Set.of("type", "id", "body");

    /** A CONTROL body that is not a valid envelope. */
    static final class InvalidEnvelopeException extends Exception {

        private final long id;

        InvalidEnvelopeException(long id, String message) {
            super(message, null, false, false);
            this.id = id;
        }

        /** Id of the request if it could be read, otherwise 0. */
        long id() {
            return id;
        }
    }

    static ControlEnvelope parse(Buffer utf8) throws InvalidEnvelopeException {
        JsonObject json;
        try {
            json = new JsonObject(utf8);
        } catch (DecodeException | ClassCastException e) {
            throw new InvalidEnvelopeException(0, "CONTROL body is not a JSON object");
        }
        Object idValue = json.getValue("id");
        long id = 0;
        if ((idValue instanceof Integer || idValue instanceof Long)
                && ((Number) idValue).longValue() >= 0 && ((Number) idValue).longValue() <= MAX_ID) {
            id = ((Number) idValue).longValue();
        } else {
            throw new InvalidEnvelopeException(0, "id: expected an integer from 0 to " + MAX_ID);
        }
        if (!MEMBERS.equals(json.fieldNames())) {
            throw new InvalidEnvelopeException(id, "envelope: expected exactly the members type, id and body, got "
                    + json.fieldNames());
        }
        Object type = json.getValue("type");
        if (!(type instanceof String) || !TYPE.matcher((String) type).matches()) {
            throw new InvalidEnvelopeException(id, "type: expected 1 to 64 characters of a-z, 0-9, '.' and '-'"
                    + " starting with a letter");
        }
        Object body = json.getValue("body");
        if (!(body instanceof JsonObject)) {
            throw new InvalidEnvelopeException(id, "body: expected a JSON object");
        }
        return new ControlEnvelope((String) type, id, (JsonObject) body);
    }
}
