package io.kampachi.mediation.store;

import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The embedded H2 file database under the data directory that keeps accounts, networks and
 * memberships across restarts. Every table is a key-value table ({@code k} primary key, {@code v}
 * JSON or plain text) written by a {@link JdbcMapStore}.
 *
 * <p>All methods block. They run on the thread that starts the node, or on Hazelcast partition
 * threads through the map stores, never on a Vert.x event loop.
 *
 * <p>TODO: a cluster of several nodes needs one shared database (PostgreSQL) instead of a file per
 * node, because each node's map store only writes the partitions that node owns; add a JDBC URL
 * setting and a PostgreSQL driver when a second node is deployed.
 */
public final class Database implements AutoCloseable {

    /** Tables written through Hazelcast map stores, one per persisted map. */
    public static final List<String> TABLES = List.of(
            "accounts", "account_keys", "networks", "network_names", "memberships");

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final JdbcConnectionPool pool;
    private final Path file;

    private Database(JdbcConnectionPool pool, Path file) {
        this.pool = pool;
        this.file = file;
    }

    /**
     * Opens (creating if needed) the database {@code kampachi} in {@code dataDir} and its tables.
     *
     * @throws IOException if the directory cannot be created
     * @throws SQLException if the database cannot be opened, for example because another process holds it
     */
    public static Database open(Path dataDir) throws IOException, SQLException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("kampachi").toAbsolutePath();
        // DB_CLOSE_ON_EXIT=FALSE: the node closes the database itself after Hazelcast has stopped,
        // so H2's own shutdown hook must not close it first.
        String url = "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "kampachi", "");
        pool.setMaxConnections(8);
        Database database = new Database(pool, file);
        try {
            database.createTables();
        } catch (SQLException e) {
            pool.dispose();
            throw e;
        }
        LOG.info("database opened file={}.mv.db", file);
        return database;
    }

    private void createTables() throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + table
                        + " (k VARCHAR(255) PRIMARY KEY, v VARCHAR(1000000) NOT NULL)");
            }
        }
    }

    /** Borrows a pooled connection; the caller closes it. */
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** Path of the database file without H2's {@code .mv.db} suffix. */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        pool.dispose();
        LOG.info("database closed file={}.mv.db", file);
    }
}
