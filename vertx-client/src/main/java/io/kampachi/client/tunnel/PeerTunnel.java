package io.kampachi.client.tunnel;

import io.kampachi.common.crypto.DhGroup14;
import io.kampachi.common.crypto.DhKeyPair;
import io.kampachi.common.crypto.Nonces;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one tunnel to a peer. Owned by {@link TunnelManager} and touched only on its event loop.
 *
 * <p>The side with the smaller inbound SPI (compared unsigned) is the initiator of the key exchange.
 */
final class PeerTunnel {

    /** Stage of the key exchange. */
    enum State {
        /** The peer's public key has not arrived yet. */
        NEED_KEY,
        /** Responder: waiting for KE1, or for KE3 after sending KE2. */
        RESPONDER_WAITING,
        /** Initiator: sending KE1 until KE2 arrives. */
        SENDING_KE1,
        /** Initiator: keys derived, sending KE3 until the first encrypted message arrives. */
        SENDING_KE3,
        /** Initiator: an attempt failed; a new one starts after a pause. */
        PAUSED,
        /** Keys agreed; data flows. */
        UP
    }

    /** The responder's half of an exchange that has seen KE1 but not yet a valid KE3. */
    record ResponderExchange(byte[] ni, byte[] gi, Ephemeral mine, Buffer ke2) {
    }

    /** One side's fresh nonce and Diffie-Hellman key pair for one exchange. */
    record Ephemeral(byte[] nonce, DhKeyPair dh, byte[] publicValue) {

        static Ephemeral generate(SecureRandom random) {
            DhKeyPair dh = DhGroup14.generateKeyPair(random);
            return new Ephemeral(Nonces.generate(random), dh, dh.publicValue());
        }
    }

    final int peer;
    final String peerText;
    final int inboundSpi;
    final int outboundSpi;
    final boolean initiator;
    String nickname;
    List<InetSocketAddress> candidates = new ArrayList<>();
    RSAPublicKey peerKey;

    State state = State.NEED_KEY;
    /** Keys of the established exchange; may stay set while a new exchange runs. */
    TunnelCipher cipher;
    /** Keys of the exchange before, which still open datagrams until {@link #previousCipherUntilNanos}. */
    TunnelCipher previousCipher;
    long previousCipherUntilNanos;
    /** Ni of the exchange that produced {@link #cipher}, to recognise a repeated KE3. */
    byte[] establishedNi;
    /** Endpoint of the last authenticated message; null until the first one. */
    InetSocketAddress endpoint;
    boolean alive;
    /** Whether the server reported the peer offline (or lost) since its last {@code tunnel.open}. */
    boolean peerOffline;
    TunnelPath reportedPath = TunnelPath.DOWN;

    Ephemeral initiatorEphemeral;
    Buffer ke1;
    byte[] nr;
    Buffer ke3;
    int sends;
    long nextSendNanos;
    long resumeNanos;
    ResponderExchange responderExchange;
    /** When this responder last started an exchange for a new KE1, or 0. */
    long lastResponderExchangeNanos;

    /**
     * Tunnel with the peer's previous SPIs, which carries packets until this tunnel's key exchange is done, or
     * null. It stays registered under its inbound SPI but not under the peer.
     */
    PeerTunnel predecessor;
    /** When {@link #predecessor} is dropped even if this tunnel's key exchange has not finished. */
    long predecessorUntilNanos;
    /** Tunnel that replaces this one, set while this one is a {@link #predecessor}; null otherwise. */
    PeerTunnel replacement;

    long lastReceivedNanos;
    long lastSentNanos;
    long packetsIn;
    long packetsOut;
    long drops;
    int exchanges;

    PeerTunnel(int peer, String peerText, int inboundSpi, int outboundSpi) {
        this.peer = peer;
        this.peerText = peerText;
        this.inboundSpi = inboundSpi;
        this.outboundSpi = outboundSpi;
        this.initiator = Integer.compareUnsigned(inboundSpi, outboundSpi) < 0;
    }

    /** Returns the targets for handshake datagrams: the confirmed endpoint first, then every candidate. */
    List<InetSocketAddress> handshakeTargets() {
        List<InetSocketAddress> targets = new ArrayList<>();
        if (endpoint != null) {
            targets.add(endpoint);
        }
        for (InetSocketAddress candidate : candidates) {
            if (!targets.contains(candidate)) {
                targets.add(candidate);
            }
        }
        return targets;
    }

    /**
     * Returns the path to show and report: down while the server reports the peer offline, direct UDP while keys
     * exist and authenticated traffic arrives, else the path of the predecessor that still carries the packets.
     */
    TunnelPath path() {
        if (peerOffline) {
            return TunnelPath.DOWN;
        }
        if (cipher != null && alive) {
            return TunnelPath.DIRECT_UDP;
        }
        return predecessor != null ? predecessor.path() : TunnelPath.DOWN;
    }

    /** Returns the tunnel that packets to the peer go through: the predecessor until this tunnel is up. */
    PeerTunnel sender() {
        return predecessor != null && state != State.UP ? predecessor : this;
    }

    JsonObject describe() {
        InetSocketAddress shown = endpoint == null && predecessor != null ? predecessor.endpoint : endpoint;
        JsonObject description = new JsonObject()
                .put("peer", peerText)
                .put("path", path().wireName())
                .put("state", state.name().toLowerCase().replace('_', '-'))
                .put("role", initiator ? "initiator" : "responder")
                .put("endpoint", shown == null ? null : shown.getAddress().getHostAddress() + ":" + shown.getPort())
                .put("inboundSpi", Integer.toUnsignedLong(inboundSpi))
                .put("outboundSpi", Integer.toUnsignedLong(outboundSpi))
                .put("packetsIn", packetsIn)
                .put("packetsOut", packetsOut)
                .put("drops", drops)
                .put("keyExchanges", exchanges);
        if (predecessor != null) {
            description.put("previousInboundSpi", Integer.toUnsignedLong(predecessor.inboundSpi));
        }
        return description;
    }
}
