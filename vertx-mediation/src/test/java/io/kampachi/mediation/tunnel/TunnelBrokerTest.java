package io.kampachi.mediation.tunnel;

import io.kampachi.common.wire.Control;
import io.kampachi.common.wire.ControlTypes;
import io.kampachi.common.wire.Decoded;
import io.kampachi.common.wire.Probe;
import io.kampachi.common.wire.ProbeReply;
import io.kampachi.common.wire.UdpDatagrams;
import io.kampachi.common.wire.UnprotectedDatagram;
import io.kampachi.mediation.testing.NodeFixture;
import io.kampachi.mediation.testing.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tunnel brokering between members of a network, peer keys, endpoint updates and UDP probes. */
class TunnelBrokerTest {

    @TempDir
    static Path dataDir;

    private static NodeFixture fixture;

    @BeforeAll
    static void startNode() {
        fixture = NodeFixture.start(dataDir, "tunnels", new JsonObject());
    }

    @AfterAll
    static void stopNode() throws Exception {
        fixture.close();
    }

    /** Two logged-in clients, their sync bodies, and the network they both joined. */
    private record Pair(TestClient a, JsonObject syncA, TestClient b, JsonObject syncB, long networkId) {

        String addressA() {
            return syncA.getString("address");
        }

        String addressB() {
            return syncB.getString("address");
        }
    }

    private static Pair pairInOneNetwork() throws Exception {
        TestClient a = fixture.connect();
        JsonObject syncA = a.registerAndLogin(fixture.server());
        TestClient b = fixture.connect();
        JsonObject syncB = b.registerAndLogin(fixture.server());
        String name = "tun-" + UUID.randomUUID().toString().substring(0, 8);
        long id = a.createNetwork(name);
        b.requestOk(ControlTypes.NETWORK_JOIN, new JsonObject().put("name", name));
        return new Pair(a, syncA, b, syncB, id);
    }

    private static long unsigned(JsonObject body, String member) {
        long value = body.getLong(member);
        assertTrue(value > 0, member + " is 0: " + body.encode());
        assertTrue(value <= 0xFFFF_FFFFL, member + " exceeds 32 bits: " + body.encode());
        return value;
    }

    @Test
    void joiningOpensOneTunnelWithMatchingSpisAtBothEnds() throws Exception {
        Pair pair = pairInOneNetwork();
        JsonObject openA = pair.a().awaitEvent(ControlTypes.TUNNEL_OPEN,
                body -> body.getString("peer").equals(pair.addressB())).body();
        JsonObject openB = pair.b().awaitEvent(ControlTypes.TUNNEL_OPEN,
                body -> body.getString("peer").equals(pair.addressA())).body();

        long inboundA = unsigned(openA, "inboundSpi");
        long outboundA = unsigned(openA, "outboundSpi");
        assertEquals(inboundA, unsigned(openB, "outboundSpi"));
        assertEquals(outboundA, unsigned(openB, "inboundSpi"));
        assertNotEquals(inboundA, outboundA);
        assertEquals("", openA.getString("nickname"));
        assertTrue(openA.getJsonArray("endpoints").isEmpty(), openA.encode());
    }

    @Test
    void peerKeyReturnsTheRegisteredKeyOnlyToNetworkMates() throws Exception {
        Pair pair = pairInOneNetwork();
        JsonObject key = pair.a().requestOk(ControlTypes.PEER_KEY, new JsonObject().put("address", pair.addressB()));
        assertEquals(pair.addressB(), key.getString("address"));
        byte[] expected = pair.b().identityKey().getPublic().getEncoded();
        assertArrayEquals(expected, Base64.getDecoder().decode(key.getString("publicKey")));
        assertTrue(key.getString("fingerprint").startsWith("SHA256:"), key.encode());

        TestClient stranger = fixture.loggedIn();
        Control refused = stranger.request(ControlTypes.PEER_KEY, new JsonObject().put("address", pair.addressB()));
        assertEquals("forbidden", refused.body().getString("code"));
    }

    @Test
    void reportedEndpointsReachThePeerInAFreshTunnelOpen() throws Exception {
        Pair pair = pairInOneNetwork();
        JsonObject first = pair.b().awaitEvent(ControlTypes.TUNNEL_OPEN).body();
        pair.a().requestOk(ControlTypes.ENDPOINT_REPORT, new JsonObject().put("udpPort", 40001)
                .put("lan", new JsonArray().add(new JsonObject().put("host", "192.168.7.20").put("port", 40001))));

        JsonObject update = pair.b().awaitEvent(ControlTypes.TUNNEL_OPEN,
                body -> !body.getJsonArray("endpoints").isEmpty()).body();
        assertEquals(first.getLong("inboundSpi"), update.getLong("inboundSpi"));
        assertEquals(first.getLong("outboundSpi"), update.getLong("outboundSpi"));
        JsonArray endpoints = update.getJsonArray("endpoints");
        assertEquals(new JsonObject().put("kind", "udp-reported").put("host", "127.0.0.1").put("port", 40001),
                endpoints.getJsonObject(0));
        assertEquals(new JsonObject().put("kind", "udp-lan").put("host", "192.168.7.20").put("port", 40001),
                endpoints.getJsonObject(1));
    }

    @Test
    void leavingClosesTheTunnelAtBothEnds() throws Exception {
        Pair pair = pairInOneNetwork();
        pair.a().awaitEvent(ControlTypes.TUNNEL_OPEN);
        pair.b().awaitEvent(ControlTypes.TUNNEL_OPEN);
        pair.b().requestOk(ControlTypes.NETWORK_LEAVE, new JsonObject().put("networkId", pair.networkId()));
        pair.a().awaitEvent(ControlTypes.TUNNEL_CLOSE, body -> body.getString("peer").equals(pair.addressB()));
        pair.b().awaitEvent(ControlTypes.TUNNEL_CLOSE, body -> body.getString("peer").equals(pair.addressA()));
    }

    @Test
    void joinThenLeaveLeavesNoTunnel() throws Exception {
        TestClient a = fixture.connect();
        String addressA = a.registerAndLogin(fixture.server()).getString("address");
        TestClient b = fixture.connect();
        String addressB = b.registerAndLogin(fixture.server()).getString("address");
        String name = "churn-" + UUID.randomUUID().toString().substring(0, 8);
        long id = a.createNetwork(name);

        // The leave is sent before the join's reply arrives, so it may reach the server while the join opens a tunnel.
        for (int round = 0; round < 10; round++) {
            long join = b.sendRequest(ControlTypes.NETWORK_JOIN, new JsonObject().put("name", name));
            long leave = b.sendRequest(ControlTypes.NETWORK_LEAVE, new JsonObject().put("networkId", id));
            assertEquals(ControlTypes.OK, b.awaitReply(join).controlType());
            assertEquals(ControlTypes.OK, b.awaitReply(leave).controlType());
            Thread.sleep(300);
            TunnelRecord left = fixture.node().services().tunnels().find(addressA, addressB).toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertNull(left, "round " + round + ": a tunnel outlived the shared network: " + left);
        }
    }

    @Test
    void tunnelStatusIsCountedPerPathKind() throws Exception {
        Pair pair = pairInOneNetwork();
        pair.a().awaitEvent(ControlTypes.TUNNEL_OPEN);
        long before = fixture.stats().getJsonObject("pathReports").getLong("direct-udp");
        pair.a().requestOk(ControlTypes.TUNNEL_STATUS, new JsonObject().put("peer", pair.addressB())
                .put("path", "direct-udp"));
        assertEquals(before + 1, fixture.stats().getJsonObject("pathReports").getLong("direct-udp"));

        Control unknownPath = pair.a().request(ControlTypes.TUNNEL_STATUS, new JsonObject()
                .put("peer", pair.addressB()).put("path", "carrier-pigeon"));
        assertEquals("invalid-request", unknownPath.body().getString("code"));
        Control noTunnel = pair.a().request(ControlTypes.TUNNEL_STATUS, new JsonObject()
                .put("peer", "100.127.255.254").put("path", "down"));
        assertEquals("not-found", noTunnel.body().getString("code"));
    }

    @Test
    void probeGetsTheMappedEndpointAndThePeerLearnsIt() throws Exception {
        Pair pair = pairInOneNetwork();
        pair.b().awaitEvent(ControlTypes.TUNNEL_OPEN);
        byte[] token = Base64.getDecoder().decode(pair.syncA().getString("probeToken"));
        int probePort = pair.syncA().getInteger("probePort");

        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            udp.setSoTimeout((int) TestClient.WAIT.toMillis());
            byte[] probe = UdpDatagrams.encodeProbe(new Probe(token));
            udp.send(new DatagramPacket(probe, probe.length, InetAddress.getLoopbackAddress(), probePort));
            DatagramPacket received = new DatagramPacket(new byte[512], 512);
            udp.receive(received);
            byte[] data = java.util.Arrays.copyOf(received.getData(), received.getLength());
            Decoded<UnprotectedDatagram> decoded = UdpDatagrams.decode(data);
            assertTrue(decoded.isOk(), String.valueOf(decoded));
            ProbeReply reply = (ProbeReply) decoded.value().message();
            assertArrayEquals(token, reply.token());
            assertEquals(InetAddress.getLoopbackAddress(), reply.address());
            assertEquals(udp.getLocalPort(), reply.port());

            JsonObject update = pair.b().awaitEvent(ControlTypes.TUNNEL_OPEN,
                    body -> !body.getJsonArray("endpoints").isEmpty()).body();
            assertEquals(new JsonObject().put("kind", "udp-mapped").put("host", "127.0.0.1")
                    .put("port", udp.getLocalPort()), update.getJsonArray("endpoints").getJsonObject(0));
        }
    }

    @Test
    void probeWithAnUnknownTokenIsDroppedAndCounted() throws Exception {
        long before = fixture.stats().getLong("probesDropped");
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            byte[] probe = UdpDatagrams.encodeProbe(new Probe(new byte[16]));
            udp.send(new DatagramPacket(probe, probe.length, InetAddress.getLoopbackAddress(),
                    fixture.node().probePort()));
            byte[] garbage = {1, 2, 3};
            udp.send(new DatagramPacket(garbage, garbage.length, InetAddress.getLoopbackAddress(),
                    fixture.node().probePort()));
        }
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        while (fixture.stats().getLong("probesDropped") < before + 2) {
            assertTrue(System.nanoTime() < deadline, "dropped probes were not counted");
            Thread.sleep(20);
        }
    }

    @Test
    void reconnectingClientGetsItsTunnelBackWithTheSameSpis() throws Exception {
        KeyPair keyA = TestClient.newIdentityKey();
        TestClient a = fixture.connect(keyA);
        JsonObject syncA = a.registerAndLogin(fixture.server());
        TestClient b = fixture.loggedIn();
        String name = "tun-" + UUID.randomUUID().toString().substring(0, 8);
        a.requestOk(ControlTypes.NETWORK_CREATE, new JsonObject().put("name", name));
        b.requestOk(ControlTypes.NETWORK_JOIN, new JsonObject().put("name", name));
        JsonObject before = b.awaitEvent(ControlTypes.TUNNEL_OPEN).body();

        a.close();
        b.awaitEvent(ControlTypes.PEER_LOST, body -> body.getString("peer").equals(syncA.getString("address")));

        TestClient again = fixture.connect(keyA);
        again.login(fixture.server(), io.kampachi.mediation.config.AddressPool.parseAddress(
                syncA.getString("address")));
        JsonObject after = b.awaitEvent(ControlTypes.TUNNEL_OPEN).body();
        assertEquals(before.getLong("inboundSpi"), after.getLong("inboundSpi"));
        assertEquals(before.getLong("outboundSpi"), after.getLong("outboundSpi"));
    }
}
