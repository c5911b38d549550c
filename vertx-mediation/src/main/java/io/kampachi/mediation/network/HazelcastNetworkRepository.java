package io.kampachi.mediation.network;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import io.kampachi.common.wire.ErrorCode;
import io.kampachi.mediation.cluster.MapNames;
import io.kampachi.mediation.cluster.SharedState;
import io.kampachi.mediation.control.ControlException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/**
 * Networks and memberships in the persisted maps {@link MapNames#NETWORKS},
 * {@link MapNames#NETWORK_NAMES} and {@link MapNames#MEMBERSHIPS}. Uniqueness of ids and names
 * rests on {@code putIfAbsent}, which one node wins.
 *
 * <p>Membership lookups query the keys ({@code networkId/address}) of the memberships map, which
 * scans every loaded entry. NOTE: that is fine for thousands of memberships; an index on the
 * JSON members {@code networkId} and {@code address} is the step after.
 */
public final class HazelcastNetworkRepository implements NetworkRepository {

    private static final int ID_ATTEMPTS = 8;
    private static final int UPDATE_ATTEMPTS = 16;

    private final SharedState state;

    public HazelcastNetworkRepository(SharedState state) {
        this.state = state;
    }

    private IMap<String, HazelcastJsonValue> networks() {
        return state.map(MapNames.NETWORKS);
    }

    private IMap<String, String> names() {
        return state.map(MapNames.NETWORK_NAMES);
    }

    private IMap<String, HazelcastJsonValue> memberships() {
        return state.map(MapNames.MEMBERSHIPS);
    }

    static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public Future<Network> create(String name, String owner, String passwordHash) {
        return state.blocking(() -> {
            if (names().containsKey(nameKey(name))) {
                throw new ControlException(ErrorCode.NAME_TAKEN, "a network named \"" + name + "\" exists");
            }
            long now = System.currentTimeMillis();
            Network network = null;
            for (int attempt = 0; attempt < ID_ATTEMPTS && network == null; attempt++) {
                Network candidate = new Network(NetworkIds.random(), name, owner, passwordHash, now);
                if (networks().putIfAbsent(Long.toString(candidate.id()), json(candidate.toJson())) == null) {
                    network = candidate;
                }
            }
            if (network == null) {
                throw new IllegalStateException("no free network id after " + ID_ATTEMPTS + " attempts");
            }
            if (names().putIfAbsent(nameKey(name), Long.toString(network.id())) != null) {
                networks().delete(Long.toString(network.id()));
                throw new ControlException(ErrorCode.NAME_TAKEN, "a network named \"" + name + "\" exists");
            }
            Membership ownership = new Membership(network.id(), owner, Membership.OWNER, true, now);
            memberships().set(ownership.key(), json(ownership.toJson()));
            return network;
        });
    }

    @Override
    public Future<Network> find(long networkId) {
        return state.blocking(() -> network(networks().get(Long.toString(networkId))));
    }

    @Override
    public Future<Network> findByName(String name) {
        return state.blocking(() -> {
            String id = names().get(nameKey(name));
            return id == null ? null : network(networks().get(id));
        });
    }

    @Override
    public Future<List<Membership>> members(long networkId) {
        return query(Predicates.like("__key", networkId + "/%"));
    }

    @Override
    public Future<List<Membership>> membershipsOf(String address) {
        return query(Predicates.like("__key", "%/" + address));
    }

    private Future<List<Membership>> query(Predicate<String, HazelcastJsonValue> predicate) {
        return state.blocking(() -> memberships().values(predicate).stream()
                .map(value -> Membership.fromJson(new JsonObject(value.getValue())))
                .toList());
    }

    @Override
    public Future<Boolean> addMember(Membership membership) {
        return state.blocking(() -> memberships().putIfAbsent(membership.key(), json(membership.toJson())) == null);
    }

    @Override
    public Future<Boolean> removeMember(long networkId, String address) {
        return state.blocking(() -> memberships().remove(Membership.key(networkId, address)) != null);
    }

    @Override
    public Future<Membership> setOnline(long networkId, String address, boolean online) {
        String key = Membership.key(networkId, address);
        return state.blocking(() -> {
            for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
                HazelcastJsonValue current = memberships().get(key);
                if (current == null) {
                    return null;
                }
                Membership updated = Membership.fromJson(new JsonObject(current.getValue())).withOnline(online);
                if (memberships().replace(key, current, json(updated.toJson()))) {
                    return updated;
                }
            }
            throw new IllegalStateException("membership " + key + " kept changing while setting its online flag");
        });
    }

    @Override
    public Future<List<Membership>> delete(long networkId) {
        return state.blocking(() -> {
            HazelcastJsonValue removed = networks().remove(Long.toString(networkId));
            if (removed != null) {
                names().remove(nameKey(network(removed).name()), Long.toString(networkId));
            }
            List<Membership> former = memberships().values(Predicates.like("__key", networkId + "/%")).stream()
                    .map(value -> Membership.fromJson(new JsonObject(value.getValue())))
                    .toList();
            for (Membership membership : former) {
                memberships().delete(membership.key());
            }
            return former;
        });
    }

    private static HazelcastJsonValue json(JsonObject object) {
        return new HazelcastJsonValue(object.encode());
    }

    private static Network network(HazelcastJsonValue value) {
        return value == null ? null : Network.fromJson(new JsonObject(value.getValue()));
    }
}
