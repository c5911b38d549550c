package io.kampachi.mediation.presence;

import io.vertx.core.Future;

import java.util.Collection;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Cluster-wide record of which clients are online and where. Every method completes on the caller's context. */
public interface PresenceRepository {

    /** Stores the record and returns the one it replaced (another session of the same account), or {@code null}. */
    Future<SessionRecord> put(SessionRecord record);

    /** Removes the record if it still belongs to {@code sessionId}; completes with whether it did. */
    Future<Boolean> remove(String address, String sessionId);

    /** Returns the online record, or {@code null}. */
    Future<SessionRecord> find(String address);

    /** Returns the records of those among {@code addresses} that are online. */
    Future<Map<String, SessionRecord>> findAll(Collection<String> addresses);

    /**
     * Applies {@code change} if the record still belongs to {@code sessionId}; returns the new
     * record, or {@code null} if the session is gone.
     */
    Future<SessionRecord> update(String address, String sessionId, UnaryOperator<SessionRecord> change);

    /** Binds a probe token (hex) to a Kampachi address until {@link #releaseProbeToken}. */
    Future<Void> bindProbeToken(String tokenHex, String address);

    Future<Void> releaseProbeToken(String tokenHex);

    /** Returns the address bound to a probe token, or {@code null}. */
    Future<String> probeTokenOwner(String tokenHex);
}
