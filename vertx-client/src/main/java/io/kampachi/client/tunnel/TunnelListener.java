package io.kampachi.client.tunnel;

/** What the tunnel layer asks of the daemon. Called on the daemon's event loop. */
public interface TunnelListener {

    /** The tunnel to {@code peer} needs the peer's public key; answer with {@link TunnelManager#peerKey}. */
    void peerKeyNeeded(String peer);

    /** The tunnel to {@code peer} changed its path; the daemon reports it with {@code tunnel.status}. */
    void pathChanged(String peer, TunnelPath path);
}
