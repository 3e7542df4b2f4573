package org.hsmpool.pool.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.hsmpool.pool.config.PoolConfig;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The accepted bearer tokens, read from {@code hsmpool.pool.auth.token-file} and read again when
 * the file changes (size, modification time or inode; looked at no more often than every
 * {@link #CHECK_INTERVAL}, so that requests do not each cost a file access). Without a configured or
 * readable file no token is accepted: every request is refused rather than let through. Read at
 * start, so that a missing or malformed file is reported then and not at the first request.
 */
@Startup
@ApplicationScoped
public class TokenFile {
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(TokenFile.class);
    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    /** What identifies one content of the file without reading it. */
    private record Stamp(long size, long modifiedNanos, Object fileKey) {
    }

    private final Path path;
    private final long intervalNanos;
    private volatile BearerTokens tokens = BearerTokens.none();
    private volatile Stamp stamp;
    private volatile long lastCheck;
    private volatile boolean checkedOnce;
    private volatile boolean unavailableReported;

    @Inject
    public TokenFile(PoolConfig config) {
        this(config.auth().tokenFile(), CHECK_INTERVAL);
    }

    TokenFile(Optional<Path> path, Duration checkInterval) {
        this.path = path.orElse(null);
        this.intervalNanos = checkInterval.toNanos();
        if (this.path == null) {
            LOG.warn("no hsmpool.pool.auth.token-file is configured: every request will be refused with 401");
        }
        refreshIfDue();
    }

    /** The principal that owns {@code token}, if the current file lists it. */
    public Optional<Principal> authenticate(String token) {
        refreshIfDue();
        return tokens.authenticate(token);
    }

    /** How many tokens the current file accepts. */
    public int size() {
        refreshIfDue();
        return tokens.size();
    }

    private void refreshIfDue() {
        if (path == null) {
            return;
        }
        long now = System.nanoTime();
        if (checkedOnce && now - lastCheck < intervalNanos) {
            return;
        }
        synchronized (this) {
            if (checkedOnce && now - lastCheck < intervalNanos) {
                return;
            }
            lastCheck = now;
            checkedOnce = true;
            reloadIfChanged();
        }
    }

    private void reloadIfChanged() {
        Stamp current;
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            Instant modified = attributes.lastModifiedTime().toInstant();
            current = new Stamp(attributes.size(), modified.getEpochSecond() * 1_000_000_000L + modified.getNano(),
                    attributes.fileKey());
        } catch (NoSuchFileException e) {
            unavailable("does not exist");
            return;
        } catch (IOException e) {
            unavailable("cannot be read (" + e.getClass().getSimpleName() + ")");
            return;
        }
        if (current.equals(stamp)) {
            return;
        }
        BearerTokens read;
        try {
            read = BearerTokens.parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            unavailable("cannot be read (" + e.getClass().getSimpleName() + ")");
            return;
        }
        for (String problem : read.problems()) {
            LOG.warnf("token file %s, %s", path, problem);
        }
        warnIfOthersMayAccess();
        tokens = read;
        stamp = current;
        unavailableReported = false;
        LOG.infof("accepting %d bearer token(s) from %s", read.size(), path);
    }

    /** No tokens until the file is back; said once per outage, not once per check. */
    private void unavailable(String why) {
        if (!unavailableReported) {
            LOG.warnf("the token file %s %s: every request will be refused with 401 until it can be read", path, why);
            unavailableReported = true;
        }
        tokens = BearerTokens.none();
        stamp = null;
    }

    private void warnIfOthersMayAccess() {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.stream().anyMatch(OTHERS::contains)) {
                LOG.warnf("the token file %s may be read or written by other users: chmod 600 it", path);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
    }
}
