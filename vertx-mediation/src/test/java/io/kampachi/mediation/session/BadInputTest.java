package io.kampachi.mediation.session;

import io.kampachi.common.wire.Auth;
import io.kampachi.common.wire.Control;
import io.kampachi.common.wire.ControlTypes;
import io.kampachi.common.wire.HeloErrorCode;
import io.kampachi.common.wire.HeloOk;
import io.kampachi.mediation.testing.NodeFixture;
import io.kampachi.mediation.testing.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed, oversized and out-of-order input. Each case checks the error the offender gets and
 * then that a bystander, logged in before, is still served.
 */
class BadInputTest {

    @TempDir
    static Path dataDir;

    private static NodeFixture fixture;
    private static TestClient bystander;

    @BeforeAll
    static void startNode() throws Exception {
        fixture = NodeFixture.start(dataDir, "bad-input", new JsonObject());
        bystander = fixture.loggedIn();
    }

    @AfterAll
    static void stopNode() throws Exception {
        fixture.close();
    }

    @AfterEach
    void bystanderIsStillServed() throws Exception {
        JsonObject list = bystander.requestOk(ControlTypes.NETWORK_LIST, new JsonObject());
        assertTrue(list.containsKey("networks"), list.encode());
    }

    @Test
    void garbageFirstFrameGetsHeloErrorThree() throws Exception {
        TestClient client = fixture.connect();
        client.sendRaw(new byte[] {0, 0, 0, 5, (byte) 0xEE, 1, 2, 3, 4});
        assertEquals(HeloErrorCode.MALFORMED_MESSAGE, client.awaitHeloErrorAndClose().code());
    }

    @Test
    void oversizedSizeFieldIsRejectedBeforeTheBody() throws Exception {
        TestClient client = fixture.connect();
        client.sendRaw(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        var error = client.awaitHeloErrorAndClose();
        assertEquals(HeloErrorCode.MALFORMED_MESSAGE, error.code());
        assertTrue(error.reason().contains("65536"), error.reason());
    }

    @Test
    void zeroSizeFieldIsRejected() throws Exception {
        TestClient client = fixture.connect();
        client.sendRaw(new byte[] {0, 0, 0, 0});
        assertEquals(HeloErrorCode.MALFORMED_MESSAGE, client.awaitHeloErrorAndClose().code());
    }

    @Test
    void authBeforeHeloGetsHeloErrorThree() throws Exception {
        TestClient client = fixture.connect();
        // The codec refuses to put AUTH in a plain frame, so the frame is built by hand.
        byte[] auth = new Auth(1, new byte[256]).encode();
        client.sendRaw(ByteBuffer.allocate(4 + auth.length).putInt(auth.length).put(auth).array());
        var error = client.awaitHeloErrorAndClose();
        assertEquals(HeloErrorCode.MALFORMED_MESSAGE, error.code());
        assertTrue(error.reason().contains("HELO"), error.reason());
    }

    @Test
    void controlBeforeLoginGetsNotLoggedInAndClose() throws Exception {
        TestClient client = fixture.connect();
        assertInstanceOf(HeloOk.class, client.helo(fixture.server().md5()));
        client.sendProtected(new Control(ControlTypes.NETWORK_LIST, 1, new JsonObject()).encode());
        assertEquals("not-logged-in", client.awaitControlErrorAndClose().getString("code"));
    }

    @Test
    void recordThatFailsItsHmacClosesTheSession() throws Exception {
        TestClient client = fixture.connect();
        assertInstanceOf(HeloOk.class, client.helo(fixture.server().md5()));
        byte[] forged = new byte[4 + 60];
        forged[3] = 60;
        forged[7] = 1;
        client.sendRaw(forged);
        client.awaitClosedByServer();
    }

    @Test
    void oversizedSizeFieldAfterLoginGetsAnErrorAndClose() throws Exception {
        TestClient client = fixture.loggedIn();
        client.sendRaw(new byte[] {0x00, 0x01, 0x00, 0x01});
        JsonObject error = client.awaitControlErrorAndClose();
        assertEquals("invalid-request", error.getString("code"));
        assertTrue(error.getString("message").contains("65536"), error.encode());
    }

    @Test
    void unknownRequestTypeIsRefusedAndTheSessionGoesOn() throws Exception {
        TestClient client = fixture.loggedIn();
        Control reply = client.request("no.such.request", new JsonObject());
        assertEquals(ControlTypes.ERROR, reply.controlType());
        assertEquals("unknown-type", reply.body().getString("code"));
        client.requestOk(ControlTypes.NETWORK_LIST, new JsonObject());
    }

    @Test
    void malformedJsonIsRefusedAndTheSessionGoesOn() throws Exception {
        TestClient client = fixture.loggedIn();
        byte[] json = "{\"type\":\"network.list\",\"id\":5,\"body\":{".getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[1 + json.length];
        message[0] = 0x20;
        System.arraycopy(json, 0, message, 1, json.length);
        client.sendProtected(message);
        Control error = client.awaitControl(control -> control.controlType().equals(ControlTypes.ERROR));
        assertEquals("invalid-request", error.body().getString("code"));
        client.requestOk(ControlTypes.NETWORK_LIST, new JsonObject());
    }

    @Test
    void requestWithAMistypedMemberIsRefused() throws Exception {
        TestClient client = fixture.loggedIn();
        Control reply = client.request(ControlTypes.NETWORK_LEAVE, new JsonObject().put("networkId", "seven"));
        assertEquals("invalid-request", reply.body().getString("code"));
        assertTrue(reply.body().getString("message").startsWith("networkId"), reply.body().encode());
    }

    @Test
    void nonCanonicalAddressesAreRejected() throws Exception {
        TestClient client = fixture.loggedIn();
        String fullWidth = "\uFF11\uFF19\uFF12.168.0.5";
        Control lan = client.request(ControlTypes.ENDPOINT_REPORT, new JsonObject().put("udpPort", 40000)
                .put("lan", new JsonArray().add(new JsonObject().put("host", fullWidth).put("port", 40000))));
        assertEquals("invalid-request", lan.body().getString("code"), lan.body().encode());
        Control octal = client.request(ControlTypes.ENDPOINT_REPORT, new JsonObject().put("udpPort", 40000)
                .put("lan", new JsonArray().add(new JsonObject().put("host", "010.0.0.1").put("port", 40000))));
        assertEquals("invalid-request", octal.body().getString("code"), octal.body().encode());
        Control peer = client.request(ControlTypes.PEER_KEY, new JsonObject().put("address", "\u0661.2.3.4"));
        assertEquals("invalid-request", peer.body().getString("code"), peer.body().encode());
    }

    @Test
    void loginMessageAfterLoginIsRefused() throws Exception {
        TestClient client = fixture.loggedIn();
        client.sendProtected(new Auth(1, new byte[256]).encode());
        Control error = client.awaitControl(control -> control.controlType().equals(ControlTypes.ERROR));
        assertEquals("invalid-request", error.body().getString("code"));
        client.requestOk(ControlTypes.NETWORK_LIST, new JsonObject());
    }
}
