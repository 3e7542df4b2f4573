package org.hsmpool.node.token;

import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_RW_SESSION;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_SERIAL_SESSION;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKU_USER;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import sun.security.pkcs11.wrapper.CK_SESSION_INFO;
import sun.security.pkcs11.wrapper.PKCS11;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * Read-write user sessions on one slot. A borrower waits at most {@code borrowTimeout} for a free
 * session. Every borrowed session is validated with C_GetSessionInfo; a dead one is evicted and a
 * fresh one opened. When a session is found logged out (after a token or library reset) the pool
 * logs in again with the PIN it keeps. Failed logins are counted and capped: SoftHSM2 never locks
 * a PIN, so the node does, and a node whose PIN was refused {@code maxLoginAttempts} times stops
 * trying until it is restarted with a new configuration.
 */
final class SessionPool implements AutoCloseable {
    /** CKS_RW_USER_FUNCTIONS: a read-write session of a logged-in user. */
    private static final long RW_USER_FUNCTIONS = 3;

    private final PKCS11 p11;
    private final long slot;
    private final char[] pin;
    private final int max;
    private final Duration borrowTimeout;
    private final int maxLoginAttempts;
    private final Semaphore permits;
    private final LinkedBlockingDeque<Long> idle = new LinkedBlockingDeque<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Object loginLock = new Object();
    private int failedLogins;
    private volatile boolean closed;

    SessionPool(PKCS11 p11, long slot, TokenConfig config) {
        this.p11 = p11;
        this.slot = slot;
        this.pin = config.userPin().clone();
        this.max = config.maxSessions();
        this.borrowTimeout = config.borrowTimeout();
        this.maxLoginAttempts = config.maxLoginAttempts();
        this.permits = new Semaphore(max, true);
    }

    long borrow() {
        if (closed) {
            throw new TokenException(TokenException.Kind.UNAVAILABLE, "token is closed");
        }
        try {
            if (!permits.tryAcquire(borrowTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TokenException(TokenException.Kind.UNAVAILABLE,
                        "no token session became free within " + borrowTimeout.toMillis() + " ms (" + max
                                + " sessions, all busy)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException(TokenException.Kind.UNAVAILABLE, "interrupted while waiting for a session");
        }
        try {
            Long session;
            while ((session = idle.pollFirst()) != null) {
                if (usable(session)) {
                    return session;
                }
                closeQuietly(session);
            }
            return openLoggedIn();
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    void release(long session) {
        if (closed) {
            closeQuietly(session);
        } else {
            idle.offerFirst(session);
        }
        permits.release();
    }

    /** Give back a session that must not be used again. */
    void evict(long session) {
        closeQuietly(session);
        permits.release();
    }

    /** Drop all idle sessions, e.g. after the token reported that it was removed. */
    void evictIdle() {
        Long session;
        while ((session = idle.pollFirst()) != null) {
            closeQuietly(session);
        }
    }

    SessionStats stats() {
        return new SessionStats(open.get(), idle.size(), max);
    }

    private boolean usable(long session) {
        try {
            CK_SESSION_INFO info = p11.C_GetSessionInfo(session);
            if (info.state != RW_USER_FUNCTIONS) {
                login(session);
            }
            return true;
        } catch (PKCS11Exception e) {
            return false;
        }
    }

    private long openLoggedIn() {
        long session;
        try {
            session = p11.C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, null, null);
        } catch (PKCS11Exception e) {
            throw new TokenException(Ckr.kindOf(e.getErrorCode()) == TokenException.Kind.TOKEN
                    ? TokenException.Kind.UNAVAILABLE : Ckr.kindOf(e.getErrorCode()),
                    "cannot open a session on slot " + slot, Ckr.name(e.getErrorCode()), null);
        }
        open.incrementAndGet();
        try {
            CK_SESSION_INFO info = p11.C_GetSessionInfo(session);
            if (info.state != RW_USER_FUNCTIONS) {
                login(session);
            }
            return session;
        } catch (PKCS11Exception e) {
            closeQuietly(session);
            throw new TokenException(TokenException.Kind.UNAVAILABLE, "new session is not usable",
                    Ckr.name(e.getErrorCode()), null);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private void login(long session) throws PKCS11Exception {
        synchronized (loginLock) {
            if (failedLogins >= maxLoginAttempts) {
                throw new TokenException(TokenException.Kind.LOGIN_FAILED, "login refused " + failedLogins
                        + " times; the node makes no further attempts until it is restarted with a correct PIN");
            }
            try {
                p11.C_Login(session, CKU_USER, pin);
                failedLogins = 0;
            } catch (PKCS11Exception e) {
                if (e.getErrorCode() == Ckr.USER_ALREADY_LOGGED_IN) {
                    return;
                }
                TokenException.Kind kind = Ckr.kindOf(e.getErrorCode());
                if (kind == TokenException.Kind.LOGIN_FAILED) {
                    failedLogins++;
                    throw new TokenException(kind, "the token refused the user PIN (attempt " + failedLogins
                            + " of " + maxLoginAttempts + ")", Ckr.name(e.getErrorCode()), null);
                }
                throw e;
            }
        }
    }

    private void closeQuietly(long session) {
        try {
            p11.C_CloseSession(session);
        } catch (PKCS11Exception e) {
            // the session is already gone (that is why it is being closed)
        }
        open.decrementAndGet();
    }

    @Override
    public void close() {
        closed = true;
        evictIdle();
        Arrays.fill(pin, '\0');
    }
}
