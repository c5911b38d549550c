package io.kampachi.client.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kampachi.client.config.ClientConfig;
import io.kampachi.client.control.StubMediationServer;
import io.kampachi.client.local.LocalControlClient;
import io.kampachi.client.tun.QueueTunDevice;
import io.kampachi.common.crypto.Fingerprints;
import io.kampachi.common.crypto.PemFiles;
import io.kampachi.common.crypto.RsaKeys;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Login against a server that does not own the pinned key, and a daemon whose pinned key does not match. */
class LoginSecurityTest {

    @TempDir
    Path temp;

    private Vertx serverVertx;
    private StubMediationServer server;
    private ClientDaemon daemon;

    @BeforeEach
    void startImpostor() throws Exception {
        KeyPair impostorKeys = RsaKeys.generate(new SecureRandom());
        serverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        server = new StubMediationServer(serverVertx, impostorKeys);
        server.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        serverVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private ClientConfig config(RSAPublicKey pinned, String fingerprint) throws Exception {
        Path publicFile = temp.resolve("pinned.pem");
        PemFiles.writePublicKey(publicFile, pinned);
        return ClientConfig.fromJson(new JsonObject()
                .put("server", new JsonObject().put("host", "127.0.0.1").put("port", server.port())
                        .put("fingerprint", fingerprint).put("publicKeyFile", publicFile.toString()))
                .put("stateDir", temp.resolve("state").toString())
                .put("controlSocket", temp.resolve("control/kampachi.sock").toString())
                .put("udpBind", "127.0.0.1"), temp);
    }

    @Test
    void impostorServerIsDropped() throws Exception {
        RSAPublicKey pinned = (RSAPublicKey) RsaKeys.generate(new SecureRandom()).getPublic();
        ClientConfig config = config(pinned, Fingerprints.sha256Text(pinned));
        daemon = ClientDaemon.start(config, (name, mtu) -> new QueueTunDevice(name, mtu))
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);

        JsonObject reply = LocalControlClient.request(config.controlSocket(), "login", new JsonObject());
        assertFalse(reply.getBoolean("ok"), reply.encode());
        assertEquals("bad-server-signature", reply.getJsonObject("error").getString("code"));
        JsonObject status = LocalControlClient.request(config.controlSocket(), "status", new JsonObject());
        assertEquals("logged-out", status.getJsonObject("result").getString("state"));
        assertEquals(0, waitForNoSessions());
    }

    @Test
    void fingerprintMismatchStopsStart() throws Exception {
        RSAPublicKey pinned = (RSAPublicKey) RsaKeys.generate(new SecureRandom()).getPublic();
        RSAPublicKey other = (RSAPublicKey) RsaKeys.generate(new SecureRandom()).getPublic();
        ClientConfig config = config(pinned, Fingerprints.sha256Text(other));
        ExecutionException e = assertThrows(ExecutionException.class, () ->
                ClientDaemon.start(config, (name, mtu) -> new QueueTunDevice(name, mtu))
                        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().startsWith("config key 'server.fingerprint'"), e.getCause().getMessage());
    }

    /** Returns the session count once the server has dropped the client's connection, or fails after 5 s. */
    private int waitForNoSessions() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.sessionCount() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return server.sessionCount();
    }
}
