package io.kampachi.mediation.probe;

import io.kampachi.common.wire.Decoded;
import io.kampachi.common.wire.Probe;
import io.kampachi.common.wire.ProbeReply;
import io.kampachi.common.wire.UdpDatagrams;
import io.kampachi.common.wire.UnprotectedDatagram;
import io.kampachi.mediation.testing.NodeFixture;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A burst of probes with made-up tokens against a node that allows only a few token lookups at a time. */
class ProbeFloodTest {

    private static final int MAX_LOOKUPS = 4;
    private static final int BOGUS_PROBES = 300;
    private static final int REAL_ATTEMPTS = 20;

    @TempDir
    static Path dataDir;

    private static NodeFixture fixture;

    @BeforeAll
    static void startNode() {
        fixture = NodeFixture.start(dataDir, "probe-flood",
                new JsonObject().put("probe", new JsonObject().put("maxLookups", MAX_LOOKUPS)));
    }

    @AfterAll
    static void stopNode() throws Exception {
        fixture.close();
    }

    @Test
    void floodStaysWithinLookupCap() throws Exception {
        JsonObject sync = fixture.connect().registerAndLogin(fixture.server());
        byte[] token = Base64.getDecoder().decode(sync.getString("probeToken"));
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int probePort = fixture.node().probePort();
        long droppedBefore = fixture.stats().getLong("probesDropped");

        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            for (int i = 0; i < BOGUS_PROBES; i++) {
                byte[] bogus = new byte[16];
                ByteBuffer.wrap(bogus).putInt(12, i + 1);
                byte[] probe = UdpDatagrams.encodeProbe(new Probe(bogus));
                udp.send(new DatagramPacket(probe, probe.length, loopback, probePort));
            }

            // The real probe may itself be dropped while the burst takes every lookup, so it is sent again.
            udp.setSoTimeout(500);
            ProbeReply reply = null;
            for (int attempt = 0; attempt < REAL_ATTEMPTS && reply == null; attempt++) {
                byte[] probe = UdpDatagrams.encodeProbe(new Probe(token));
                udp.send(new DatagramPacket(probe, probe.length, loopback, probePort));
                reply = receiveReply(udp);
            }
            assertNotNull(reply, "no reply to the session's own probe");
            assertArrayEquals(token, reply.token());
        }

        JsonObject stats = fixture.stats();
        assertTrue(stats.getLong("probeLookupsPeak") <= MAX_LOOKUPS, stats.encode());
        assertTrue(stats.getLong("probeLookupsPeak") > 0, stats.encode());
        assertTrue(stats.getLong("probesDropped") > droppedBefore, stats.encode());
    }

    /** Returns the next probe reply, or {@code null} if none arrives within the socket timeout. */
    private static ProbeReply receiveReply(DatagramSocket udp) throws Exception {
        DatagramPacket received = new DatagramPacket(new byte[512], 512);
        try {
            udp.receive(received);
        } catch (SocketTimeoutException e) {
            return null;
        }
        Decoded<UnprotectedDatagram> decoded = UdpDatagrams.decode(
                Arrays.copyOf(received.getData(), received.getLength()));
        assertTrue(decoded.isOk(), String.valueOf(decoded));
        return (ProbeReply) decoded.value().message();
    }
}
