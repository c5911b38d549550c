package io.kampachi.common.wire;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;

import static io.kampachi.common.wire.MessageRejectionTest.assertKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control envelope: strict JSON, exactly three members, and the ranges of type and id. */
class ControlEnvelopeTest {

    @Test
    void validEnvelopeDecodes() {
        Decoded<Control> decoded = decode("{\"type\":\"network.join\",\"id\":12,\"body\":{\"name\":\"lan\"}}");

        assertEquals(new Control(ControlTypes.NETWORK_JOIN, 12, new JsonObject().put("name", "lan")), decoded.value());
    }

    @Test
    void whitespaceAndMemberOrderAccepted() {
        Decoded<Control> decoded = decode(" {\n \"body\" : {} , \"id\" : 0 , \"type\" : \"sync\" }\n");

        assertEquals(Control.event(ControlTypes.SYNC, new JsonObject()), decoded.value());
    }

    @Test
    void encoderWritesCompactOrderedJson() {
        Control message = Control.ok(5, new JsonObject().put("networks", new JsonArray()));

        assertEquals("{\"type\":\"ok\",\"id\":5,\"body\":{\"networks\":[]}}",
                new String(message.encodeEnvelope(), StandardCharsets.UTF_8));
    }

    @Test
    void errorReplyCarriesWireCode() {
        Control reply = Control.error(3, ErrorCode.NAME_TAKEN, "network name is taken");

        assertEquals(ControlTypes.ERROR, reply.controlType());
        assertEquals("name-taken", reply.body().getString("code"));
        assertEquals(ErrorCode.NAME_TAKEN, ErrorCode.fromWireName("name-taken").orElseThrow());
        assertTrue(ErrorCode.fromWireName("Name-Taken").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"type", "id", "body"})
    void missingMemberRejected(String member) {
        JsonObject json = valid();
        json.remove(member);
        Decoded<Control> decoded = decode(json.encode());

        assertKind(DecodeError.Kind.MISSING_FIELD, decoded, member);
        assertEquals("CONTROL envelope has no \"" + member + "\" member", decoded.error().message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"extra", "Type", "ID", ""})
    void extraMemberRejected(String member) {
        Decoded<Control> decoded = decode(valid().put(member, 1).encode());

        assertKind(DecodeError.Kind.UNEXPECTED_FIELD, decoded, member);
        assertEquals("CONTROL envelope has an unexpected member \"" + member + "\": expected only type, id and body",
                decoded.error().message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "null", "true", "{}", "[]", "[\"ok\"]"})
    void typeOfWrongJsonTypeRejected(String value) {
        assertKind(DecodeError.Kind.BAD_FIELD, decode("{\"type\":" + value + ",\"id\":1,\"body\":{}}"), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1\"", "null", "true", "{}", "[]", "1.0", "1e3", "1.5", "-0.0"})
    void idOfWrongJsonTypeRejected(String value) {
        assertKind(DecodeError.Kind.BAD_FIELD, decode("{\"type\":\"ok\",\"id\":" + value + ",\"body\":{}}"), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"{}\"", "null", "true", "1", "[]", "[{}]"})
    void bodyOfWrongJsonTypeRejected(String value) {
        assertKind(DecodeError.Kind.BAD_FIELD, decode("{\"type\":\"ok\",\"id\":1,\"body\":" + value + "}"), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Ok", "1ok", ".ok", "-ok", "network_create", "network create", "caf\u00e9",
        "ok\n", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void invalidTypeRejected(String type) {
        Decoded<Control> decoded = decode(valid().put("type", type).encode());

        assertKind(DecodeError.Kind.BAD_FIELD, decoded, type);
    }

    @Test
    void longestAndShortestTypeAccepted() {
        assertTrue(decode(valid().put("type", "a").encode()).isOk());
        assertTrue(decode(valid().put("type", "a" + "0.-".repeat(21)).encode()).isOk());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "9007199254740992", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "100000000000000000000000000000"})
    void idOutOfRangeRejected(String id) {
        Decoded<Control> decoded = decode("{\"type\":\"ok\",\"id\":" + id + ",\"body\":{}}");

        assertKind(DecodeError.Kind.OUT_OF_RANGE, decoded, id);
        assertEquals("CONTROL id " + id + " is out of range: expected 0..9007199254740991", decoded.error().message());
    }

    @Test
    void idBoundsAccepted() {
        assertEquals(0, decode("{\"type\":\"ok\",\"id\":0,\"body\":{}}").value().id());
        assertEquals(Control.MAX_ID, decode("{\"type\":\"ok\",\"id\":9007199254740991,\"body\":{}}").value().id());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "7b2274797065223aff7d",       // 0xff inside the JSON
        "7b2274797065223a22c0af227d", // overlong '/'
        "7b2274797065223a22eda080227d", // encoded surrogate
        "7b2274797065223a22e298",     // cut three-byte character at the end
    })
    void badUtf8Rejected(String hex) {
        assertKind(DecodeError.Kind.BAD_UTF8, Control.decodeEnvelope(HexFormat.of().parseHex(hex)), hex);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{",
        "{\"type\":\"ok\",\"id\":1,\"body\":{}",
        "{\"type\":\"ok\",\"id\":1,\"body\":{}} {}",
        "{\"type\":\"ok\",\"id\":1,\"body\":{}}x",
        "{\"type\":\"ok\",\"id\":1,\"body\":{},}",
        "{'type':'ok','id':1,'body':{}}",
        "/* comment */ {\"type\":\"ok\",\"id\":1,\"body\":{}}",
        "{\"type\":\"ok\",\"id\":1,\"body\":{\"n\":NaN}}",
        "{\"type\":\"ok\",\"type\":\"error\",\"id\":1,\"body\":{}}",
        "{\"type\":\"ok\",\"id\":1,\"body\":{\"a\":1,\"a\":2}}",
        "{type:\"ok\",\"id\":1,\"body\":{}}",
        "\u0000",
    })
    void badJsonRejected(String text) {
        assertKind(DecodeError.Kind.BAD_JSON, decode(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"type\":\"ok\",\"id\":1,\"body\":{}}]", "\"ok\"", "1", "null", "true", " "})
    void nonObjectRejected(String text) {
        assertKind(DecodeError.Kind.BAD_JSON, decode(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"s\":\"\\ud800\"}",
        "{\"s\":\"a\\udc00b\"}",
        "{\"s\":\"\\ud800\\ud800\\udc00\"}",
        "{\"\\ud800\":1}",
        "{\"list\":[[\"\\udfff\"]]}",
    })
    void unpairedSurrogateEscapeRejected(String body) {
        Decoded<Control> decoded = decode("{\"type\":\"ok\",\"id\":1,\"body\":" + body + "}");

        assertKind(DecodeError.Kind.BAD_JSON, decoded, body);
    }

    @Test
    void pairedSurrogateEscapeAccepted() {
        Decoded<Control> decoded = decode("{\"type\":\"ok\",\"id\":1,\"body\":{\"s\":\"\\ud83d\\ude00\"}}");

        assertEquals("\ud83d\ude00", decoded.value().body().getString("s"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999", "-1e999", "[1e400]"})
    void numberBeyondDoubleRejected(String number) {
        Decoded<Control> decoded = decode("{\"type\":\"ok\",\"id\":1,\"body\":{\"n\":" + number + "}}");

        assertKind(DecodeError.Kind.OUT_OF_RANGE, decoded, number);
    }

    @Test
    void envelopeGrowingOnReencodeRejected() {
        StringBuilder body = new StringBuilder("{\"n\":[1E2");
        while (body.length() < Control.MAX_ENVELOPE_LENGTH - 40) {
            body.append(",1E2");
        }
        String text = "{\"type\":\"ok\",\"id\":1,\"body\":" + body + "]}}";

        assertTrue(text.length() <= Control.MAX_ENVELOPE_LENGTH);
        assertKind(DecodeError.Kind.TOO_LARGE, decode(text), "1E2 re-encoded as 100.0");
    }

    @Test
    void deepNestingRejected() {
        String body = "{\"a\":".repeat(Control.MAX_NESTING_DEPTH) + "1" + "}".repeat(Control.MAX_NESTING_DEPTH);

        assertKind(DecodeError.Kind.BAD_JSON, decode("{\"type\":\"ok\",\"id\":1,\"body\":" + body + "}"), "depth");
    }

    @Test
    void nestingBelowLimitAccepted() {
        int depth = Control.MAX_NESTING_DEPTH - 2;
        String body = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);

        assertTrue(decode("{\"type\":\"ok\",\"id\":1,\"body\":" + body + "}").isOk());
    }

    @ParameterizedTest
    @MethodSource("nonFiniteNumbers")
    void constructorRejectsNonFiniteNumbers(Object value) {
        // Jackson writes NaN and the infinities as the strings "NaN" and "Infinity", which decode as strings, and a
        // BigDecimal beyond the double range as a number the decoder rejects.
        JsonObject body = new JsonObject().put("list", new JsonArray().add(new JsonObject().put("n", value)));

        assertThrows(IllegalArgumentException.class, () -> new Control(ControlTypes.OK, 1, body));
        assertThrows(IllegalArgumentException.class, () -> Control.event(ControlTypes.SYNC,
                new JsonObject().put("n", value)));
    }

    static Stream<Object> nonFiniteNumbers() {
        return Stream.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.NaN,
                Float.NEGATIVE_INFINITY, new BigDecimal("1e400"), new BigDecimal("-1e400"));
    }

    @Test
    void constructorRejectsTooDeepBody() {
        // The envelope is one level, so the body may nest MAX_NESTING_DEPTH - 1 levels, counting itself.
        JsonObject deepest = nested(Control.MAX_NESTING_DEPTH - 1);
        Control accepted = Control.ok(1, deepest);

        assertEquals(accepted, Control.decodeEnvelope(accepted.encodeEnvelope()).value());
        assertThrows(IllegalArgumentException.class, () -> Control.ok(1, nested(Control.MAX_NESTING_DEPTH)));
        JsonObject withArrays = new JsonObject().put("a", new JsonArray().add(nested(Control.MAX_NESTING_DEPTH - 2)));
        assertThrows(IllegalArgumentException.class, () -> Control.ok(1, withArrays));
    }

    @Test
    void constructedMessageDecodesEqual() {
        JsonObject body = new JsonObject()
                .put("big", new BigInteger("123456789012345678901234567890"))
                .put("fraction", new BigDecimal("0.5"))
                .put("huge", Double.MAX_VALUE)
                .put("negativeZero", -0.0)
                .put("text", "\ud83d\ude00 \u0000")
                .put("list", new JsonArray().add(1).add(true).addNull());
        Control message = Control.ok(Control.MAX_ID, body);

        assertEquals(message, Control.decodeEnvelope(message.encodeEnvelope()).value());
    }

    private static JsonObject nested(int levels) {
        JsonObject object = new JsonObject().put("leaf", 1);
        for (int level = 1; level < levels; level++) {
            object = new JsonObject().put("a", object);
        }
        return object;
    }

    @Test
    void oversizeEnvelopeRejected() {
        byte[] envelope = new byte[Control.MAX_ENVELOPE_LENGTH + 1];
        Decoded<Control> decoded = Control.decodeEnvelope(envelope);

        assertKind(DecodeError.Kind.TOO_LARGE, decoded, "oversize");
        assertEquals("CONTROL envelope is 65502 bytes: the maximum is 65501", decoded.error().message());
    }

    @Test
    void emptyEnvelopeRejected() {
        assertKind(DecodeError.Kind.TRUNCATED, Control.decodeEnvelope(new byte[0]), "empty");
        assertKind(DecodeError.Kind.TRUNCATED, Control.decode(new byte[] {0x20}), "type byte only");
    }

    @Test
    void longMemberNameQuotedShort() {
        String name = "n".repeat(1000);
        String message = decode(valid().put(name, 1).encode()).error().message();

        assertTrue(message.length() < 150, message);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // A member name that Jackson echoes in its duplicate-name message: CR, ESC, a lone surrogate, DEL.
        "{\"type\":\"ok\",\"id\":1,\"body\":{\"a\\r\\u001b[2J\\ud800\\u007f\":1,\"a\\r\\u001b[2J\\ud800\\u007f\":2}}",
        // The same characters in a member name that the envelope does not allow.
        "{\"type\":\"ok\",\"id\":1,\"body\":{},\"a\\r\\u001b[2J\\ud800\\u0085\\u2028\":1}",
        // A C1 control after the object, and a line separator where a value belongs.
        "{\"type\":\"ok\",\"id\":1,\"body\":{}}\u0085",
        "{\"type\":\"ok\",\"id\":1,\"body\":{\"a\":\u2028}}",
    })
    void errorMessageEscapesControlCharacters(String text) {
        String message = decode(text).error().message();

        for (char c : message.toCharArray()) {
            assertFalse(Character.isISOControl(c), () -> "control character in: " + message);
            assertFalse(Character.isSurrogate(c), () -> "surrogate in: " + message);
            assertFalse(c == '\u2028' || c == '\u2029', () -> "line separator in: " + message);
        }
    }

    @Test
    void duplicateLongNameMessageIsShort() {
        String name = "n".repeat(3000);
        String message = decode("{\"type\":\"ok\",\"id\":1,\"body\":{\"" + name + "\":1,\"" + name + "\":2}}")
                .error().message();

        assertTrue(message.contains("Duplicate"), message);
        assertTrue(message.length() < 300, message);
    }

    @Test
    void controlTypeConstantsAreValid() {
        for (String type : ControlTypes.REQUESTS) {
            assertTrue(decode(valid().put("type", type).encode()).isOk(), type);
        }
        for (String type : ControlTypes.EVENTS) {
            assertTrue(decode(valid().put("type", type).encode()).isOk(), type);
        }
        for (String type : ControlTypes.REPLIES) {
            assertTrue(decode(valid().put("type", type).encode()).isOk(), type);
        }
    }

    private static JsonObject valid() {
        return new JsonObject().put("type", "ok").put("id", 1).put("body", new JsonObject());
    }

    private static Decoded<Control> decode(String text) {
        Decoded<Control> direct = Control.decodeEnvelope(text.getBytes(StandardCharsets.UTF_8));
        byte[] message = new byte[1 + text.getBytes(StandardCharsets.UTF_8).length];
        message[0] = 0x20;
        System.arraycopy(text.getBytes(StandardCharsets.UTF_8), 0, message, 1, message.length - 1);
        assertEquals(direct, Control.decode(message), "decodeEnvelope and decode disagree on " + text);
        return direct;
    }
}
