package io.kampachi.client.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kampachi.client.config.ClientConfig;
import io.kampachi.client.daemon.ClientDaemon;
import io.kampachi.client.local.LocalControlClient;
import io.kampachi.client.tun.Ipv4Packets;
import io.kampachi.client.tun.QueueTunDevice;
import io.kampachi.client.tunnel.TunnelSettings;
import io.kampachi.common.crypto.Fingerprints;
import io.kampachi.common.crypto.PemFiles;
import io.kampachi.common.crypto.RsaKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two in-JVM client daemons with in-memory TUN devices against the real mediation jar on 127.0.0.1: the tunnel
 * carries packets, survives the server's death, and both clients log in again when the server comes back with
 * its data. Needs no root; runs after {@code package} and skips when the mediation jar is not built.
 */
class RealServerReconnectIT {

    private static final Logger LOG = LoggerFactory.getLogger(RealServerReconnectIT.class);
    private static final TunnelSettings FAST = new TunnelSettings(20, 200, 30, 500, 1000, 4000);

    @TempDir
    Path temp;

    private Process server;
    private Path serverConfig;
    private Path serverLog;
    private Client a;
    private Client b;

    private record Client(ClientDaemon daemon, QueueTunDevice tun, Path socket) {
    }

    @AfterEach
    void stop() throws Exception {
        for (Client client : new Client[] {a, b}) {
            if (client != null) {
                client.daemon().close();
            }
        }
        stopServer();
    }

    @Test
    void tunnelOutlivesServerAndClientsReconnect() throws Exception {
        Path jar = Path.of("").toAbsolutePath().resolveSibling("vertx-mediation")
                .resolve("target/kampachi-mediation.jar");
        assumeTrue(Files.exists(jar), "real-server test skipped: " + jar + " is not built");
        KeyPair serverKeys = RsaKeys.generate(new SecureRandom());
        Path keyFile = temp.resolve("server-key.pem");
        PemFiles.writeKeyPair(keyFile, serverKeys);
        Path publicFile = temp.resolve("server-pub.pem");
        PemFiles.writePublicKey(publicFile, (RSAPublicKey) serverKeys.getPublic());
        int controlPort = freeTcpPort();
        int probePort = freeUdpPort();
        int clusterPort = 20000 + ThreadLocalRandom.current().nextInt(20000);
        serverConfig = temp.resolve("mediation.json");
        Files.writeString(serverConfig, new JsonObject()
                .put("dataDir", temp.resolve("server-data").toString())
                .put("control", new JsonObject().put("host", "127.0.0.1").put("port", controlPort))
                .put("probe", new JsonObject().put("host", "127.0.0.1").put("port", probePort))
                .put("keys", new JsonObject().put("files", new JsonArray().add(keyFile.toString()))
                        .put("generate", false))
                .put("passwords", new JsonObject().put("scryptCost", 1024))
                .put("cluster", new JsonObject().put("name", "kampachi-it-" + clusterPort).put("host", "127.0.0.1")
                        .put("port", clusterPort).put("portCount", 1)
                        .put("members", new JsonArray().add("127.0.0.1:" + clusterPort))
                        .put("eventBusHost", "127.0.0.1"))
                .encodePrettily());
        serverLog = temp.resolve("mediation.log");
        startServer(jar);

        String fingerprint = Fingerprints.sha256Text((RSAPublicKey) serverKeys.getPublic());
        a = startClient("a", controlPort, fingerprint, publicFile);
        b = startClient("b", controlPort, fingerprint, publicFile);
        String addressA = ok(a, "login", new JsonObject()).getString("address");
        String addressB = ok(b, "login", new JsonObject()).getString("address");
        ok(a, "create", new JsonObject().put("name", "it-" + clusterPort).put("password", "secret"));
        JsonObject wrong = LocalControlClient.request(b.socket(), "join", new JsonObject()
                .put("name", "it-" + clusterPort).put("password", "guess"));
        assertFalse(wrong.getBoolean("ok"), wrong.encode());
        assertEquals("wrong-password", wrong.getJsonObject("error").getString("code"));
        ok(b, "join", new JsonObject().put("name", "it-" + clusterPort).put("password", "secret"));
        awaitTunnel(addressA, addressB);
        exchange(addressA, addressB);

        stopServer();
        await(() -> "reconnecting".equals(state(a)) && "reconnecting".equals(state(b)), "both see the loss");
        exchange(addressA, addressB);

        startServer(jar);
        await(() -> "online".equals(state(a)) && "online".equals(state(b)), "both log in again");
        assertEquals(addressA, ok(a, "status", new JsonObject()).getString("address"));
        awaitTunnel(addressA, addressB);
        exchange(addressA, addressB);
    }

    private void startServer(Path jar) throws IOException, InterruptedException {
        Files.deleteIfExists(serverLog);
        server = new ProcessBuilder("java", "-jar", jar.toString(), "--config", serverConfig.toString())
                .redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(serverLog) ? Files.readString(serverLog, StandardCharsets.UTF_8) : "";
            if (text.contains("mediation node started")) {
                return;
            }
            if (!server.isAlive()) {
                throw new AssertionError("mediation server exited with " + server.exitValue() + ":\n" + text);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("mediation server did not start:\n" + Files.readString(serverLog));
    }

    private void stopServer() throws InterruptedException {
        if (server == null) {
            return;
        }
        server.destroy();
        if (!server.waitFor(20, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        server = null;
    }

    private Client startClient(String name, int port, String fingerprint, Path publicFile) throws Exception {
        Path socket = temp.resolve(name + "/control/kampachi.sock");
        JsonObject json = new JsonObject()
                .put("server", new JsonObject().put("host", "127.0.0.1").put("port", port)
                        .put("fingerprint", fingerprint).put("publicKeyFile", publicFile.toString()))
                .put("stateDir", temp.resolve(name + "/state").toString())
                .put("controlSocket", socket.toString())
                .put("udpBind", "127.0.0.1")
                .put("nickname", name)
                .put("keepaliveSeconds", 2);
        QueueTunDevice tun = new QueueTunDevice("kam-" + name, 1419);
        ClientDaemon daemon = ClientDaemon.start(ClientConfig.fromJson(json, temp), (tunName, mtu) -> tun, FAST)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return new Client(daemon, tun, socket);
    }

    private void awaitTunnel(String addressA, String addressB) throws InterruptedException {
        await(() -> "direct-udp".equals(pathTo(a, addressB)) && "direct-udp".equals(pathTo(b, addressA)),
                "tunnel up on both sides");
    }

    private void exchange(String addressA, String addressB) throws Exception {
        byte[] ab = packet(addressA, addressB, 1200);
        a.tun().inject(ab);
        assertArrayEquals(ab, b.tun().takeWritten(10, TimeUnit.SECONDS));
        byte[] ba = packet(addressB, addressA, 20);
        b.tun().inject(ba);
        assertArrayEquals(ba, a.tun().takeWritten(10, TimeUnit.SECONDS));
    }

    private static JsonObject ok(Client client, String command, JsonObject args) throws IOException {
        JsonObject reply = LocalControlClient.request(client.socket(), command, args);
        assertTrue(reply.getBoolean("ok"), command + ": " + reply.encode());
        return reply.getJsonObject("result");
    }

    private static String state(Client client) {
        try {
            return ok(client, "status", new JsonObject()).getString("state");
        } catch (IOException e) {
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
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return;
            }
            Thread.sleep(100);
        }
        String log;
        try {
            log = Files.exists(serverLog) ? Files.readString(serverLog, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            log = e.toString();
        }
        LOG.warn("mediation log:\n{}", log);
        throw new AssertionError("timed out waiting for: " + what);
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
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
            packet[i] = (byte) (i * 13);
        }
        return packet;
    }
}
