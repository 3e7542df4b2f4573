package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Keeps a {@link CachingPoolStore} coherent with the writes of other managers on the same PostgreSQL
 * database. On a session of its own it LISTENs to {@link StoreChange#CHANNEL}: a notification
 * (group and version) makes the cache forget that group at once. Notifications are only hints (they
 * have no replay and a broken session loses them), so every {@code check} it also reads
 * {@code store_changes.version}: a version that moved further than the notifications explain makes
 * the cache forget everything. The cache trusts what it keeps only until {@code check + slack} after
 * the start of the last version read that succeeded; when the session breaks or the server is slow it
 * reads through to the store, and after reconnecting it starts empty. So a change through another
 * manager is seen within that bound whatever happens to the notifications.
 */
public final class ChangeFeed implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);

    private final DataSource sessions;
    private final CachingPoolStore cache;
    private final Duration check;
    private final Duration trust;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection session;

    private ChangeFeed(DataSource sessions, CachingPoolStore cache, Duration check, Duration trust) {
        this.sessions = sessions;
        this.cache = cache;
        this.check = check;
        this.trust = trust;
        this.thread = new Thread(this::run, "store-change-feed");
        thread.setDaemon(true);
    }

    /**
     * Start following the changes for {@code cache}, on sessions from {@code sessions} (unpooled: the
     * LISTEN belongs to the session). A version read every {@code check}; what the cache keeps is
     * trusted for {@code trust} after the start of the last one that succeeded.
     */
    public static ChangeFeed start(DataSource sessions, CachingPoolStore cache, Duration check, Duration trust) {
        ChangeFeed feed = new ChangeFeed(sessions, cache, check, trust);
        feed.thread.start();
        return feed;
    }

    private void run() {
        while (!closed) {
            try (Connection c = sessions.getConnection()) {
                session = c;
                follow(c);
            } catch (SQLException | RuntimeException e) {
                cache.distrust();
                if (!closed) {
                    LOG.warnf("store change feed: %s; reading through to the store until it is back", e.getMessage());
                    sleep(check.multipliedBy(2));
                }
            } finally {
                session = null;
            }
        }
    }

    private void follow(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (var listen = c.createStatement()) {
            listen.execute("LISTEN " + StoreChange.CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        String schema = Rows.first(c, "SELECT current_schema()", row -> row.getString(1)).orElse("");
        // after (re)connecting, anything may have changed: start empty from the version read now
        long started = System.nanoTime();
        long seen = version(c);
        cache.forgetAll();
        cache.trustUntil(started + trust.toNanos());
        TreeSet<Long> announced = new TreeSet<>();
        while (!closed) {
            take(pg.getNotifications((int) check.toMillis()), schema, announced);
            started = System.nanoTime();
            long now = version(c);
            take(pg.getNotifications(), schema, announced); // those that came in with the answer
            for (long v = seen + 1; v <= now; v++) {
                if (!announced.remove(v)) { // a change whose notification this session did not get
                    cache.forgetAll();
                    break;
                }
            }
            seen = Math.max(seen, now);
            announced.headSet(seen, true).clear(); // late notifications of versions already read
            cache.trustUntil(started + trust.toNanos());
        }
    }

    private void take(PGNotification[] notes, String schema, TreeSet<Long> announced) {
        if (notes != null) {
            for (PGNotification note : notes) {
                apply(note.getParameter(), schema).ifPresent(announced::add);
            }
        }
    }

    /**
     * Forget the group a notification ({@code <schema>:<group>:<version>}) names, if it is about this
     * store; its version. A group this code does not know (a newer manager) makes it forget everything.
     */
    private java.util.OptionalLong apply(String payload, String schema) {
        int last = payload == null ? -1 : payload.lastIndexOf(':');
        int group = last <= 0 ? -1 : payload.lastIndexOf(':', last - 1);
        if (group < 0 || !payload.substring(0, group).equals(schema)) {
            return java.util.OptionalLong.empty(); // another store in the same database
        }
        try {
            cache.forget(StoreChange.valueOf(payload.substring(group + 1, last)));
        } catch (IllegalArgumentException unknown) {
            cache.forgetAll();
        }
        try {
            return java.util.OptionalLong.of(Long.parseLong(payload.substring(last + 1)));
        } catch (NumberFormatException e) {
            return java.util.OptionalLong.empty(); // the version check catches what this hid
        }
    }

    private long version(Connection c) throws SQLException {
        try (var s = c.prepareStatement("SELECT version FROM store_changes WHERE id = 1")) {
            s.setQueryTimeout((int) Math.max(1, trust.toSeconds()));
            try (var row = s.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("store_changes has no row");
                }
                return row.getLong(1);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = session;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
    }
}
