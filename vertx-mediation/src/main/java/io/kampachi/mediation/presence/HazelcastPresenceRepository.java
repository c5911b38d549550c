package io.kampachi.mediation.presence;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.kampachi.mediation.cluster.MapNames;
import io.kampachi.mediation.cluster.SharedState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Presence in the in-memory maps {@link MapNames#SESSIONS} and {@link MapNames#PROBE_TOKENS}.
 * Updates compare and swap on the whole record, so concurrent changes from several nodes never
 * overwrite each other.
 *
 * <p>TODO: records of a node that dies stay until their clients log in again elsewhere; a
 * Hazelcast membership listener should remove them and send {@code peer.lost} once clusters run
 * more than one node.
 */
public final class HazelcastPresenceRepository implements PresenceRepository {

    private static final int UPDATE_ATTEMPTS = 16;

    private final SharedState state;

    public HazelcastPresenceRepository(SharedState state) {
        this.state = state;
    }

    private IMap<String, HazelcastJsonValue> sessions() {
        return state.map(MapNames.SESSIONS);
    }

    private IMap<String, String> tokens() {
        return state.map(MapNames.PROBE_TOKENS);
    }

    @Override
    public Future<SessionRecord> put(SessionRecord record) {
        return state.blocking(() -> decode(sessions().put(record.address(), encode(record))));
    }

    @Override
    public Future<Boolean> remove(String address, String sessionId) {
        return state.blocking(() -> {
            for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
                HazelcastJsonValue current = sessions().get(address);
                if (current == null || !sessionId.equals(decode(current).sessionId())) {
                    return false;
                }
                if (sessions().remove(address, current)) {
                    return true;
                }
            }
            throw new IllegalStateException("session of " + address + " kept changing while removing it");
        });
    }

    @Override
    public Future<SessionRecord> find(String address) {
        return state.blocking(() -> decode(sessions().get(address)));
    }

    @Override
    public Future<Map<String, SessionRecord>> findAll(Collection<String> addresses) {
        return state.blocking(() -> {
            Map<String, SessionRecord> result = new HashMap<>();
            sessions().getAll(new HashSet<>(addresses)).forEach((key, value) -> result.put(key, decode(value)));
            return result;
        });
    }

    @Override
    public Future<SessionRecord> update(String address, String sessionId, UnaryOperator<SessionRecord> change) {
        return state.blocking(() -> {
            for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
                HazelcastJsonValue current = sessions().get(address);
                SessionRecord record = decode(current);
                if (record == null || !sessionId.equals(record.sessionId())) {
                    return null;
                }
                SessionRecord updated = change.apply(record);
                if (sessions().replace(address, current, encode(updated))) {
                    return updated;
                }
            }
            throw new IllegalStateException("session of " + address + " kept changing while updating it");
        });
    }

    @Override
    public Future<Void> bindProbeToken(String tokenHex, String address) {
        return state.blocking(() -> {
            tokens().set(tokenHex, address);
            return null;
        });
    }

    @Override
    public Future<Void> releaseProbeToken(String tokenHex) {
        return state.blocking(() -> {
            tokens().delete(tokenHex);
            return null;
        });
    }

    @Override
    public Future<String> probeTokenOwner(String tokenHex) {
        return state.blocking(() -> tokens().get(tokenHex));
    }

    private static HazelcastJsonValue encode(SessionRecord record) {
        return new HazelcastJsonValue(record.toJson().encode());
    }

    private static SessionRecord decode(HazelcastJsonValue value) {
        return value == null ? null : SessionRecord.fromJson(new JsonObject(value.getValue()));
    }
}
