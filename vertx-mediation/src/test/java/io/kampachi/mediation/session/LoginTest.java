package io.kampachi.mediation.session;

import io.kampachi.common.crypto.PemFiles;
import io.kampachi.common.crypto.RsaKeys;
import io.kampachi.common.wire.Auth;
import io.kampachi.common.wire.AuthOk;
import io.kampachi.common.wire.ControlTypes;
import io.kampachi.common.wire.HeloError;
import io.kampachi.common.wire.HeloErrorCode;
import io.kampachi.common.wire.HeloOk;
import io.kampachi.common.wire.Message;
import io.kampachi.common.wire.Register;
import io.kampachi.mediation.config.AddressPool;
import io.kampachi.mediation.testing.NodeFixture;
import io.kampachi.mediation.testing.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The login sequence over a real TCP connection: HELO, REGISTER, AUTH and their rejections. */
class LoginTest {

    @TempDir
    static Path dataDir;

    private static NodeFixture fixture;

    @BeforeAll
    static void startNode() throws Exception {
        // A second, older key stays valid beside the generated primary one, as during a rotation.
        PemFiles.writeKeyPair(dataDir.resolve("old-key.pem"), RsaKeys.generate(new SecureRandom()));
        fixture = NodeFixture.start(dataDir, "login", new JsonObject()
                .put("addressPool", "100.80.0.0/16")
                .put("keys", new JsonObject().put("files", new JsonArray().add("server-key.pem").add("old-key.pem"))));
    }

    @AfterAll
    static void stopNode() throws Exception {
        fixture.close();
    }

    @Test
    void firstContactRegistersAndSyncDescribesTheSession() throws Exception {
        TestClient client = fixture.connect();
        JsonObject sync = client.registerAndLogin(fixture.server());

        int address = AddressPool.parseAddress(sync.getString("address"));
        assertTrue(AddressPool.parse("100.80.0.0/16").containsUsable(address), sync.encode());
        assertEquals(fixture.node().probePort(), sync.getInteger("probePort"));
        assertEquals(16, Base64.getDecoder().decode(sync.getString("probeToken")).length);
        assertEquals(new JsonArray(), sync.getJsonArray("networks"));
        assertEquals("", sync.getString("nickname"));
    }

    @Test
    void laterLoginKeepsTheAddress() throws Exception {
        KeyPair key = TestClient.newIdentityKey();
        TestClient first = fixture.connect(key);
        String address = first.registerAndLogin(fixture.server()).getString("address");
        first.close();

        TestClient second = fixture.connect(key);
        JsonObject sync = second.login(fixture.server(), AddressPool.parseAddress(address));
        assertEquals(address, sync.getString("address"));
    }

    @Test
    void registeringTheSameKeyAgainReturnsTheSameAddress() throws Exception {
        KeyPair key = TestClient.newIdentityKey();
        TestClient first = fixture.connect(key);
        assertInstanceOf(HeloOk.class, first.helo(fixture.server().md5()));
        int identity = first.register();

        TestClient second = fixture.connect(key);
        assertInstanceOf(HeloOk.class, second.helo(fixture.server().md5()));
        assertEquals(identity, second.register());
    }

    @Test
    void rotatedKeyNamedInHeloSignsAuthOk() throws Exception {
        var oldKey = NodeFixture.identity(fixture.node().services().keys().all().get(1));
        TestClient client = fixture.connect();
        JsonObject sync = client.registerAndLogin(oldKey);
        assertTrue(sync.containsKey("address"));
    }

    @Test
    void unknownServerFingerprintGetsHeloErrorOneAndClose() throws Exception {
        TestClient client = fixture.connect();
        byte[] unknown = new byte[16];
        unknown[0] = 1;
        Message answer = client.helo(unknown);
        HeloError error = assertInstanceOf(HeloError.class, answer);
        assertEquals(HeloErrorCode.UNKNOWN_SERVER_KEY, error.code());
        assertTrue(error.reason().contains("fingerprint"), error.reason());
        client.awaitClosedByServer();
    }

    @Test
    void unsupportedSuiteGetsHeloErrorTwo() throws Exception {
        TestClient client = fixture.connect();
        byte[] frame = new byte[4 + 402];
        frame[3] = (byte) 402;
        frame[4] = 0x01;
        frame[5] = 2;
        client.sendRaw(frame);
        assertEquals(HeloErrorCode.UNSUPPORTED_SUITE, client.awaitHeloErrorAndClose().code());
    }

    @Test
    void authSignedWithAnotherKeyIsRejected() throws Exception {
        TestClient owner = fixture.connect();
        assertInstanceOf(HeloOk.class, owner.helo(fixture.server().md5()));
        int identity = owner.register();

        TestClient impostor = fixture.connect();
        assertInstanceOf(HeloOk.class, impostor.helo(fixture.server().md5()));
        Message answer = impostor.auth(impostor.authMessage(identity), fixture.server().publicKey());
        assertRejected(answer, "bad signature");
        impostor.awaitClosedByServer();
    }

    @Test
    void unknownIdentityIsRejected() throws Exception {
        TestClient client = fixture.connect();
        assertInstanceOf(HeloOk.class, client.helo(fixture.server().md5()));
        Message answer = client.auth(client.authMessage(AddressPool.parseAddress("100.81.0.1")),
                fixture.server().publicKey());
        assertRejected(answer, "unknown identity");
        client.awaitClosedByServer();
    }

    @Test
    void authCapturedFromAnotherSessionIsRejected() throws Exception {
        KeyPair key = TestClient.newIdentityKey();
        TestClient original = fixture.connect(key);
        assertInstanceOf(HeloOk.class, original.helo(fixture.server().md5()));
        int identity = original.register();
        Auth captured = original.authMessage(identity);
        assertInstanceOf(AuthOk.class, original.auth(captured, fixture.server().publicKey()));
        original.awaitEvent(ControlTypes.SYNC);

        // Same key and identity, but the new session has a fresh Nr and Gr: the old signature cannot match.
        TestClient replayer = fixture.connect(key);
        assertInstanceOf(HeloOk.class, replayer.helo(fixture.server().md5()));
        assertRejected(replayer.auth(captured, fixture.server().publicKey()), "bad signature");
        replayer.awaitClosedByServer();
    }

    @Test
    void registerWithAProofOverOtherDataIsRejected() throws Exception {
        TestClient client = fixture.connect();
        assertInstanceOf(HeloOk.class, client.helo(fixture.server().md5()));
        Register honest = client.registerMessage();
        byte[] forged = honest.signature().clone();
        forged[0] ^= 1;
        client.sendProtected(new Register(honest.publicKey(), forged).encode());
        assertRejected(client.nextProtected(), "signature");
        client.awaitClosedByServer();
    }

    @Test
    void registerWithAKeyThatIsNotRsa2048IsRejected() throws Exception {
        TestClient client = fixture.connect();
        assertInstanceOf(HeloOk.class, client.helo(fixture.server().md5()));
        client.sendProtected(new Register(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, new byte[256]).encode());
        JsonObject error = client.awaitControlErrorAndClose();
        assertEquals("invalid-request", error.getString("code"));
    }

    @Test
    void primaryKeyFingerprintsMatchTheKey() {
        var primary = fixture.node().services().keys().primary();
        assertArrayEquals(primary.md5(), fixture.server().md5());
        assertTrue(primary.sha256Text().startsWith("SHA256:"));
    }

    private static void assertRejected(Message answer, String reasonPart) {
        var control = assertInstanceOf(io.kampachi.common.wire.Control.class, answer);
        assertEquals(ControlTypes.ERROR, control.controlType());
        assertEquals("forbidden", control.body().getString("code"));
        assertTrue(control.body().getString("message").contains(reasonPart), control.body().encode());
    }
}
