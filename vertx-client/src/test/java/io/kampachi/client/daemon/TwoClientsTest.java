package io.kampachi.client.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kampachi.client.config.ClientConfig;
import io.kampachi.client.control.StubMediationServer;
import io.kampachi.client.local.LocalControlClient;
import io.kampachi.client.tun.Ipv4Packets;
import io.kampachi.client.tun.QueueTunDevice;
import io.kampachi.client.tunnel.TunnelSettings;
import io.kampachi.common.crypto.Fingerprints;
import io.kampachi.common.crypto.PemFiles;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two client daemons with in-memory TUN devices and a stub mediation server, all on loopback in this JVM: login,
 * networks, CLI errors, packets through the tunnel, spoofing drops, and a server restart that the tunnel survives.
 */
class TwoClientsTest {

    private static final TunnelSettings FAST = new TunnelSettings(20, 100, 30, 500, 1000, 5000);

    @TempDir
    Path temp;

    private Vertx serverVertx;
    private StubMediationServer server;
    private RSAPublicKey serverPublic;
    private Client a;
    private Client b;

    private record Client(ClientDaemon daemon, QueueTunDevice tun, Path socket) {
    }

    @BeforeEach
    void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair serverKeys = generator.generateKeyPair();
        serverPublic = (RSAPublicKey) serverKeys.getPublic();
        PemFiles.writePublicKey(temp.resolve("server.pem"), serverPublic);
        serverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        server = new StubMediationServer(serverVertx, serverKeys);
        server.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        a = startClient("a");
        b = startClient("b");
    }

    @AfterEach
    void stop() throws Exception {
        for (Client client : new Client[] {a, b}) {
            if (client != null) {
                client.daemon().close();
            }
        }
        serverVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Client startClient(String name) throws Exception {
        Path socket = temp.resolve(name + "/control/kampachi.sock");
        JsonObject json = new JsonObject()
                .put("server", new JsonObject().put("host", "127.0.0.1").put("port", server.port())
                        .put("fingerprint", Fingerprints.sha256Text(serverPublic))
                        .put("publicKeyFile", temp.resolve("server.pem").toString()))
                .put("stateDir", temp.resolve(name + "/state").toString())
                .put("controlSocket", socket.toString())
                .put("udpBind", "127.0.0.1")
                .put("nickname", name)
                .put("keepaliveSeconds", 1);
        ClientConfig config = ClientConfig.fromJson(json, temp);
        QueueTunDevice tun = new QueueTunDevice("kam-" + name, 1419);
        ClientDaemon daemon = ClientDaemon.start(config, (tunName, mtu) -> tun, FAST)
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        return new Client(daemon, tun, socket);
    }

    private static JsonObject call(Client client, String command, JsonObject args) throws Exception {
        return LocalControlClient.request(client.socket(), command, args);
    }

    private static JsonObject ok(Client client, String command, JsonObject args) throws Exception {
        JsonObject reply = call(client, command, args);
        assertTrue(reply.getBoolean("ok"), command + ": " + reply.encode());
        return reply.getJsonObject("result");
    }

    private static String errorCode(Client client, String command, JsonObject args) throws Exception {
        JsonObject reply = call(client, command, args);
        assertFalse(reply.getBoolean("ok"), command + " should fail: " + reply.encode());
        return reply.getJsonObject("error").getString("code");
    }

    @Test
    void twoClientsBuildATunnelThatSurvivesAServerRestart() throws Exception {
        assertEquals("not-logged-in", errorCode(a, "create", new JsonObject().put("name", "lab")));
        String addressA = ok(a, "login", new JsonObject()).getString("address");
        String addressB = ok(b, "login", new JsonObject()).getString("address");
        assertEquals("already-logged-in", errorCode(a, "login", new JsonObject()));
        assertEquals(addressA, a.tun().address().getHostAddress());
        assertEquals(ClientConfig.DEFAULT_PREFIX_LENGTH, a.tun().prefixLength());

        ok(a, "create", new JsonObject().put("name", "lab").put("password", "pw"));
        assertEquals("name-taken", errorCode(b, "create", new JsonObject().put("name", "lab")));
        assertEquals("wrong-password", errorCode(b, "join", new JsonObject().put("name", "lab")
                .put("password", "nope")));
        assertEquals("not-found", errorCode(b, "join", new JsonObject().put("name", "other")));
        assertEquals("not-member", errorCode(b, "leave", new JsonObject().put("name", "lab")));
        assertEquals("invalid-request", errorCode(b, "join", new JsonObject()));
        assertEquals("unknown-type", errorCode(b, "reboot", new JsonObject()));
        ok(b, "join", new JsonObject().put("name", "lab").put("password", "pw"));

        await(() -> "direct-udp".equals(pathTo(a, addressB)) && "direct-udp".equals(pathTo(b, addressA)),
                "tunnel up");
        await(() -> server.statusReports.contains(addressA + " " + addressB + " direct-udp"), "status reported");
        JsonObject peer = ok(a, "peer-fingerprint", new JsonObject().put("address", addressB));
        assertTrue(peer.getString("fingerprint").startsWith("SHA256:"), peer.encode());

        exchange(addressA, addressB);

        byte[] spoofed = packet("100.127.0.9", addressB, 64);
        a.tun().inject(spoofed);
        await(() -> b.daemon().counters().get(Counters.DROP_SPOOFED_SOURCE) == 1, "spoofed packet dropped");
        assertNull(b.tun().takeWritten(200, TimeUnit.MILLISECONDS));

        long spiBefore = ok(a, "list", new JsonObject()).getJsonArray("tunnels").getJsonObject(0).getLong("inboundSpi");
        server.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        await(() -> "reconnecting".equals(state(a)) && "reconnecting".equals(state(b)), "both see the loss");
        assertEquals("not-logged-in", errorCode(a, "create", new JsonObject().put("name", "x")));
        exchange(addressA, addressB);

        server.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        await(() -> "online".equals(state(a)) && "online".equals(state(b)), "both reconnect");
        exchange(addressA, addressB);
        JsonObject tunnel = ok(a, "list", new JsonObject()).getJsonArray("tunnels").getJsonObject(0);
        assertEquals(spiBefore, tunnel.getLong("inboundSpi"), tunnel.encode());

        ok(a, "go-offline", new JsonObject().put("name", "lab"));
        ok(a, "create", new JsonObject().put("name", "scratch"));
        ok(a, "delete", new JsonObject().put("name", "scratch"));
        assertEquals("not-member", errorCode(a, "delete", new JsonObject().put("name", "scratch")));
        ok(a, "set-nick", new JsonObject().put("nickname", "alice"));
        assertEquals("alice", ok(a, "status", new JsonObject()).getString("nickname"));
        ok(a, "logout", new JsonObject());
        assertEquals("logged-out", state(a));
        assertTrue(ok(a, "list", new JsonObject()).getJsonArray("networks").isEmpty());
    }

    @Test
    void offlinePeerShowsPathDownAtOnce() throws Exception {
        String addressA = ok(a, "login", new JsonObject()).getString("address");
        String addressB = ok(b, "login", new JsonObject()).getString("address");
        ok(a, "create", new JsonObject().put("name", "lab"));
        ok(b, "join", new JsonObject().put("name", "lab"));
        await(() -> "direct-udp".equals(pathTo(a, addressB)) && "direct-udp".equals(pathTo(b, addressA)),
                "tunnel up");

        // A keeps its tunnel and its keep-alives, so only the server's presence event can take B's path down.
        ok(a, "go-offline", new JsonObject().put("name", "lab"));
        await(() -> "down".equals(memberPath(b, addressA)), "member path down");
        assertEquals("down", pathTo(b, addressA));
        await(() -> server.statusReports.contains(addressB + " " + addressA + " down"), "down reported");

        ok(a, "go-online", new JsonObject().put("name", "lab"));
        await(() -> "direct-udp".equals(memberPath(b, addressA)), "member path up again");
        exchange(addressA, addressB);
    }

    /** Returns the path that {@code list} shows for {@code peer} as a member of a network, or null. */
    private static String memberPath(Client client, String peer) {
        try {
            for (Object network : ok(client, "list", new JsonObject()).getJsonArray("networks")) {
                for (Object item : ((JsonObject) network).getJsonArray("members")) {
                    JsonObject member = (JsonObject) item;
                    if (peer.equals(member.getString("address"))) {
                        return member.getString("path");
                    }
                }
            }
            return null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void exchange(String addressA, String addressB) throws Exception {
        byte[] ab = packet(addressA, addressB, 1000);
        a.tun().inject(ab);
        assertArrayEquals(ab, b.tun().takeWritten(5, TimeUnit.SECONDS));
        byte[] ba = packet(addressB, addressA, 10);
        b.tun().inject(ba);
        assertArrayEquals(ba, a.tun().takeWritten(5, TimeUnit.SECONDS));
    }

    private static String state(Client client) {
        try {
            return ok(client, "status", new JsonObject()).getString("state");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String pathTo(Client client, String peer) {
        try {
            for (Object item : ok(client, "list", new JsonObject()).getJsonArray("tunnels")) {
                JsonObject tunnel = (JsonObject) item;
                if (peer.equals(tunnel.getString("peer"))) {
                    return tunnel.getString("path");
                }
            }
            return null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }

    private static byte[] packet(String source, String destination, int payload) {
        byte[] packet = new byte[28 + payload];
        packet[0] = 0x45;
        packet[2] = (byte) (packet.length >> 8);
        packet[3] = (byte) packet.length;
        packet[8] = 64;
        packet[9] = 17;
        int src = Ipv4Packets.parse(source);
        int dst = Ipv4Packets.parse(destination);
        for (int i = 0; i < 4; i++) {
            packet[12 + i] = (byte) (src >>> (24 - 8 * i));
            packet[16 + i] = (byte) (dst >>> (24 - 8 * i));
        }
        for (int i = 28; i < packet.length; i++) {
            packet[i] = (byte) (i * 7);
        }
        return packet;
    }
}
