package io.kampachi.common.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CONTROL, a request, reply or event on the control connection after login, sent in a protected record. Its body is
 * the control envelope: one UTF-8 JSON object with exactly the members {@code type}, {@code id} and {@code body}.
 *
 * <pre>
 * offset  length  field
 *      0       1  type = 0x20
 *      1       n  envelope, 2 to 65501 bytes of UTF-8 JSON, such as
 *                 {"type":"network.create","id":7,"body":{"name":"lan-party"}}
 * </pre>
 *
 * <ul>
 *   <li>{@code type}: 1 to 64 characters of {@code a-z 0-9 . -}, starting with a letter. {@link ControlTypes} lists
 *       the values Kampachi uses.
 *   <li>{@code id}: an integer from 0 to 2<sup>53</sup>-1. A request carries a positive id, and its {@code ok} or
 *       {@code error} reply carries the same id. Events carry 0.
 *   <li>{@code body}: a JSON object.
 * </ul>
 *
 * <p>Decoding is strict: the envelope must be well-formed UTF-8 and standard JSON, without comments, duplicate member
 * names or trailing tokens, and nested at most {@value #MAX_NESTING_DEPTH} levels. The encoder writes the members in
 * the order type, id, body, without whitespace.
 *
 * @param controlType the envelope's {@code type} member, such as {@value ControlTypes#NETWORK_CREATE}
 * @param id          the envelope's {@code id} member: the request id, or 0 for an event
 * @param body        the envelope's {@code body} member, of which the record keeps and returns copies
 */
public record Control(String controlType, long id, JsonObject body) implements Message {

    /**
     * Maximum length of the envelope. A protected TCP record of the maximum size 65536 contains a 4-byte message ID, a
     * 16-byte IV, a 12-byte HMAC and at most 65504 bytes of ciphertext. That plaintext contains the type byte, the
     * envelope, and at least the padLength and nextHeader bytes, which leaves 65501 bytes for the envelope.
     */
    public static final int MAX_ENVELOPE_LENGTH = 65501;

    /** Largest id, 2<sup>53</sup>-1, which readers that hold JSON numbers as IEEE doubles still represent exactly. */
    public static final long MAX_ID = (1L << 53) - 1;

    /** Maximum length of the {@code type} member, in characters. */
    public static final int MAX_TYPE_LENGTH = 64;

    /**
     * Maximum nesting depth of the envelope. The deepest Kampachi envelope, a sync event, nests 6 levels (envelope,
     * body, networks, network, members, member). The limit keeps hostile input from driving the parser deep.
     */
    public static final int MAX_NESTING_DEPTH = 32;

    private static final Pattern TYPE_PATTERN = Pattern.compile("[a-z][a-z0-9.-]{0," + (MAX_TYPE_LENGTH - 1) + "}");

    private static final String TYPE_RULE =
            "expected 1 to 64 characters of a-z, 0-9, '.' and '-', starting with a letter";

    private static final Set<String> MEMBERS = Set.of("type", "id", "body");

    /** Nesting depth of the body: the envelope object is depth 1. */
    private static final int BODY_DEPTH = 2;

    /** Longest prefix of a rejected string that an error message quotes. */
    private static final int MAX_QUOTED_LENGTH = 40;

    /**
     * Longest prefix of a Jackson error message that a decode error repeats. Jackson quotes input in some messages,
     * such as a duplicate member name of any length.
     */
    private static final int MAX_PARSER_MESSAGE_LENGTH = 200;

    /** Jackson's defaults reject comments, single quotes, NaN and trailing commas, but duplicate names need a flag. */
    private static final JsonFactory STRICT_JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();

    /**
     * Creates a CONTROL message and copies the body.
     *
     * @throws NullPointerException     if {@code controlType} or {@code body} is null
     * @throws IllegalArgumentException if the type or id is out of range, the body contains a value that has no JSON
     *                                  form (such as NaN, an infinity, a number beyond the double range or an
     *                                  unpaired surrogate), the body nests deeper than the decoder accepts, or the
     *                                  envelope would exceed {@value #MAX_ENVELOPE_LENGTH} bytes
     */
    public Control {
        Objects.requireNonNull(controlType, "controlType");
        Objects.requireNonNull(body, "body");
        if (!TYPE_PATTERN.matcher(controlType).matches()) {
            throw new IllegalArgumentException("type " + quote(controlType) + " is invalid: " + TYPE_RULE);
        }
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("id " + id + " is out of range: expected 0.." + MAX_ID);
        }
        // Jackson would write NaN as the string "NaN", so check first that the decoder reads back what is written.
        Optional<DecodeError> unencodable = findUnencodable(body, BODY_DEPTH);
        if (unencodable.isPresent()) {
            throw new IllegalArgumentException(unencodable.get().message());
        }
        byte[] envelope = encodeEnvelope(controlType, id, body);
        if (envelope.length > MAX_ENVELOPE_LENGTH) {
            throw new IllegalArgumentException(
                    "envelope is " + envelope.length + " bytes: the maximum is " + MAX_ENVELOPE_LENGTH);
        }
        body = body.copy();
    }

    /** Creates an event, which carries id 0. */
    public static Control event(String controlType, JsonObject body) {
        return new Control(controlType, 0, body);
    }

    /** Creates the {@value ControlTypes#OK} reply to the request with {@code id}. */
    public static Control ok(long id, JsonObject body) {
        return new Control(ControlTypes.OK, id, body);
    }

    /** Creates the {@value ControlTypes#ERROR} reply to the request with {@code id}: body {@code {code, message}}. */
    public static Control error(long id, ErrorCode code, String message) {
        JsonObject body = new JsonObject()
                .put("code", code.wireName())
                .put("message", Objects.requireNonNull(message, "message"));
        return new Control(ControlTypes.ERROR, id, body);
    }

    /** Decodes a CONTROL message, {@code type(1) | envelope}, and rejects any other type. Never throws. */
    public static Decoded<Control> decode(byte[] message) {
        return Messages.decodeAs(message, MessageType.CONTROL, Control::decodeBody);
    }

    static Decoded<Control> decodeBody(WireReader body) {
        return decodeEnvelope(body.readBytes(body.remaining()));
    }

    /**
     * Decodes a control envelope alone, the UTF-8 JSON without the type byte. Never throws.
     *
     * @param envelope the JSON bytes. Null is reported as {@link DecodeError.Kind#TRUNCATED}
     */
    public static Decoded<Control> decodeEnvelope(byte[] envelope) {
        if (envelope == null || envelope.length == 0) {
            return Decoded.failed(DecodeError.Kind.TRUNCATED, "CONTROL envelope is empty: expected a JSON object");
        }
        if (envelope.length > MAX_ENVELOPE_LENGTH) {
            return Decoded.failed(DecodeError.Kind.TOO_LARGE, "CONTROL envelope is " + envelope.length
                    + " bytes: the maximum is " + MAX_ENVELOPE_LENGTH);
        }
        Optional<String> text = Utf8.decode(envelope, 0, envelope.length);
        if (text.isEmpty()) {
            return Decoded.failed(DecodeError.Kind.BAD_UTF8, "CONTROL envelope is not well-formed UTF-8");
        }
        Decoded<JsonObject> json = parseObject(text.get());
        if (!json.isOk()) {
            return Decoded.failed(json.error());
        }
        return fromJson(json.value());
    }

    private static Decoded<JsonObject> parseObject(String text) {
        // Most garbage fails this check, which is far cheaper than a Jackson exception.
        String trimmed = text.strip();
        if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
            return Decoded.failed(DecodeError.Kind.BAD_JSON,
                    "CONTROL envelope is not enclosed in '{' and '}': expected a JSON object");
        }
        Object value;
        try (JsonParser parser = STRICT_JSON.createParser(text)) {
            value = JacksonCodec.fromParser(parser, Object.class);
        } catch (DecodeException | IOException e) {
            // Vert.x wraps every Jackson parse error, including a nesting depth over the limit, in DecodeException.
            return Decoded.failed(DecodeError.Kind.BAD_JSON, "CONTROL envelope is not valid JSON: " + firstLine(e));
        }
        if (!(value instanceof JsonObject)) {
            return Decoded.failed(DecodeError.Kind.BAD_JSON,
                    "CONTROL envelope is " + describe(value) + ": expected a JSON object");
        }
        return Decoded.ok((JsonObject) value);
    }

    private static Decoded<Control> fromJson(JsonObject json) {
        for (String member : MEMBERS) {
            if (!json.containsKey(member)) {
                return Decoded.failed(DecodeError.Kind.MISSING_FIELD,
                        "CONTROL envelope has no \"" + member + "\" member");
            }
        }
        for (String member : json.fieldNames()) {
            if (!MEMBERS.contains(member)) {
                return Decoded.failed(DecodeError.Kind.UNEXPECTED_FIELD, "CONTROL envelope has an unexpected member "
                        + quote(member) + ": expected only type, id and body");
            }
        }
        Object type = json.getValue("type");
        if (!(type instanceof String)) {
            return Decoded.failed(DecodeError.Kind.BAD_FIELD,
                    "CONTROL envelope member \"type\" is " + describe(type) + ": expected a string");
        }
        if (!TYPE_PATTERN.matcher((String) type).matches()) {
            return Decoded.failed(DecodeError.Kind.BAD_FIELD,
                    "CONTROL type " + quote((String) type) + " is invalid: " + TYPE_RULE);
        }
        Decoded<Long> id = readId(json.getValue("id"));
        if (!id.isOk()) {
            return Decoded.failed(id.error());
        }
        Object body = json.getValue("body");
        if (!(body instanceof JsonObject)) {
            return Decoded.failed(DecodeError.Kind.BAD_FIELD,
                    "CONTROL envelope member \"body\" is " + describe(body) + ": expected an object");
        }
        Optional<DecodeError> unencodable = findUnencodable(body, BODY_DEPTH);
        if (unencodable.isPresent()) {
            return Decoded.failed(unencodable.get());
        }
        try {
            return Decoded.ok(new Control((String) type, id.value(), (JsonObject) body));
        } catch (IllegalArgumentException e) {
            // Re-encoding can grow an envelope, for example 1E2 becomes 100.0, past the maximum length.
            return Decoded.failed(DecodeError.Kind.TOO_LARGE, "CONTROL envelope is invalid: " + e.getMessage());
        }
    }

    /**
     * Finds a value that would not survive encoding and decoding unchanged. Such values are a string or member name
     * with an unpaired surrogate (the escape {@code "\ud800"}), a number beyond the double range such as
     * {@code 1e999}, NaN or an infinity (which Jackson writes as a string), and a container nested deeper than
     * {@link #MAX_NESTING_DEPTH}. The depth check also bounds the recursion for bodies built in code.
     *
     * @param depth the nesting depth of {@code value} if it is a container, the envelope itself being depth 1
     */
    private static Optional<DecodeError> findUnencodable(Object value, int depth) {
        if ((value instanceof JsonObject || value instanceof JsonArray) && depth > MAX_NESTING_DEPTH) {
            return Optional.of(new DecodeError(DecodeError.Kind.BAD_JSON,
                    "CONTROL body nests deeper than " + MAX_NESTING_DEPTH + " levels"));
        }
        if (value instanceof JsonObject object) {
            for (String name : object.fieldNames()) {
                Optional<DecodeError> error = findUnencodable(name, depth + 1);
                if (error.isEmpty()) {
                    error = findUnencodable(object.getValue(name), depth + 1);
                }
                if (error.isPresent()) {
                    return error;
                }
            }
        } else if (value instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                Optional<DecodeError> error = findUnencodable(array.getValue(i), depth + 1);
                if (error.isPresent()) {
                    return error;
                }
            }
        } else if (value instanceof String text && Utf8.hasUnpairedSurrogate(text)) {
            // The text is not quoted, because a lone surrogate would corrupt the log line that shows it.
            return Optional.of(new DecodeError(DecodeError.Kind.BAD_JSON,
                    "CONTROL body contains a string with an unpaired surrogate escape"));
        } else if ((value instanceof Double || value instanceof Float || value instanceof BigDecimal)
                && !Double.isFinite(((Number) value).doubleValue())) {
            return Optional.of(new DecodeError(DecodeError.Kind.OUT_OF_RANGE,
                    "CONTROL body contains NaN, an infinity or a number beyond the double range"));
        }
        return Optional.empty();
    }

    private static Decoded<Long> readId(Object id) {
        // Jackson gives Integer, Long or BigInteger for JSON integers and Double for anything with a fraction or
        // exponent, so 7.0 and 7e0 are rejected like any other non-integer.
        if (!(id instanceof Integer || id instanceof Long || id instanceof BigInteger)) {
            return Decoded.failed(DecodeError.Kind.BAD_FIELD,
                    "CONTROL envelope member \"id\" is " + describe(id) + ": expected an integer");
        }
        BigInteger value = id instanceof BigInteger ? (BigInteger) id : BigInteger.valueOf(((Number) id).longValue());
        if (value.signum() < 0 || value.compareTo(BigInteger.valueOf(MAX_ID)) > 0) {
            return Decoded.failed(DecodeError.Kind.OUT_OF_RANGE,
                    "CONTROL id " + value + " is out of range: expected 0.." + MAX_ID);
        }
        return Decoded.ok(value.longValue());
    }

    @Override
    public MessageType type() {
        return MessageType.CONTROL;
    }

    @Override
    public byte[] encode() {
        byte[] envelope = encodeEnvelope();
        return Messages.allocate(type(), envelope.length).put(envelope).array();
    }

    /** Encodes the envelope alone, the UTF-8 JSON without the type byte. */
    public byte[] encodeEnvelope() {
        return encodeEnvelope(controlType, id, body);
    }

    private static byte[] encodeEnvelope(String controlType, long id, JsonObject body) {
        String json;
        try {
            json = new JsonObject().put("type", controlType).put("id", id).put("body", body).encode();
        } catch (RuntimeException e) {
            // Vert.x throws EncodeException, or IllegalStateException for a value type it cannot copy.
            throw new IllegalArgumentException("body has no JSON form: " + e.getMessage(), e);
        }
        return Utf8.encode(json, "body");
    }

    /** Returns a copy of the body. */
    @Override
    public JsonObject body() {
        return body.copy();
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof Number) {
            return "the number " + value;
        } else if (value instanceof JsonArray) {
            return "an array";
        } else if (value instanceof JsonObject) {
            return "an object";
        }
        return "a " + value.getClass().getSimpleName();
    }

    private static String quote(String value) {
        return "\"" + printable(value, MAX_QUOTED_LENGTH) + "\"";
    }

    private static String firstLine(Exception e) {
        // Jackson appends the parse location on a second line, which names no source because the source is redacted.
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return printable(end < 0 ? message : message.substring(0, end), MAX_PARSER_MESSAGE_LENGTH);
    }

    /**
     * Shortens peer-controlled text to {@code maxLength} characters and escapes every character that could forge or
     * corrupt the log line that shows it: control characters (C0, DEL and C1), surrogates and line separators.
     */
    private static String printable(String text, int maxLength) {
        boolean cut = text.length() > maxLength;
        String shown = cut ? text.substring(0, maxLength) : text;
        StringBuilder printable = new StringBuilder(shown.length() + 8);
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            int category = Character.getType(c);
            if (Character.isISOControl(c) || Character.isSurrogate(c) || category == Character.LINE_SEPARATOR
                    || category == Character.PARAGRAPH_SEPARATOR) {
                printable.append(String.format("\\u%04x", (int) c));
            } else {
                printable.append(c);
            }
        }
        return cut ? printable.append("...").toString() : printable.toString();
    }
}
