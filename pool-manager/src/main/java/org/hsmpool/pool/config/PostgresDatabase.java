package org.hsmpool.pool.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The PostgreSQL store's connections, from {@code hsmpool.pool.database.*}: a pool for the store,
 * and unpooled connections for the leader lease, which must hold its advisory lock on a session of
 * its own. The password comes from a file, never from the URL or a command line.
 */
final class PostgresDatabase {

    private PostgresDatabase() {
    }

    static boolean configured(PoolConfig config) {
        return config.database().url().filter(u -> !u.isBlank()).isPresent();
    }

    /** Unpooled: every {@code getConnection()} opens a session (the leader lease's lock connection). */
    static PGSimpleDataSource unpooled(PoolConfig config) {
        PoolConfig.Database db = config.database();
        String url = db.url().orElseThrow().strip();
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException("hsmpool.pool.database.url must be a jdbc:postgresql: URL");
        }
        if (url.toLowerCase(Locale.ROOT).contains("password=")) {
            // the URL is logged and shown by tools: no secret in it
            throw new IllegalStateException("hsmpool.pool.database.url must not carry a password; "
                    + "put it in the file hsmpool.pool.database.password-file");
        }
        var ds = new PGSimpleDataSource();
        ds.setUrl(url);
        db.user().ifPresent(ds::setUser);
        db.passwordFile().ifPresent(file -> ds.setPassword(read(file)));
        ds.setApplicationName("hsmpool pool-manager");
        ds.setOptions("-c idle_in_transaction_session_timeout=" + db.idleTransactionTimeout().toMillis());
        return ds;
    }

    /** The store's pool of connections. */
    static DataSource pooled(PoolConfig config) {
        var hikari = new HikariConfig();
        hikari.setDataSource(unpooled(config));
        hikari.setPoolName("pool-store");
        hikari.setMaximumPoolSize(config.database().poolSize());
        hikari.setMinimumIdle(1);
        // a database that does not answer makes a request fail (503) in seconds, not hang
        hikari.setConnectionTimeout(5_000);
        // no connection at start is not fatal to the pool itself: the store's open() fails clearly instead
        hikari.setInitializationFailTimeout(-1);
        return new HikariDataSource(hikari);
    }

    private static String read(Path file) {
        try {
            String password = Files.readString(file).strip();
            if (password.isEmpty()) {
                throw new IllegalStateException("the database password file " + file + " is empty");
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the database password file " + file, e);
        }
    }
}
