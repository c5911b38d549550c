package io.kampachi.common.wire;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compares the codecs with bytes written by gen_vectors.py from the protocol description, in both directions. */
class GoldenVectorsTest {

    private static final Map<String, byte[]> VECTORS = WireFixtures.loadVectors();
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void everyMessageTypeHasVector() {
        for (MessageType type : MessageType.values()) {
            boolean covered = WireFixtures.expectedMessages().values().stream().anyMatch(m -> m.type() == type);
            assertTrue(covered, type + " has no golden vector");
        }
        for (String name : WireFixtures.expectedMessages().keySet()) {
            assertTrue(VECTORS.containsKey(name), "wire-vectors.txt lacks [" + name + "]");
        }
    }

    @TestFactory
    Stream<DynamicTest> encodeMatchesVector() {
        return WireFixtures.expectedMessages().entrySet().stream().map(entry -> DynamicTest.dynamicTest(
                entry.getKey(), () -> assertEquals(HEX.formatHex(VECTORS.get(entry.getKey())),
                        HEX.formatHex(entry.getValue().encode()))));
    }

    @TestFactory
    Stream<DynamicTest> genericDecodeMatchesFields() {
        return WireFixtures.expectedMessages().entrySet().stream().map(entry -> DynamicTest.dynamicTest(
                entry.getKey(), () -> assertEquals(Decoded.ok(entry.getValue()),
                        Messages.decode(VECTORS.get(entry.getKey())))));
    }

    @Test
    void typedDecodersMatchFields() {
        Map<String, Message> expected = WireFixtures.expectedMessages();
        assertEquals(expected.get("helo"), Helo.decode(VECTORS.get("helo")).value());
        assertEquals(expected.get("helo-ok"), HeloOk.decode(VECTORS.get("helo-ok")).value());
        assertEquals(expected.get("helo-error"), HeloError.decode(VECTORS.get("helo-error")).value());
        assertEquals(expected.get("register"), Register.decode(VECTORS.get("register")).value());
        assertEquals(expected.get("register-ok"), RegisterOk.decode(VECTORS.get("register-ok")).value());
        assertEquals(expected.get("auth"), Auth.decode(VECTORS.get("auth")).value());
        assertEquals(expected.get("auth-ok"), AuthOk.decode(VECTORS.get("auth-ok")).value());
        assertEquals(expected.get("ke1"), Ke1.decode(VECTORS.get("ke1")).value());
        assertEquals(expected.get("ke2"), Ke2.decode(VECTORS.get("ke2")).value());
        assertEquals(expected.get("ke3"), Ke3.decode(VECTORS.get("ke3")).value());
        assertEquals(expected.get("control-request"), Control.decode(VECTORS.get("control-request")).value());
        assertEquals(expected.get("probe"), Probe.decode(VECTORS.get("probe")).value());
        assertEquals(expected.get("probe-reply"), ProbeReply.decode(VECTORS.get("probe-reply")).value());
    }

    @Test
    void decodedFieldsMatchFixtures() {
        Helo helo = Helo.decode(VECTORS.get("helo")).value();
        assertEquals(1, helo.suite());
        assertArrayEquals(WireFixtures.KEY_FINGERPRINT, helo.serverKeyFingerprint());
        assertArrayEquals(WireFixtures.NONCE_I, helo.nonce());
        assertArrayEquals(WireFixtures.DH_PUBLIC_I, helo.dhPublicValue());

        Register register = Register.decode(VECTORS.get("register")).value();
        assertArrayEquals(WireFixtures.PUBLIC_KEY, register.publicKey());
        assertArrayEquals(WireFixtures.SIGNATURE, register.signature());

        Control control = Control.decode(VECTORS.get("control-error")).value();
        assertEquals(ControlTypes.ERROR, control.controlType());
        assertEquals(Control.MAX_ID, control.id());
        assertEquals("wrong-password", control.body().getString("code"));

        ProbeReply reply = ProbeReply.decode(VECTORS.get("probe-reply")).value();
        assertEquals("203.0.113.7", reply.address().getHostAddress());
        assertEquals(41641, reply.port());
    }

    @Test
    void plainFrameMatchesVector() {
        Message message = WireFixtures.expectedMessages().get("helo-error");
        byte[] vector = VECTORS.get("frame-helo-error");

        assertArrayEquals(vector, TcpFrames.encodePlain(message));
        assertEquals(Decoded.ok(message), TcpFrames.decodePlain(vector));
        assertEquals(Decoded.ok(message), TcpFrames.decodePlain(Buffer.buffer(vector)));
    }

    @Test
    void datagramsMatchVectors() {
        Map<String, Message> expected = WireFixtures.expectedMessages();

        assertArrayEquals(VECTORS.get("datagram-ke1"), UdpDatagrams.encodeHandshake(WireFixtures.SPI,
                expected.get("ke1")));
        assertArrayEquals(VECTORS.get("datagram-probe"), UdpDatagrams.encodeProbe(expected.get("probe")));
        assertArrayEquals(VECTORS.get("datagram-probe-reply"), UdpDatagrams.encodeProbe(expected.get("probe-reply")));

        assertEquals(Decoded.ok(new UnprotectedDatagram(WireFixtures.SPI, expected.get("ke1"))),
                UdpDatagrams.decode(VECTORS.get("datagram-ke1")));
        assertEquals(Decoded.ok(new UnprotectedDatagram(0, expected.get("probe"))),
                UdpDatagrams.decode(VECTORS.get("datagram-probe")));
        assertEquals(Decoded.ok(new UnprotectedDatagram(0, expected.get("probe-reply"))),
                UdpDatagrams.decode(Buffer.buffer(VECTORS.get("datagram-probe-reply"))));
    }
}
