package io.kampachi.mediation.account;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.kampachi.mediation.cluster.MapNames;
import io.kampachi.mediation.cluster.SharedState;
import io.kampachi.mediation.config.AddressPool;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;

/**
 * Accounts in the persisted maps {@link MapNames#ACCOUNTS} and {@link MapNames#ACCOUNT_KEYS}.
 *
 * <p>Address allocation is cluster-safe without locks: a candidate address is taken by
 * {@code putIfAbsent} on the accounts map, which only one node can win. Candidates start at a
 * random offset of the pool and walk upwards, so concurrent registrations rarely collide.
 */
public final class HazelcastAccountRepository implements AccountRepository {

    /** Candidates tried per registration before the pool is reported full. */
    static final int MAX_CANDIDATES = 4096;

    private final SharedState state;
    private final AddressPool pool;
    private final SecureRandom random = new SecureRandom();

    public HazelcastAccountRepository(SharedState state, AddressPool pool) {
        this.state = state;
        this.pool = pool;
    }

    private IMap<String, HazelcastJsonValue> accounts() {
        return state.map(MapNames.ACCOUNTS);
    }

    private IMap<String, String> keys() {
        return state.map(MapNames.ACCOUNT_KEYS);
    }

    @Override
    public Future<Account> find(String address) {
        return state.blocking(() -> decode(accounts().get(address)));
    }

    @Override
    public Future<Map<String, Account>> findAll(Collection<String> addresses) {
        return state.blocking(() -> {
            Map<String, Account> result = new HashMap<>();
            accounts().getAll(new HashSet<>(addresses)).forEach((key, value) -> result.put(key, decode(value)));
            return result;
        });
    }

    @Override
    public Future<Account> register(byte[] publicKeyDer, String fingerprint) {
        String keyId = keyId(publicKeyDer);
        String publicKey = Base64.getEncoder().encodeToString(publicKeyDer);
        return state.blocking(() -> registerBlocking(keyId, publicKey, fingerprint));
    }

    private Account registerBlocking(String keyId, String publicKey, String fingerprint) {
        String known = keys().get(keyId);
        if (known != null) {
            Account existing = decode(accounts().get(known));
            if (existing != null) {
                return existing;
            }
        }
        Account created = allocate(keyId, publicKey, fingerprint);
        String winner = keys().putIfAbsent(keyId, created.address());
        if (winner != null && !winner.equals(created.address())) {
            // Another node registered the same key at the same moment: keep its account.
            accounts().delete(created.address());
            Account existing = decode(accounts().get(winner));
            if (existing != null) {
                return existing;
            }
            keys().set(keyId, created.address());
            accounts().set(created.address(), encode(created));
        }
        return created;
    }

    private Account allocate(String keyId, String publicKey, String fingerprint) {
        long size = pool.usableSize();
        long start = (random.nextLong() & Long.MAX_VALUE) % size;
        long candidates = Math.min(size, MAX_CANDIDATES);
        long now = System.currentTimeMillis();
        for (long i = 0; i < candidates; i++) {
            String address = AddressPool.formatAddress(pool.addressAt((start + i) % size));
            Account account = new Account(address, publicKey, keyId, fingerprint, "", now);
            if (accounts().putIfAbsent(address, encode(account)) == null) {
                return account;
            }
        }
        throw new AddressPoolExhaustedException("no free address among " + candidates + " candidates of " + pool);
    }

    @Override
    public Future<Account> setNickname(String address, String nickname) {
        return state.blocking(() -> {
            for (int attempt = 0; attempt < 16; attempt++) {
                HazelcastJsonValue current = accounts().get(address);
                if (current == null) {
                    throw new IllegalStateException("no account " + address);
                }
                Account updated = decode(current).withNickname(nickname);
                if (accounts().replace(address, current, encode(updated))) {
                    return updated;
                }
            }
            throw new IllegalStateException("account " + address + " kept changing while setting its nickname");
        });
    }

    /** Returns the hex SHA-256 of a public key's DER encoding. */
    static String keyId(byte[] publicKeyDer) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKeyDer));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static HazelcastJsonValue encode(Account account) {
        return new HazelcastJsonValue(account.toJson().encode());
    }

    private static Account decode(HazelcastJsonValue value) {
        return value == null ? null : Account.fromJson(new JsonObject(value.getValue()));
    }
}
