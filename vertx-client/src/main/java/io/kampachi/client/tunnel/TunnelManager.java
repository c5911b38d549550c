package io.kampachi.client.tunnel;

import io.kampachi.client.daemon.Counters;
import io.kampachi.client.tun.Ipv4Packets;
import io.kampachi.client.tun.TunDevice;
import io.kampachi.common.crypto.CryptoException;
import io.kampachi.common.crypto.Role;
import io.kampachi.common.crypto.RsaKeys;
import io.kampachi.common.crypto.SessionKeys;
import io.kampachi.common.protect.MessageIdExhaustedException;
import io.kampachi.common.protect.NextHeader;
import io.kampachi.common.protect.RejectReason;
import io.kampachi.common.protect.UnprotectResult;
import io.kampachi.common.wire.Decoded;
import io.kampachi.common.wire.Ke1;
import io.kampachi.common.wire.Ke2;
import io.kampachi.common.wire.Ke3;
import io.kampachi.common.wire.Message;
import io.kampachi.common.wire.UdpDatagrams;
import io.kampachi.common.wire.UnprotectedDatagram;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer tunnels: key exchange, packet protection, routing between the TUN device and the UDP socket, keep-alives
 * and dead-path detection.
 *
 * <p>Every method must run on the event loop of the {@link Vertx} context that created the manager; the TUN
 * reader thread and the UDP socket hand their packets over to that context first.
 *
 * <p>Receive path: find the tunnel by SPI, verify the HMAC, check the replay window, decrypt, and accept an IPv4
 * packet only if its source address is the peer's Kampachi address. Everything else is dropped and counted.
 *
 * <p>NOTE: the only path is direct UDP to the first candidate endpoint that replies. Hole punching at a time the
 * server sets, direct TCP and relays are not built; they would add other {@link UdpSender}-like transports and
 * report their own {@link TunnelPath}.
 */
public final class TunnelManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TunnelManager.class);

    private static final int NEXT_HEADER_IPV4 = NextHeader.IPV4;
    private static final int NEXT_HEADER_NONE = NextHeader.DUMMY;
    private static final byte[] EMPTY = new byte[0];
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long the keys of the previous exchange still open datagrams after new keys are installed. */
    private static final long PREVIOUS_KEYS_NANOS = 10_000_000_000L;
    /** Shortest time between two new exchanges that a responder starts for one tunnel. */
    private static final long MIN_NEW_EXCHANGE_INTERVAL_NANOS = 200_000_000L;
    /** How long a tunnel with the previous SPIs carries packets at most while its replacement exchanges keys. */
    private static final long REPLACEMENT_TIMEOUT_NANOS = 30_000_000_000L;

    private final Vertx vertx;
    private final TunnelSettings settings;
    private final UdpSender udp;
    private final TunDevice tun;
    private final KeyPair identity;
    private final Counters counters;
    private final TunnelListener listener;
    private final Map<Integer, PeerTunnel> byPeer = new HashMap<>();
    private final Map<Integer, PeerTunnel> byInboundSpi = new HashMap<>();
    private final Map<Integer, RSAPublicKey> peerKeys = new HashMap<>();
    private final ByteBuffer tunWrite = ByteBuffer.allocateDirect(65536);
    private final long timerId;

    public TunnelManager(Vertx vertx, TunnelSettings settings, UdpSender udp, TunDevice tun, KeyPair identity,
            Counters counters, TunnelListener listener) {
        this.vertx = vertx;
        this.settings = settings;
        this.udp = udp;
        this.tun = tun;
        this.identity = identity;
        this.counters = counters;
        this.listener = listener;
        this.timerId = vertx.setPeriodic(settings.tickMillis(), id -> tick());
    }

    // ---- control events ----------------------------------------------------------------------------------------

    /**
     * Applies {@code tunnel.open}: creates the tunnel, or, when the SPIs are the ones it already has, only takes the
     * new candidate endpoints.
     *
     * @throws IllegalArgumentException if the event's fields are missing or malformed
     */
    public void open(JsonObject event) {
        String peerText = event.getString("peer");
        int peer = Ipv4Packets.parse(peerText);
        int inboundSpi = (int) (long) event.getLong("inboundSpi");
        int outboundSpi = (int) (long) event.getLong("outboundSpi");
        if (inboundSpi == 0 || outboundSpi == 0) {
            throw new IllegalArgumentException("SPI 0 in tunnel.open for " + peerText);
        }
        List<InetSocketAddress> candidates = parseEndpoints(event.getJsonArray("endpoints", new JsonArray()));

        PeerTunnel tunnel = byPeer.get(peer);
        PeerTunnel predecessor = null;
        if (tunnel != null && (tunnel.inboundSpi != inboundSpi || tunnel.outboundSpi != outboundSpi)) {
            predecessor = keepForReplacement(tunnel);
            tunnel = null;
        }
        if (tunnel != null) {
            tunnel.candidates = candidates;
            tunnel.nickname = event.getString("nickname", tunnel.nickname);
            if (tunnel.peerOffline) {
                tunnel.peerOffline = false;
                reportPath(tunnel);
            }
            LOG.info("Tunnel endpoints refreshed: peer={} candidates={}", peerText, candidates);
            // The server repeats tunnel.open when the peer logs in again or its endpoints change. A peer that
            // restarted has lost its keys, so the initiator runs the exchange again now instead of waiting for
            // the path to count as dead. The old keys keep working until the new ones are agreed.
            if (tunnel.initiator
                    && (tunnel.state == PeerTunnel.State.PAUSED || tunnel.state == PeerTunnel.State.UP)) {
                startInitiator(tunnel);
            }
            return;
        }

        PeerTunnel other = byInboundSpi.get(inboundSpi);
        if (other != null) {
            if (other == predecessor) {
                predecessor = null;
            }
            remove(other, "inbound SPI reused");
        }
        tunnel = new PeerTunnel(peer, peerText, inboundSpi, outboundSpi);
        tunnel.nickname = event.getString("nickname");
        tunnel.candidates = candidates;
        byPeer.put(peer, tunnel);
        byInboundSpi.put(inboundSpi, tunnel);
        if (predecessor != null) {
            tunnel.predecessor = predecessor;
            tunnel.predecessorUntilNanos = System.nanoTime() + REPLACEMENT_TIMEOUT_NANOS;
            tunnel.reportedPath = predecessor.reportedPath;
            predecessor.replacement = tunnel;
            LOG.info("Tunnel replaced: peer={} oldInboundSpi={} newInboundSpi={}; the old SPIs carry packets until"
                    + " the new key exchange is done", peerText, Integer.toUnsignedString(predecessor.inboundSpi),
                    Integer.toUnsignedString(inboundSpi));
        }

        LOG.info("Tunnel opened: peer={} inboundSpi={} outboundSpi={} role={} candidates={}", peerText,
                Integer.toUnsignedString(inboundSpi), Integer.toUnsignedString(outboundSpi),
                tunnel.initiator ? "initiator" : "responder", candidates);

        RSAPublicKey key = peerKeys.get(peer);
        if (key != null) {
            peerKey(peerText, key);
        } else {
            listener.peerKeyNeeded(peerText);
        }
    }

    /** Supplies a peer's public key; tunnels waiting for it start their key exchange. */
    public void peerKey(String peerText, RSAPublicKey key) {
        int peer = Ipv4Packets.parse(peerText);
        peerKeys.put(peer, key);
        PeerTunnel tunnel = byPeer.get(peer);
        if (tunnel == null) {
            return;
        }
        tunnel.peerKey = key;
        if (tunnel.state == PeerTunnel.State.NEED_KEY) {
            if (tunnel.initiator) {
                startInitiator(tunnel);
            } else {
                tunnel.state = PeerTunnel.State.RESPONDER_WAITING;
            }
        }
    }

    /** Applies {@code tunnel.close}. */
    public void close(String peerText, String reason) {
        PeerTunnel tunnel = byPeer.get(Ipv4Packets.parse(peerText));
        if (tunnel != null) {
            remove(tunnel, reason);
        }
    }

    /**
     * Applies {@code peer.lost}: the tunnel stays and shows {@code down}, and a keep-alive checks at once that the
     * path still works.
     */
    public void peerLost(String peerText) {
        peerOffline(peerText);
        PeerTunnel tunnel = byPeer.get(Ipv4Packets.parse(peerText));
        if (tunnel != null) {
            tunnel = tunnel.sender();
        }
        if (tunnel != null && tunnel.cipher != null && tunnel.endpoint != null) {
            LOG.info("Peer lost by the server; checking the tunnel: peer={}", peerText);
            sendSealed(tunnel, NEXT_HEADER_NONE, EMPTY, 0, 0);
        }
    }

    /**
     * Shows the tunnel to a peer that the server reports offline as {@code down} at once, instead of after the
     * dead-path timeout. The tunnel and its keys stay, and the next {@code tunnel.open} for the peer ends this.
     */
    public void peerOffline(String peerText) {
        PeerTunnel tunnel = byPeer.get(Ipv4Packets.parse(peerText));
        if (tunnel != null && !tunnel.peerOffline) {
            tunnel.peerOffline = true;
            LOG.info("Peer offline by the server; tunnel path shown down: peer={}", peerText);
            reportPath(tunnel);
        }
    }

    /** Removes every tunnel, after logout. */
    public void closeAll(String reason) {
        for (PeerTunnel tunnel : new ArrayList<>(byPeer.values())) {
            remove(tunnel, reason);
        }
    }

    /** Returns a description of the tunnel to {@code peerText} for {@code list}, or null if there is none. */
    public JsonObject describe(String peerText) {
        PeerTunnel tunnel;
        try {
            tunnel = byPeer.get(Ipv4Packets.parse(peerText));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return tunnel == null ? null : tunnel.describe();
    }

    /** Returns the descriptions of every tunnel. */
    public JsonArray describeAll() {
        JsonArray all = new JsonArray();
        byPeer.values().forEach(tunnel -> all.add(tunnel.describe()));
        return all;
    }

    private void remove(PeerTunnel tunnel, String reason) {
        byPeer.remove(tunnel.peer, tunnel);
        byInboundSpi.remove(tunnel.inboundSpi, tunnel);
        if (tunnel.predecessor != null) {
            dropPredecessor(tunnel, reason);
        }
        if (tunnel.replacement != null) {
            tunnel.replacement.predecessor = null;
            tunnel.replacement = null;
        }
        LOG.info("Tunnel closed: peer={} inboundSpi={} reason={}", tunnel.peerText,
                Integer.toUnsignedString(tunnel.inboundSpi), reason);
    }

    /**
     * Takes a tunnel whose SPIs the server has replaced out of the peer map. Returns the tunnel that carries packets
     * until the replacement is up: this one if it has keys and an endpoint, else its own predecessor, or null.
     */
    private PeerTunnel keepForReplacement(PeerTunnel tunnel) {
        PeerTunnel earlier = tunnel.predecessor;
        if (tunnel.cipher != null && tunnel.endpoint != null) {
            if (earlier != null) {
                dropPredecessor(tunnel, "replaced twice");
            }
            byPeer.remove(tunnel.peer, tunnel);
            return tunnel;
        }
        if (earlier != null) {
            tunnel.predecessor = null;
            earlier.replacement = null;
        }
        remove(tunnel, "new SPIs");
        return earlier;
    }

    /** Stops accepting the predecessor's inbound SPI; from now on only {@code tunnel}'s SPIs are used. */
    private void dropPredecessor(PeerTunnel tunnel, String reason) {
        PeerTunnel old = tunnel.predecessor;
        tunnel.predecessor = null;
        old.replacement = null;
        byInboundSpi.remove(old.inboundSpi, old);
        LOG.info("Tunnel closed: peer={} inboundSpi={} reason={}", old.peerText,
                Integer.toUnsignedString(old.inboundSpi), reason);
    }

    // ---- data path ---------------------------------------------------------------------------------------------

    /** Routes one packet read from the TUN device into the tunnel of its destination. */
    public void fromTun(byte[] packet) {
        if (!Ipv4Packets.isIpv4(packet, packet.length)) {
            counters.increment(Counters.DROP_NO_ROUTE);
            return;
        }
        PeerTunnel tunnel = byPeer.get(Ipv4Packets.destination(packet));
        if (tunnel != null) {
            tunnel = tunnel.sender();
        }
        if (tunnel == null || tunnel.cipher == null || tunnel.endpoint == null) {
            counters.increment(Counters.DROP_NO_ROUTE);
            return;
        }
        if (sendSealed(tunnel, NEXT_HEADER_IPV4, packet, 0, packet.length)) {
            tunnel.packetsOut++;
            counters.increment(Counters.TUN_TO_TUNNEL);
        }
    }

    /** Handles one datagram from the UDP socket that is not a server probe reply (its SPI is not 0). */
    public void fromUdp(Buffer datagram, InetSocketAddress sender) {
        fromUdp(datagram.getBytes(), sender);
    }

    /**
     * Handles one datagram from the UDP socket that is not a server probe reply (its SPI is not 0). The array
     * becomes the tunnel's: it is verified and decrypted in place.
     */
    public void fromUdp(byte[] bytes, InetSocketAddress sender) {
        if (bytes.length < 8) {
            counters.increment(Counters.DROP_UNKNOWN_SPI);
            return;
        }
        int spi = readInt(bytes, 0);
        PeerTunnel tunnel = byInboundSpi.get(spi);
        if (readInt(bytes, 4) == 0) {
            // A tunnel that is being replaced takes no new exchange: the replacement runs the new one.
            handshake(tunnel == null || tunnel.replacement != null ? null : tunnel, Buffer.buffer(bytes), sender);
            return;
        }
        if (tunnel == null || tunnel.cipher == null) {
            counters.increment(Counters.DROP_UNKNOWN_SPI);
            return;
        }
        UnprotectResult opened = tunnel.cipher.open(bytes);
        if (!opened.isOk() && tunnel.previousCipher != null && triesPreviousKeys(opened.reason())) {
            // During a new exchange the peer may still send under the previous keys for one round trip. The
            // rejection came before the HMAC passed, so the bytes are unchanged and can be checked again.
            if (System.nanoTime() - tunnel.previousCipherUntilNanos < 0) {
                opened = tunnel.previousCipher.open(bytes);
            } else {
                tunnel.previousCipher = null;
            }
        }
        if (!opened.isOk()) {
            tunnel.drops++;
            counters.increment(dropCounter(opened.reason()));
            LOG.debug("Datagram dropped: peer={} endpoint={} reason={}", tunnel.peerText, sender, opened.reason());
            return;
        }
        authenticated(tunnel, sender);
        if (tunnel.predecessor != null && tunnel.state == PeerTunnel.State.UP) {
            switchOver(tunnel);
        }
        switch (opened.nextHeader()) {
            case NEXT_HEADER_IPV4:
                deliver(tunnel, bytes, opened.payloadOffset(), opened.payloadLength());
                break;
            case NEXT_HEADER_NONE:
                break;
            default:
                tunnel.drops++;
                counters.increment(Counters.DROP_BAD_NEXT_HEADER);
        }
    }

    private static int readInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) << 24 | (bytes[offset + 1] & 0xff) << 16 | (bytes[offset + 2] & 0xff) << 8
                | bytes[offset + 3] & 0xff;
    }

    private static boolean triesPreviousKeys(RejectReason reason) {
        return reason == RejectReason.BAD_MAC || reason == RejectReason.REPLAYED || reason == RejectReason.TOO_OLD;
    }

    /** Installs the keys of a finished exchange, keeping the old ones for receiving a little longer. */
    private void installCipher(PeerTunnel tunnel, TunnelCipher cipher) {
        if (tunnel.cipher != null) {
            tunnel.previousCipher = tunnel.cipher;
            tunnel.previousCipherUntilNanos = System.nanoTime() + PREVIOUS_KEYS_NANOS;
        }
        tunnel.cipher = cipher;
    }

    private static String dropCounter(RejectReason reason) {
        switch (reason) {
            case REPLAYED:
            case TOO_OLD:
                return Counters.DROP_REPLAY;
            case UNEXPECTED_NEXT_HEADER:
                return Counters.DROP_BAD_NEXT_HEADER;
            default:
                return Counters.DROP_BAD_AUTH;
        }
    }

    private void deliver(PeerTunnel tunnel, byte[] buffer, int offset, int length) {
        if (!Ipv4Packets.isIpv4(buffer, offset, length) || Ipv4Packets.source(buffer, offset) != tunnel.peer) {
            tunnel.drops++;
            counters.increment(Counters.DROP_SPOOFED_SOURCE);
            if (LOG.isDebugEnabled()) {
                LOG.debug("Packet with a foreign inner source dropped: peer={} source={}", tunnel.peerText,
                        length >= 20 ? Ipv4Packets.format(Ipv4Packets.source(buffer, offset)) : "-");
            }
            return;
        }
        try {
            tunWrite.clear();
            tunWrite.put(buffer, offset, length).flip();
            tun.write(tunWrite);
            tunnel.packetsIn++;
            counters.increment(Counters.TUNNEL_TO_TUN);
        } catch (IOException e) {
            LOG.warn("TUN write failed: peer={} error={}", tunnel.peerText, e.getMessage());
        }
    }

    /**
     * Finishes a replacement once an authenticated message arrives under the new SPIs while the new keys are up:
     * the peer then sends under the new SPIs, so the old inbound SPI is no longer accepted. The initiator, which
     * learns last that the exchange is done, sends a dummy message so that the responder switches over at once.
     */
    private void switchOver(PeerTunnel tunnel) {
        LOG.info("Tunnel switched to new SPIs: peer={} oldInboundSpi={} inboundSpi={}", tunnel.peerText,
                Integer.toUnsignedString(tunnel.predecessor.inboundSpi), Integer.toUnsignedString(tunnel.inboundSpi));
        dropPredecessor(tunnel, "replaced by new SPIs");
        if (tunnel.initiator) {
            sendSealed(tunnel, NEXT_HEADER_NONE, EMPTY, 0, 0);
        }
    }

    /** Records an authenticated message: the path is alive, and replies go where the peer sends from. */
    private void authenticated(PeerTunnel tunnel, InetSocketAddress sender) {
        tunnel.lastReceivedNanos = System.nanoTime();
        if (!sender.equals(tunnel.endpoint)) {
            LOG.info("Tunnel endpoint: peer={} endpoint={}", tunnel.peerText, sender);
            tunnel.endpoint = sender;
        }
        if (tunnel.replacement != null) {
            // The replacement reports the path, so this tunnel only keeps its endpoint current.
            return;
        }
        if (tunnel.state == PeerTunnel.State.SENDING_KE3) {
            tunnel.state = PeerTunnel.State.UP;
            tunnel.ke3 = null;
            LOG.info("Key exchange done: peer={} role=initiator endpoint={}", tunnel.peerText, sender);
        }
        tunnel.alive = true;
        reportPath(tunnel);
    }

    private boolean sendSealed(PeerTunnel tunnel, int nextHeader, byte[] payload, int offset, int length) {
        Buffer datagram;
        try {
            datagram = tunnel.cipher.seal(nextHeader, payload, offset, length);
        } catch (MessageIdExhaustedException e) {
            LOG.info("Outbound message IDs exhausted; rekeying: peer={}", tunnel.peerText);
            if (tunnel.replacement != null) {
                return false;
            }
            if (tunnel.initiator) {
                startInitiator(tunnel);
            }
            return false;
        }
        udp.send(datagram, tunnel.endpoint);
        tunnel.lastSentNanos = System.nanoTime();
        return true;
    }

    // ---- key exchange ------------------------------------------------------------------------------------------

    private void startInitiator(PeerTunnel tunnel) {
        tunnel.initiatorEphemeral = PeerTunnel.Ephemeral.generate(RANDOM);
        tunnel.ke1 = Buffer.buffer(UdpDatagrams.encodeHandshake(tunnel.outboundSpi,
                new Ke1(tunnel.initiatorEphemeral.nonce(), tunnel.initiatorEphemeral.publicValue())));
        tunnel.ke3 = null;
        tunnel.nr = null;
        tunnel.state = PeerTunnel.State.SENDING_KE1;
        tunnel.sends = 0;
        tunnel.nextSendNanos = System.nanoTime();
        LOG.info("Key exchange started: peer={} role=initiator targets={}", tunnel.peerText,
                tunnel.handshakeTargets());
        resend(tunnel);
    }

    private void handshake(PeerTunnel tunnel, Buffer datagram, InetSocketAddress sender) {
        Decoded<UnprotectedDatagram> decoded = UdpDatagrams.decode(datagram);
        if (tunnel == null || !decoded.isOk()) {
            counters.increment(Counters.DROP_BAD_HANDSHAKE);
            if (!decoded.isOk()) {
                LOG.debug("Malformed handshake dropped: endpoint={} error={}", sender, decoded.error());
            }
            return;
        }
        Message message = decoded.value().message();
        if (message instanceof Ke1) {
            onKe1(tunnel, (Ke1) message, sender);
        } else if (message instanceof Ke2) {
            onKe2(tunnel, (Ke2) message, sender);
        } else if (message instanceof Ke3) {
            onKe3(tunnel, (Ke3) message, sender);
        } else {
            counters.increment(Counters.DROP_BAD_HANDSHAKE);
        }
    }

    private void onKe1(PeerTunnel tunnel, Ke1 ke1, InetSocketAddress sender) {
        if (tunnel.initiator) {
            counters.increment(Counters.DROP_BAD_HANDSHAKE);
            return;
        }
        PeerTunnel.ResponderExchange exchange = tunnel.responderExchange;
        if (exchange == null || !Arrays.equals(exchange.ni(), ke1.nonce())
                || !Arrays.equals(exchange.gi(), ke1.dhPublicValue())) {
            // Each new KE1 costs a DH key pair and an RSA signature, and anyone who can read the SPI off the wire
            // can send one. A real initiator repeats its KE1 unchanged, so new ones are taken at a limited rate.
            long now = System.nanoTime();
            if (tunnel.lastResponderExchangeNanos != 0
                    && now - tunnel.lastResponderExchangeNanos < MIN_NEW_EXCHANGE_INTERVAL_NANOS) {
                counters.increment(Counters.DROP_BAD_HANDSHAKE);
                return;
            }
            tunnel.lastResponderExchangeNanos = now;
            PeerTunnel.Ephemeral mine = PeerTunnel.Ephemeral.generate(RANDOM);
            byte[] signature;
            try {
                signature = RsaKeys.sign(identity.getPrivate(), mine.nonce(), ke1.nonce(), mine.publicValue(),
                        ke1.dhPublicValue());
            } catch (CryptoException e) {
                LOG.error("Signing KE2 failed: peer={}", tunnel.peerText, e);
                return;
            }
            Buffer ke2 = Buffer.buffer(UdpDatagrams.encodeHandshake(tunnel.outboundSpi,
                    new Ke2(mine.nonce(), mine.publicValue(), signature)));
            exchange = new PeerTunnel.ResponderExchange(ke1.nonce(), ke1.dhPublicValue(), mine, ke2);
            tunnel.responderExchange = exchange;
            LOG.debug("KE1 received; KE2 sent: peer={} endpoint={}", tunnel.peerText, sender);
        }
        udp.send(exchange.ke2(), sender);
    }

    private void onKe2(PeerTunnel tunnel, Ke2 ke2, InetSocketAddress sender) {
        if (!tunnel.initiator || tunnel.initiatorEphemeral == null) {
            counters.increment(Counters.DROP_BAD_HANDSHAKE);
            return;
        }
        if (tunnel.state == PeerTunnel.State.SENDING_KE3 && Arrays.equals(tunnel.nr, ke2.nonce())) {
            udp.send(tunnel.ke3, tunnel.endpoint);
            return;
        }
        if (tunnel.state != PeerTunnel.State.SENDING_KE1) {
            counters.increment(Counters.DROP_BAD_HANDSHAKE);
            return;
        }

        // Verify the responder's signature over Nr | Ni | Gr | Gi, then derive the keys and sign KE3.
        PeerTunnel.Ephemeral mine = tunnel.initiatorEphemeral;
        if (!RsaKeys.verify(tunnel.peerKey, ke2.signature(), ke2.nonce(), mine.nonce(), ke2.dhPublicValue(),
                mine.publicValue())) {
            counters.increment(Counters.DROP_BAD_HANDSHAKE);
            LOG.debug("KE2 with a bad signature dropped: peer={} endpoint={}", tunnel.peerText, sender);
            return;
        }
        try {
            byte[] secret = mine.dh().agree(ke2.dhPublicValue());
            SessionKeys keys = SessionKeys.derive(secret, mine.nonce(), ke2.nonce());
            Arrays.fill(secret, (byte) 0);
            installCipher(tunnel, new TunnelCipher(keys, Role.INITIATOR, tunnel.inboundSpi, tunnel.outboundSpi));
            keys.destroy();
            byte[] signature = RsaKeys.sign(identity.getPrivate(), mine.nonce(), ke2.nonce(), mine.publicValue(),
                    ke2.dhPublicValue());
            tunnel.ke3 = Buffer.buffer(UdpDatagrams.encodeHandshake(tunnel.outboundSpi,
                    new Ke3(mine.nonce(), mine.publicValue(), signature)));
        } catch (CryptoException e) {
            counters.increment(Counters.DROP_BAD_HANDSHAKE);
            LOG.debug("KE2 rejected: peer={} endpoint={} error={}", tunnel.peerText, sender, e.getMessage());
            return;
        }

        tunnel.nr = ke2.nonce();
        tunnel.endpoint = sender;
        tunnel.exchanges++;
        tunnel.state = PeerTunnel.State.SENDING_KE3;
        tunnel.sends = 0;
        tunnel.nextSendNanos = System.nanoTime();
        LOG.info("KE2 verified; KE3 sent: peer={} endpoint={}", tunnel.peerText, sender);
        resend(tunnel);
    }

    private void onKe3(PeerTunnel tunnel, Ke3 ke3, InetSocketAddress sender) {
        if (tunnel.initiator) {
            counters.increment(Counters.DROP_BAD_HANDSHAKE);
            return;
        }
        if (tunnel.cipher != null && Arrays.equals(tunnel.establishedNi, ke3.nonce())) {
            // The dummy message that ends the exchange was lost, so the initiator still repeats KE3. A repeated
            // KE3 proves nothing about its sender, so the reply goes to the endpoint that the exchange confirmed.
            sendSealed(tunnel, NEXT_HEADER_NONE, EMPTY, 0, 0);
            return;
        }


        PeerTunnel.ResponderExchange exchange = tunnel.responderExchange;
        if (exchange == null || tunnel.peerKey == null || !Arrays.equals(exchange.ni(), ke3.nonce())
                || !Arrays.equals(exchange.gi(), ke3.dhPublicValue())) {
            counters.increment(Counters.DROP_BAD_HANDSHAKE);
            if (tunnel.peerKey == null) {
                listener.peerKeyNeeded(tunnel.peerText);
            }
            return;
        }

        // Verify the initiator's signature over Ni | Nr | Gi | Gr; only then derive the keys.
        PeerTunnel.Ephemeral mine = exchange.mine();
        if (!RsaKeys.verify(tunnel.peerKey, ke3.signature(), exchange.ni(), mine.nonce(), exchange.gi(),
                mine.publicValue())) {
            counters.increment(Counters.DROP_BAD_HANDSHAKE);
            LOG.debug("KE3 with a bad signature dropped: peer={} endpoint={}", tunnel.peerText, sender);
            return;
        }
        try {
            byte[] secret = mine.dh().agree(exchange.gi());
            SessionKeys keys = SessionKeys.derive(secret, exchange.ni(), mine.nonce());
            Arrays.fill(secret, (byte) 0);
            installCipher(tunnel, new TunnelCipher(keys, Role.RESPONDER, tunnel.inboundSpi, tunnel.outboundSpi));
            keys.destroy();
        } catch (CryptoException e) {
            counters.increment(Counters.DROP_BAD_HANDSHAKE);
            LOG.debug("KE3 rejected: peer={} endpoint={} error={}", tunnel.peerText, sender, e.getMessage());
            return;
        }

        tunnel.establishedNi = exchange.ni();
        tunnel.responderExchange = null;
        tunnel.endpoint = sender;
        tunnel.exchanges++;
        tunnel.state = PeerTunnel.State.UP;
        tunnel.lastReceivedNanos = System.nanoTime();
        tunnel.alive = true;
        LOG.info("Key exchange done: peer={} role=responder endpoint={}", tunnel.peerText, sender);
        sendSealed(tunnel, NEXT_HEADER_NONE, EMPTY, 0, 0);
        reportPath(tunnel);
    }

    /** Sends the initiator's current handshake message if it is due; gives the attempt up after too many. */
    private void resend(PeerTunnel tunnel) {
        long now = System.nanoTime();
        if (now - tunnel.nextSendNanos < 0) {
            return;
        }
        if (tunnel.sends >= settings.handshakeMaxSends()) {
            LOG.info("Key exchange gave up: peer={} stage={} sends={}", tunnel.peerText, tunnel.state, tunnel.sends);
            tunnel.state = PeerTunnel.State.PAUSED;
            tunnel.resumeNanos = now + settings.retryPauseMillis() * 1_000_000L;
            tunnel.alive = false;
            reportPath(tunnel);
            return;
        }
        tunnel.sends++;
        tunnel.nextSendNanos = now + settings.handshakeResendMillis() * 1_000_000L;
        if (tunnel.state == PeerTunnel.State.SENDING_KE1) {
            for (InetSocketAddress target : tunnel.handshakeTargets()) {
                udp.send(tunnel.ke1, target);
            }
        } else {
            udp.send(tunnel.ke3, tunnel.endpoint);
        }
    }

    // ---- timer -------------------------------------------------------------------------------------------------

    private void tick() {
        long now = System.nanoTime();
        for (PeerTunnel tunnel : new ArrayList<>(byPeer.values())) {
            if (tunnel.predecessor != null) {
                checkPredecessor(tunnel, now);
            }
            switch (tunnel.state) {
                case SENDING_KE1:
                case SENDING_KE3:
                    resend(tunnel);
                    break;
                case PAUSED:
                    if (now - tunnel.resumeNanos >= 0) {
                        startInitiator(tunnel);
                    }
                    break;
                case UP:
                    checkUp(tunnel, now);
                    break;
                default:
                    break;
            }
        }
    }

    /** Drops a predecessor whose replacement took too long, and keeps its path open meanwhile. */
    private void checkPredecessor(PeerTunnel tunnel, long now) {
        PeerTunnel old = tunnel.predecessor;
        if (now - tunnel.predecessorUntilNanos >= 0) {
            dropPredecessor(tunnel, "new key exchange timed out");
            reportPath(tunnel);
            return;
        }
        if (tunnel.state != PeerTunnel.State.UP && old.endpoint != null
                && now - old.lastSentNanos >= settings.keepaliveMillis() * 1_000_000L) {
            sendSealed(old, NEXT_HEADER_NONE, EMPTY, 0, 0);
        }
    }

    private void checkUp(PeerTunnel tunnel, long now) {
        if (tunnel.alive && now - tunnel.lastReceivedNanos > settings.deadAfterMillis() * 1_000_000L) {
            tunnel.alive = false;
            LOG.info("Tunnel path dead: peer={} endpoint={} silentMs={}", tunnel.peerText, tunnel.endpoint,
                    (now - tunnel.lastReceivedNanos) / 1_000_000L);
            reportPath(tunnel);
            if (tunnel.initiator) {
                startInitiator(tunnel);
                return;
            }
        }
        if (now - tunnel.lastSentNanos >= settings.keepaliveMillis() * 1_000_000L && tunnel.endpoint != null) {
            sendSealed(tunnel, NEXT_HEADER_NONE, EMPTY, 0, 0);
        }
    }

    private void reportPath(PeerTunnel tunnel) {
        TunnelPath path = tunnel.path();
        if (path != tunnel.reportedPath) {
            tunnel.reportedPath = path;
            listener.pathChanged(tunnel.peerText, path);
        }
    }

    private static List<InetSocketAddress> parseEndpoints(JsonArray endpoints) {
        List<InetSocketAddress> candidates = new ArrayList<>();
        for (Object item : endpoints) {
            if (!(item instanceof JsonObject)) {
                continue;
            }
            JsonObject endpoint = (JsonObject) item;
            String host = endpoint.getString("host");
            Integer port = endpoint.getInteger("port");
            if (host == null || port == null || port < 1 || port > 65535) {
                continue;
            }
            try {
                // Only literal addresses: a host name here would mean a blocking lookup on the event loop.
                InetSocketAddress address = new InetSocketAddress(InetAddress.getByAddress(
                        intToBytes(Ipv4Packets.parse(host))), port);
                if (!candidates.contains(address)) {
                    candidates.add(address);
                }
            } catch (IllegalArgumentException | UnknownHostException e) {
                LOG.debug("Endpoint skipped: host={} error={}", host, e.getMessage());
            }
        }
        return candidates;
    }

    private static byte[] intToBytes(int address) {
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    /** Stops the timer; tunnels are forgotten. */
    @Override
    public void close() {
        vertx.cancelTimer(timerId);
        byPeer.clear();
        byInboundSpi.clear();
    }
}
