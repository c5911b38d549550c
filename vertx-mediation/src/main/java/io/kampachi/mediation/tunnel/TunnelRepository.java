package io.kampachi.mediation.tunnel;

import io.vertx.core.Future;

import java.util.List;

/** Cluster-wide record of brokered tunnels and their SPIs. Every method completes on the caller's context. */
public interface TunnelRepository {

    /**
     * Returns the tunnel between two clients, creating it with two fresh SPIs if there is none.
     * An SPI is never 0 and never equal to another inbound SPI of the same receiver.
     */
    Future<TunnelRecord> open(String first, String second);

    /** Returns the tunnel between two clients, or {@code null}. */
    Future<TunnelRecord> find(String first, String second);

    /** Returns every tunnel with {@code address} at one end. */
    Future<List<TunnelRecord>> tunnelsOf(String address);

    /** Removes the tunnel and frees its SPIs; returns the removed record, or {@code null}. */
    Future<TunnelRecord> close(String first, String second);

    /** Records the path {@code reporter} uses to reach {@code peer}; returns the record, or {@code null}. */
    Future<TunnelRecord> reportPath(String reporter, String peer, String path);
}
