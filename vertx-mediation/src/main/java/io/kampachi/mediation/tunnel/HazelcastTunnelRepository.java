package io.kampachi.mediation.tunnel;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.kampachi.mediation.cluster.MapNames;
import io.kampachi.mediation.cluster.SharedState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.util.List;

/**
 * Tunnels in {@link MapNames#TUNNELS} and inbound SPIs in {@link MapNames#SPIS}. An SPI is
 * claimed with {@code putIfAbsent} on {@code receiver/spi}, so no receiver ever holds the same
 * inbound SPI twice, whichever node drew it.
 */
public final class HazelcastTunnelRepository implements TunnelRepository {

    /** Draws per SPI; with 2^32 - 1 values a second draw is already rare. */
    private static final int SPI_ATTEMPTS = 16;
    private static final int UPDATE_ATTEMPTS = 16;

    private final SharedState state;
    private final SecureRandom random = new SecureRandom();

    public HazelcastTunnelRepository(SharedState state) {
        this.state = state;
    }

    private IMap<String, HazelcastJsonValue> tunnels() {
        return state.map(MapNames.TUNNELS);
    }

    private IMap<String, String> spis() {
        return state.map(MapNames.SPIS);
    }

    @Override
    public Future<TunnelRecord> open(String first, String second) {
        String key = TunnelRecord.pairKey(first, second);
        return state.blocking(() -> {
            TunnelRecord existing = decode(tunnels().get(key));
            if (existing != null) {
                return existing;
            }
            String a = TunnelRecord.isLower(first, second) ? first : second;
            String b = a.equals(first) ? second : first;
            long spiA = claimSpi(a, key);
            long spiB = claimSpi(b, key);
            TunnelRecord created = new TunnelRecord(a, b, spiA, spiB, null, null, System.currentTimeMillis());
            HazelcastJsonValue winner = tunnels().putIfAbsent(key, encode(created));
            if (winner != null) {
                // Another node opened the same pair at the same moment: its SPIs stand.
                spis().delete(spiKey(a, spiA));
                spis().delete(spiKey(b, spiB));
                return decode(winner);
            }
            return created;
        });
    }

    private long claimSpi(String receiver, String pairKey) {
        for (int attempt = 0; attempt < SPI_ATTEMPTS; attempt++) {
            long spi = random.nextInt() & 0xFFFFFFFFL;
            if (spi != 0 && spis().putIfAbsent(spiKey(receiver, spi), pairKey) == null) {
                return spi;
            }
        }
        throw new IllegalStateException("no free inbound SPI for " + receiver + " after " + SPI_ATTEMPTS + " draws");
    }

    private static String spiKey(String receiver, long spi) {
        return receiver + "/" + spi;
    }

    @Override
    public Future<TunnelRecord> find(String first, String second) {
        return state.blocking(() -> decode(tunnels().get(TunnelRecord.pairKey(first, second))));
    }

    @Override
    public Future<List<TunnelRecord>> tunnelsOf(String address) {
        return state.blocking(() -> tunnels()
                .values(Predicates.or(Predicates.like("__key", address + "|%"),
                        Predicates.like("__key", "%|" + address)))
                .stream()
                .map(HazelcastTunnelRepository::decode)
                .toList());
    }

    @Override
    public Future<TunnelRecord> close(String first, String second) {
        return state.blocking(() -> {
            TunnelRecord removed = decode(tunnels().remove(TunnelRecord.pairKey(first, second)));
            if (removed != null) {
                spis().delete(spiKey(removed.a(), removed.spiA()));
                spis().delete(spiKey(removed.b(), removed.spiB()));
            }
            return removed;
        });
    }

    @Override
    public Future<TunnelRecord> reportPath(String reporter, String peer, String path) {
        String key = TunnelRecord.pairKey(reporter, peer);
        return state.blocking(() -> {
            for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
                HazelcastJsonValue current = tunnels().get(key);
                if (current == null) {
                    return null;
                }
                TunnelRecord updated = decode(current).withPath(reporter, path);
                if (tunnels().replace(key, current, encode(updated))) {
                    return updated;
                }
            }
            throw new IllegalStateException("tunnel " + key + " kept changing while recording its path");
        });
    }

    private static HazelcastJsonValue encode(TunnelRecord record) {
        return new HazelcastJsonValue(record.toJson().encode());
    }

    private static TunnelRecord decode(HazelcastJsonValue value) {
        return value == null ? null : TunnelRecord.fromJson(new JsonObject(value.getValue()));
    }
}
