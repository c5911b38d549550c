package io.kampachi.client.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kampachi.client.daemon.Counters;
import io.kampachi.client.tun.Ipv4Packets;
import io.kampachi.client.tun.QueueTunDevice;
import io.kampachi.common.crypto.DhGroup14;
import io.kampachi.common.crypto.DhKeyPair;
import io.kampachi.common.crypto.Nonces;
import io.kampachi.common.wire.Ke1;
import io.kampachi.common.wire.MessageType;
import io.kampachi.common.wire.UdpDatagrams;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two tunnel managers joined by an in-memory datagram network that can lose, record and inject datagrams; each
 * has an in-memory TUN device. No sockets and no root.
 */
class TunnelManagerTest {

    private static final TunnelSettings FAST = new TunnelSettings(10, 40, 25, 200, 300, 1200);
    private static final String ADDRESS_A = "100.64.0.1";
    private static final String ADDRESS_B = "100.64.0.2";
    private static final InetSocketAddress ENDPOINT_A = new InetSocketAddress("203.0.113.51", 4500);
    private static final InetSocketAddress ENDPOINT_B = new InetSocketAddress("203.0.113.61", 4500);
    private static final long SPI_A = 1000L;
    private static final long SPI_B = 0xfffffff0L;

    private static KeyPair keysA;
    private static KeyPair keysB;

    private Vertx vertx;
    private Context context;
    private Side a;
    private Side b;
    /** Returns true for a datagram that the network should lose. */
    private volatile Predicate<Buffer> loss = datagram -> false;
    private final List<Buffer> toB = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void generateKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keysA = generator.generateKeyPair();
        keysB = generator.generateKeyPair();
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        a = new Side();
        b = new Side();
        onLoop(() -> {
            a.manager = new TunnelManager(vertx, FAST, (datagram, target) -> deliver(datagram, ENDPOINT_A, target),
                    a.tun, keysA, a.counters, a.listener);
            b.manager = new TunnelManager(vertx, FAST, (datagram, target) -> deliver(datagram, ENDPOINT_B, target),
                    b.tun, keysB, b.counters, b.listener);
            return null;
        });
    }

    @AfterEach
    void stop() throws Exception {
        onLoop(() -> {
            a.manager.close();
            b.manager.close();
            return null;
        });
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void deliver(Buffer datagram, InetSocketAddress from, InetSocketAddress target) {
        if (loss.test(datagram)) {
            return;
        }
        Side receiver = target.equals(ENDPOINT_A) ? a : target.equals(ENDPOINT_B) ? b : null;
        if (receiver == null) {
            return;
        }
        if (receiver == b) {
            toB.add(datagram.copy());
        }
        Buffer copy = datagram.copy();
        context.runOnContext(v -> receiver.manager.fromUdp(copy, from));
    }

    private void openBoth() throws Exception {
        onLoop(() -> {
            a.manager.open(tunnelOpen(ADDRESS_B, SPI_A, SPI_B, ENDPOINT_B));
            b.manager.open(tunnelOpen(ADDRESS_A, SPI_B, SPI_A, ENDPOINT_A));
            return null;
        });
    }

    private static JsonObject tunnelOpen(String peer, long inbound, long outbound, InetSocketAddress endpoint) {
        return new JsonObject().put("peer", peer).put("nickname", "n").put("inboundSpi", inbound)
                .put("outboundSpi", outbound).put("endpoints", new JsonArray()
                        .add(new JsonObject().put("kind", "udp-lan").put("host", "198.51.100.99").put("port", 9))
                        .add(new JsonObject().put("kind", "udp-mapped").put("host",
                                endpoint.getAddress().getHostAddress()).put("port", endpoint.getPort())));
    }

    @Test
    void keyExchangeRunsAndPacketsFlowBothWays() throws Exception {
        openBoth();
        awaitUp();
        assertEquals("initiator", describe(a, ADDRESS_B).getString("role"));
        assertEquals("responder", describe(b, ADDRESS_A).getString("role"));
        assertEquals("203.0.113.61:4500", describe(a, ADDRESS_B).getString("endpoint"));
        assertEquals(List.of(ADDRESS_B), a.keyRequests);
        assertEquals(TunnelPath.DIRECT_UDP, a.paths.get(ADDRESS_B));
        assertEquals(TunnelPath.DIRECT_UDP, b.paths.get(ADDRESS_A));

        byte[] ab = udpPacket(ADDRESS_A, ADDRESS_B, 1400);
        fromTun(a, ab);
        assertArrayEquals(ab, b.tun.takeWritten(5, TimeUnit.SECONDS));
        byte[] ba = udpPacket(ADDRESS_B, ADDRESS_A, 1);
        fromTun(b, ba);
        assertArrayEquals(ba, a.tun.takeWritten(5, TimeUnit.SECONDS));
        assertEquals(1, b.counters.get(Counters.TUNNEL_TO_TUN));
    }

    @Test
    void lostKe1Ke2Ke3AndDummyAreRecoveredByResends() throws Exception {
        AtomicInteger ke1 = new AtomicInteger();
        AtomicInteger ke2 = new AtomicInteger();
        AtomicInteger ke3 = new AtomicInteger();
        AtomicInteger dummy = new AtomicInteger();
        loss = datagram -> {
            int id = datagram.getInt(4);
            if (id == 0) {
                int type = datagram.getUnsignedByte(8);
                AtomicInteger count = type == MessageType.KE1.code() ? ke1 : type == MessageType.KE2.code() ? ke2 : ke3;
                return count.incrementAndGet() <= 3;
            }
            return datagram.getInt(0) == (int) SPI_A && dummy.incrementAndGet() <= 2;
        };
        openBoth();
        awaitUp();
        assertTrue(ke1.get() > 3, "KE1 sends: " + ke1);
        assertTrue(ke2.get() > 3, "KE2 sends: " + ke2);
        assertTrue(ke3.get() > 3, "KE3 sends: " + ke3);
        assertTrue(dummy.get() > 2, "dummy sends: " + dummy);
        assertEquals(1, describe(a, ADDRESS_B).getInteger("keyExchanges"));
        assertEquals(1, describe(b, ADDRESS_A).getInteger("keyExchanges"));
        byte[] packet = udpPacket(ADDRESS_A, ADDRESS_B, 100);
        fromTun(a, packet);
        assertArrayEquals(packet, b.tun.takeWritten(5, TimeUnit.SECONDS));
    }

    @Test
    void tamperedReplayedAndSpoofedDatagramsAreDroppedAndCounted() throws Exception {
        openBoth();
        awaitUp();
        List<Buffer> held = new CopyOnWriteArrayList<>();
        loss = datagram -> {
            boolean data = datagram.getInt(0) == (int) SPI_B && datagram.getInt(4) != 0 && datagram.length() > 200;
            if (data) {
                held.add(datagram.copy());
            }
            return data;
        };
        byte[] packet = udpPacket(ADDRESS_A, ADDRESS_B, 200);
        fromTun(a, packet);
        await(() -> held.size() == 1, "datagram captured");
        loss = datagram -> false;
        Buffer original = held.get(0);

        Buffer tampered = original.copy();
        tampered.setByte(20, (byte) (tampered.getByte(20) ^ 1));
        injectToB(tampered);
        await(() -> b.counters.get(Counters.DROP_BAD_AUTH) == 1, "tampering counted");
        assertNull(b.tun.takeWritten(100, TimeUnit.MILLISECONDS));

        injectToB(original.copy());
        assertArrayEquals(packet, b.tun.takeWritten(5, TimeUnit.SECONDS));
        injectToB(original.copy());
        await(() -> b.counters.get(Counters.DROP_REPLAY) == 1, "replay counted");

        Buffer unknownSpi = original.copy();
        unknownSpi.setInt(0, 77);
        injectToB(unknownSpi);
        await(() -> b.counters.get(Counters.DROP_UNKNOWN_SPI) == 1, "unknown SPI counted");

        fromTun(a, udpPacket("100.64.9.9", ADDRESS_B, 60));
        await(() -> b.counters.get(Counters.DROP_SPOOFED_SOURCE) == 1, "spoofed source counted");
        assertNull(b.tun.takeWritten(200, TimeUnit.MILLISECONDS));
        assertEquals(1, b.counters.get(Counters.TUNNEL_TO_TUN));
    }

    @Test
    void deadPathIsDetectedAndTheKeyExchangeRunsAgain() throws Exception {
        openBoth();
        awaitUp();
        loss = datagram -> true;
        await(() -> a.paths.get(ADDRESS_B) == TunnelPath.DOWN && b.paths.get(ADDRESS_A) == TunnelPath.DOWN,
                "both sides see the path die");
        loss = datagram -> false;
        awaitUp();
        assertTrue(describe(a, ADDRESS_B).getInteger("keyExchanges") >= 2, describe(a, ADDRESS_B).encode());
        byte[] packet = udpPacket(ADDRESS_A, ADDRESS_B, 300);
        fromTun(a, packet);
        assertArrayEquals(packet, b.tun.takeWritten(5, TimeUnit.SECONDS));
    }

    @Test
    void packetsWithoutATunnelAreDropped() throws Exception {
        fromTun(a, udpPacket(ADDRESS_A, "100.64.0.77", 10));
        fromTun(a, new byte[] {0x60, 0, 0, 0});
        await(() -> a.counters.get(Counters.DROP_NO_ROUTE) == 2, "no-route drops");
    }

    @Test
    void repeatedTunnelOpenRekeysOnlyFromTheInitiator() throws Exception {
        openBoth();
        awaitUp();
        onLoop(() -> {
            b.manager.open(tunnelOpen(ADDRESS_A, SPI_B, SPI_A, ENDPOINT_A));
            return null;
        });
        assertEquals("up", describe(b, ADDRESS_A).getString("state"));
        assertEquals(1, describe(b, ADDRESS_A).getInteger("keyExchanges"));

        onLoop(() -> {
            a.manager.open(tunnelOpen(ADDRESS_B, SPI_A, SPI_B, ENDPOINT_B));
            return null;
        });
        await(() -> describe(a, ADDRESS_B).getInteger("keyExchanges") == 2
                && describe(b, ADDRESS_A).getInteger("keyExchanges") == 2, "second exchange");
        awaitUp();
        byte[] packet = udpPacket(ADDRESS_A, ADDRESS_B, 500);
        fromTun(a, packet);
        assertArrayEquals(packet, b.tun.takeWritten(5, TimeUnit.SECONDS));
    }

    @Test
    void restartedResponderGetsKeysWhenTheServerRepeatsTunnelOpen() throws Exception {
        openBoth();
        awaitUp();
        onLoop(() -> {
            b.manager.close();
            b.manager = new TunnelManager(vertx, FAST, (datagram, target) -> deliver(datagram, ENDPOINT_B, target),
                    b.tun, keysB, b.counters, b.listener);
            b.manager.open(tunnelOpen(ADDRESS_A, SPI_B, SPI_A, ENDPOINT_A));
            a.manager.open(tunnelOpen(ADDRESS_B, SPI_A, SPI_B, ENDPOINT_B));
            return null;
        });
        await(() -> "direct-udp".equals(describe(b, ADDRESS_A).getString("path")), "restarted side has keys");
        byte[] packet = udpPacket(ADDRESS_A, ADDRESS_B, 700);
        fromTun(a, packet);
        assertArrayEquals(packet, b.tun.takeWritten(5, TimeUnit.SECONDS));
    }

    @Test
    void newKe1FloodIsRateLimited() throws Exception {
        openBoth();
        awaitUp();
        long before = b.counters.get(Counters.DROP_BAD_HANDSHAKE);
        for (int i = 0; i < 5; i++) {
            DhKeyPair dh = DhGroup14.generateKeyPair(new SecureRandom());
            byte[] ke1 = UdpDatagrams.encodeHandshake((int) SPI_B, new Ke1(Nonces.generate(new SecureRandom()),
                    dh.publicValue()));
            injectToB(Buffer.buffer(ke1));
        }
        await(() -> b.counters.get(Counters.DROP_BAD_HANDSHAKE) >= before + 4, "four of five new KE1 dropped");
        assertEquals("direct-udp", describe(b, ADDRESS_A).getString("path"));
    }

    @Test
    void newSpisSwitchWithoutPacketLoss() throws Exception {
        openBoth();
        awaitUp();
        // One data datagram each way under the old SPIs is held back, to be sent once the old SPIs are gone.
        Map<Integer, Buffer> heldBySpi = new ConcurrentHashMap<>();
        loss = datagram -> {
            boolean data = datagram.getInt(4) != 0 && datagram.length() > 300;
            if (data) {
                heldBySpi.put(datagram.getInt(0), datagram.copy());
            }
            return data;
        };
        fromTun(a, udpPacket(ADDRESS_A, ADDRESS_B, 333));
        fromTun(b, udpPacket(ADDRESS_B, ADDRESS_A, 333));
        await(() -> heldBySpi.size() == 2, "one datagram held each way");
        loss = datagram -> false;

        // The new SPIs swap the roles: B becomes the initiator. A learns them first, B a few packets later.
        long newSpiA = 0xfffffe00L;
        long newSpiB = 2000L;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int sent = 0;
        while (sent < 20 || !switched(a, ADDRESS_B, newSpiA) || !switched(b, ADDRESS_A, newSpiB)) {
            assertTrue(sent < 5000, "switch not done after " + sent + " packets");
            assertTrue(System.nanoTime() < deadline, "switch not done in time: " + describe(a, ADDRESS_B).encode()
                    + " " + describe(b, ADDRESS_A).encode());
            if (sent == 5) {
                onLoop(() -> {
                    a.manager.open(tunnelOpen(ADDRESS_B, newSpiA, newSpiB, ENDPOINT_B));
                    return null;
                });
            }
            if (sent == 10) {
                onLoop(() -> {
                    b.manager.open(tunnelOpen(ADDRESS_A, newSpiB, newSpiA, ENDPOINT_A));
                    return null;
                });
            }
            byte[] ab = numberedPacket(ADDRESS_A, ADDRESS_B, sent);
            byte[] ba = numberedPacket(ADDRESS_B, ADDRESS_A, sent);
            fromTun(a, ab);
            fromTun(b, ba);
            assertArrayEquals(ab, b.tun.takeWritten(5, TimeUnit.SECONDS), "packet " + sent + " from A to B");
            assertArrayEquals(ba, a.tun.takeWritten(5, TimeUnit.SECONDS), "packet " + sent + " from B to A");
            sent++;
        }
        assertEquals(0, a.counters.get(Counters.DROP_NO_ROUTE));
        assertEquals(0, b.counters.get(Counters.DROP_NO_ROUTE));
        assertEquals(0, a.counters.get(Counters.DROP_UNKNOWN_SPI));
        assertEquals(0, b.counters.get(Counters.DROP_UNKNOWN_SPI));
        assertEquals("initiator", describe(b, ADDRESS_A).getString("role"));

        injectToB(heldBySpi.get((int) SPI_B));
        await(() -> b.counters.get(Counters.DROP_UNKNOWN_SPI) == 1, "old SPI of B rejected");
        assertNull(b.tun.takeWritten(100, TimeUnit.MILLISECONDS));
        context.runOnContext(v -> a.manager.fromUdp(heldBySpi.get((int) SPI_A), ENDPOINT_B));
        await(() -> a.counters.get(Counters.DROP_UNKNOWN_SPI) == 1, "old SPI of A rejected");
        assertNull(a.tun.takeWritten(100, TimeUnit.MILLISECONDS));
    }

    /** Returns true once the tunnel runs on {@code inboundSpi} and no longer accepts the previous one. */
    private boolean switched(Side side, String peer, long inboundSpi) {
        JsonObject tunnel = describe(side, peer);
        return tunnel.getLong("inboundSpi") == inboundSpi && "up".equals(tunnel.getString("state"))
                && !tunnel.containsKey("previousInboundSpi");
    }

    /** Builds a small packet whose payload carries {@code number}, so that each sent packet is distinct. */
    private static byte[] numberedPacket(String source, String destination, int number) {
        byte[] packet = udpPacket(source, destination, 40);
        packet[28] = (byte) (number >>> 24);
        packet[29] = (byte) (number >>> 16);
        packet[30] = (byte) (number >>> 8);
        packet[31] = (byte) number;
        return packet;
    }

    private void injectToB(Buffer datagram) {
        context.runOnContext(v -> b.manager.fromUdp(datagram, ENDPOINT_A));
    }

    private void awaitUp() throws Exception {
        await(() -> "direct-udp".equals(describe(a, ADDRESS_B).getString("path"))
                && "direct-udp".equals(describe(b, ADDRESS_A).getString("path")), "tunnel up on both sides");
    }

    private JsonObject describe(Side side, String peer) {
        try {
            JsonObject description = onLoop(() -> side.manager.describe(peer));
            assertNotNull(description, "no tunnel to " + peer);
            return description;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void fromTun(Side side, byte[] packet) throws Exception {
        onLoop(() -> {
            side.manager.fromTun(packet);
            return null;
        });
    }

    private <T> T onLoop(Supplier<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(action.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }

    /** Builds an IPv4/UDP packet with {@code payload} bytes of data. */
    static byte[] udpPacket(String source, String destination, int payload) {
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
        int sum = Ipv4Packets.checksum(packet, 0, 20);
        packet[10] = (byte) (sum >> 8);
        packet[11] = (byte) sum;
        for (int i = 28; i < packet.length; i++) {
            packet[i] = (byte) i;
        }
        return packet;
    }

    private final class Side {
        final QueueTunDevice tun = new QueueTunDevice("kamtest", 1419);
        final Counters counters = new Counters();
        final List<String> keyRequests = new CopyOnWriteArrayList<>();
        final Map<String, TunnelPath> paths = new ConcurrentHashMap<>();
        TunnelManager manager;
        final TunnelListener listener = new TunnelListener() {
            @Override
            public void peerKeyNeeded(String peer) {
                keyRequests.add(peer);
                RSAPublicKey key = (RSAPublicKey) (peer.equals(ADDRESS_A) ? keysA : keysB).getPublic();
                vertx.setTimer(5, id -> manager.peerKey(peer, key));
            }

            @Override
            public void pathChanged(String peer, TunnelPath path) {
                paths.put(peer, path);
            }
        };
    }
}
