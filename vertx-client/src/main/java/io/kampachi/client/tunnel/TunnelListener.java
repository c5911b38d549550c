package io.kampachi.client.tunnel;

/** Callbacks from the tunnel layer to the daemon, made on the daemon's event loop. */
public interface TunnelListener {

    /** The tunnel to {@code peer} needs the peer's public key, which the daemon passes to
     * {@link TunnelManager#peerKey}. */
    void peerKeyNeeded(String peer);

    /** The tunnel to {@code peer} changed its path; the daemon reports it with {@code tunnel.status}. */
    void pathChanged(String peer, TunnelPath path);
}
