package io.kampachi.mediation.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.MapStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes one Hazelcast map through to one key-value table of the {@link Database} and loads it
 * back on start. The map is configured with a write delay of 0, so a put returns only after the
 * row is committed, and every change a client got a reply for survives a restart.
 *
 * <p>Hazelcast calls these methods on its partition threads. A failure is rethrown as
 * {@link StoreException}, which fails the map operation that caused it.
 *
 * @param <V> value type in the map, converted to and from the text in column {@code v}
 */
public final class JdbcMapStore<V> implements MapStore<String, V> {

    private final Database database;
    private final String table;
    private final Function<V, String> encoder;
    private final Function<String, V> decoder;

    private JdbcMapStore(Database database, String table, Function<V, String> encoder,
            Function<String, V> decoder) {
        if (!Database.TABLES.contains(table)) {
            throw new IllegalArgumentException("unknown table " + table + " (expected one of " + Database.TABLES + ")");
        }
        this.database = database;
        this.table = table;
        this.encoder = encoder;
        this.decoder = decoder;
    }

    /** Creates a store for a map whose values are JSON documents. */
    public static JdbcMapStore<HazelcastJsonValue> json(Database database, String table) {
        return new JdbcMapStore<>(database, table, HazelcastJsonValue::getValue, HazelcastJsonValue::new);
    }

    /** Creates a store for a map whose values are plain strings. */
    public static JdbcMapStore<String> strings(Database database, String table) {
        return new JdbcMapStore<>(database, table, Function.identity(), Function.identity());
    }

    @Override
    public void store(String key, V value) {
        try (Connection connection = database.connection();
                PreparedStatement merge = connection.prepareStatement(
                        "MERGE INTO " + table + " (k, v) KEY (k) VALUES (?, ?)")) {
            merge.setString(1, key);
            merge.setString(2, encoder.apply(value));
            merge.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("store into " + table + " failed", e);
        }
    }

    @Override
    public void storeAll(Map<String, V> entries) {
        try (Connection connection = database.connection();
                PreparedStatement merge = connection.prepareStatement(
                        "MERGE INTO " + table + " (k, v) KEY (k) VALUES (?, ?)")) {
            connection.setAutoCommit(false);
            for (Map.Entry<String, V> entry : entries.entrySet()) {
                merge.setString(1, entry.getKey());
                merge.setString(2, encoder.apply(entry.getValue()));
                merge.addBatch();
            }
            merge.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            throw new StoreException("batch store into " + table + " failed", e);
        }
    }

    @Override
    public void delete(String key) {
        try (Connection connection = database.connection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE k = ?")) {
            delete.setString(1, key);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("delete from " + table + " failed", e);
        }
    }

    @Override
    public void deleteAll(Collection<String> keys) {
        try (Connection connection = database.connection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE k = ?")) {
            connection.setAutoCommit(false);
            for (String key : keys) {
                delete.setString(1, key);
                delete.addBatch();
            }
            delete.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            throw new StoreException("batch delete from " + table + " failed", e);
        }
    }

    @Override
    public V load(String key) {
        try (Connection connection = database.connection();
                PreparedStatement select = connection.prepareStatement("SELECT v FROM " + table + " WHERE k = ?")) {
            select.setString(1, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? decoder.apply(rows.getString(1)) : null;
            }
        } catch (SQLException e) {
            throw new StoreException("load from " + table + " failed", e);
        }
    }

    @Override
    public Map<String, V> loadAll(Collection<String> keys) {
        Map<String, V> result = new HashMap<>();
        for (String key : keys) {
            V value = load(key);
            if (value != null) {
                result.put(key, value);
            }
        }
        return result;
    }

    @Override
    public Iterable<String> loadAllKeys() {
        try (Connection connection = database.connection();
                PreparedStatement select = connection.prepareStatement("SELECT k FROM " + table);
                ResultSet rows = select.executeQuery()) {
            List<String> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
            return keys;
        } catch (SQLException e) {
            throw new StoreException("listing keys of " + table + " failed", e);
        }
    }
}
