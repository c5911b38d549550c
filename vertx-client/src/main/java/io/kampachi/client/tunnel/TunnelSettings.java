package io.kampachi.client.tunnel;

/**
 * Timing of the peer tunnels, in milliseconds.
 *
 * @param tickMillis how often the tunnel timer runs
 * @param handshakeResendMillis interval at which the initiator re-sends KE1 and KE3 (the key exchange's N)
 * @param handshakeMaxSends sends of one handshake message before the attempt is given up
 * @param retryPauseMillis pause after a failed attempt before the initiator starts a new one
 * @param keepaliveMillis idle time after which a tunnel sends an encrypted keep-alive. It stays below 10 s so
 *     that a NAT which drops idle UDP mappings after 15 s keeps the tunnel's mapping
 * @param deadAfterMillis silence after which a path counts as dead and the key exchange runs again
 */
public record TunnelSettings(long tickMillis, long handshakeResendMillis, int handshakeMaxSends,
        long retryPauseMillis, long keepaliveMillis, long deadAfterMillis) {

    /** Defaults for real networks. */
    public static final TunnelSettings DEFAULTS = new TunnelSettings(100, 500, 20, 3000, 5000, 16000);
}
