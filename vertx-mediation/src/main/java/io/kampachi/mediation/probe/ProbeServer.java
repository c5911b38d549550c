package io.kampachi.mediation.probe;

import io.kampachi.common.wire.Decoded;
import io.kampachi.common.wire.Probe;
import io.kampachi.common.wire.ProbeReply;
import io.kampachi.common.wire.UdpDatagrams;
import io.kampachi.common.wire.UnprotectedDatagram;
import io.kampachi.mediation.MediationServices;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * UDP probe server. A client sends a PROBE carrying its session's 16-byte token; the server answers
 * with a PROBE REPLY holding the IPv4 address and port the probe came from, and hands that mapped
 * endpoint to the client's session.
 *
 * <p>A datagram that is not exactly a PROBE, or whose token belongs to no session, is dropped and
 * counted without a reply, so only the holder of a session's token gets answers, and each answer is
 * only 7 bytes longer than the probe it answers.
 *
 * <p>Each token is looked up in the cluster's map on a worker thread. At most {@code probe.maxLookups} lookups are in
 * progress at a time, and a probe that arrives while all are taken is dropped and counted, so a flood of made-up
 * tokens cannot queue map operations without bound.
 */
public final class ProbeServer extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeServer.class);

    private final MediationServices services;
    private DatagramSocket socket;
    /** Number of token lookups in progress, touched only on this verticle's event loop. */
    private int lookups;
    private volatile int actualPort;

    public ProbeServer(MediationServices services) {
        this.services = services;
    }

    @Override
    public Future<?> start() {
        socket = vertx.createDatagramSocket(new DatagramSocketOptions());
        socket.handler(this::onDatagram);
        String host = services.config().probe().host();
        return socket.listen(services.config().probe().port(), host).onSuccess(bound -> {
            actualPort = bound.localAddress().port();
            LOG.info("probe server listening host={} port={}/udp", host, actualPort);
        });
    }

    @Override
    public Future<?> stop() {
        return socket == null ? Future.succeededFuture() : socket.close();
    }

    /** Port the socket is bound to, valid once the verticle has started. */
    public int actualPort() {
        return actualPort;
    }

    private void onDatagram(DatagramPacket packet) {
        String host = packet.sender().host();
        int port = packet.sender().port();
        Decoded<UnprotectedDatagram> decoded = UdpDatagrams.decode(packet.data());
        Inet4Address source = ipv4(host);
        if (!decoded.isOk() || decoded.value().spi() != 0 || !(decoded.value().message() instanceof Probe)
                || source == null || port == 0) {
            drop("malformed", host, port);
            return;
        }
        byte[] token = ((Probe) decoded.value().message()).token();
        if (lookups >= services.config().probeLookups()) {
            drop("busy", host, port);
            return;
        }
        String tokenHex = HexFormat.of().formatHex(token);
        lookups++;
        services.stats().probeLookupStarted(lookups);
        services.presence().probeTokenOwner(tokenHex).onComplete(owner -> {
            lookups--;
            services.stats().probeLookupFinished(lookups);
            if (owner.failed()) {
                LOG.warn("probe token lookup failed endpoint={}:{}", host, port, owner.cause());
                return;
            }
            if (owner.result() == null) {
                drop("unknown-token", host, port);
                return;
            }
            Buffer reply = Buffer.buffer(UdpDatagrams.encodeProbe(new ProbeReply(token, source, port)));
            socket.send(reply, port, host).onFailure(e -> LOG.debug("probe reply not sent endpoint={}:{}", host,
                    port, e));
            services.stats().probeAnswered();
            services.notifier().probeSeen(owner.result(), host, port);
            LOG.debug("probe answered vpnIp={} endpoint={}:{}", owner.result(), host, port);
        });
    }

    private void drop(String reason, String host, int port) {
        services.stats().probeDropped();
        LOG.debug("probe dropped reason={} endpoint={}:{}", reason, host, port);
    }

    /**
     * Returns the sender as an IPv4 address, or {@code null} for IPv6. The host is a literal, so
     * nothing is resolved.
     */
    private static Inet4Address ipv4(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address instanceof Inet4Address ? (Inet4Address) address : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
