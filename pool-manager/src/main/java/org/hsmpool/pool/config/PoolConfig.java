package org.hsmpool.pool.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Pool-manager configuration. Nodes come from provisioning: {@code hsmpool.pool.nodes.<name>=host:port}.
 */
@ConfigMapping(prefix = "hsmpool.pool")
public interface PoolConfig {

    /** A human name for the pool. */
    @WithDefault("hsmpool")
    String name();

    /** Address the HTTPS front end binds to. */
    @WithDefault("127.0.0.1")
    String host();

    /** Port of the HTTPS front end. */
    @WithDefault("8443")
    int port();

    /**
     * Address of the management interface (plain HTTP: {@code /q/metrics}, {@code /q/openapi}); loopback
     * by default, so that only this host reaches it. Health stays on the front end for probes.
     */
    @WithDefault("127.0.0.1")
    String managementHost();

    /** Port of the management interface; 0 picks a free one (logged at start). */
    @WithDefault("0")
    int managementPort();

    /** The tenant named in the 401 challenge's authorization URI (the Azure SDK requires one). */
    @WithDefault("hsmpool")
    String tenant();

    /** The SQLite file of the embedded store (unused when {@link #database()} names a PostgreSQL server). */
    @WithDefault("pool.db")
    Path store();

    /** A PostgreSQL store instead of the SQLite file, for several managers (docs/store.md, "PostgreSQL"). */
    Database database();

    /** The leader lease of the background work (docs/store.md, "Leader lease"). */
    Leader leader();

    /** The nodes of the pool: name to host:port. */
    Map<String, String> nodes();

    /**
     * Days a deleted key stays recoverable before the pool purges it, 7 to 90 as on Azure Managed
     * HSM. Applies to keys deleted from then on.
     */
    @WithDefault("90")
    int softDeleteRetentionDays();

    Tls tls();

    Limits limits();

    Rotation rotation();

    Audit audit();

    Timing timing();

    Auth auth();

    interface Tls {
        /** PEM certificate chain of the manager (pool CA), used towards the nodes and for HTTPS. */
        Path certificate();

        /** PEM PKCS#8 private key of the manager (0600). */
        Path key();

        /** PEM certificates of the pool CA (two during a CA rollover). */
        Path ca();

        /**
         * How often the three files are read again: new, valid material (a rotated certificate)
         * is used for new connections from then on, without a restart; 0 turns reloading off.
         */
        @WithDefault("10s")
        Duration reloadPeriod();

        /**
         * PEM certificate chain for HTTPS only, for example from a CA the applications already trust;
         * with {@link #httpsKey()}. Unset: the front end serves {@link #certificate()}. Reloaded like it.
         */
        Optional<Path> httpsCertificate();

        /** PEM PKCS#8 private key of {@link #httpsCertificate()} (0600). */
        Optional<Path> httpsKey();

        /**
         * The TLS implementation of the HTTPS front end and of the channels to the nodes: {@code auto}
         * (BoringSSL through netty-tcnative where its native library loads, else the JDK's),
         * {@code openssl} or {@code jdk}.
         */
        @WithDefault("auto")
        String engine();
    }

    interface Database {
        /**
         * JDBC URL of the PostgreSQL database, {@code jdbc:postgresql://host:5432/hsmpool}; unset: the
         * SQLite file. A password in it is refused: it goes in {@link #passwordFile()}.
         */
        Optional<String> url();

        /** The database user. */
        Optional<String> user();

        /** A file (0600) holding the user's password, read at start; never logged. */
        Optional<Path> passwordFile();

        /** Connections of this manager's pool to the database (the leader lease has one more of its own). */
        @WithDefault("8")
        int poolSize();

        /**
         * How long a transaction may sit idle before the server ends it. The store's transactions hold
         * no connection across a node call, so only a paused or partitioned manager reaches it; it then
         * stops holding the row locks every other manager's writes wait for.
         */
        @WithDefault("10s")
        Duration idleTransactionTimeout();
    }

    interface Leader {
        /**
         * How long a leader that stops renewing keeps the lease: PostgreSQL ends its lock session after
         * this much silence, and another manager takes over. Renewed every quarter of it.
         */
        @WithDefault("10s")
        Duration lease();
    }

    interface Timing {
        /** Deadline of a cryptographic call on one node. */
        @WithDefault("5s")
        Duration nodeDeadline();

        /**
         * How long a call that may run on two nodes at once (cryptographic operations, random bytes)
         * waits for its first node before a second one gets it too; the first answer wins. Well above
         * a token's slowest operation under load, well below what a client may wait for a hung node.
         */
        @WithDefault("300ms")
        Duration hedgeAfter();

        /** Deadline of a key generation on one node (RSA-4096 takes seconds on SoftHSM2). */
        @WithDefault("60s")
        Duration generateDeadline();

        /** Interval of the active health probe of every node. */
        @WithDefault("1s")
        Duration healthInterval();

        /** Deadline of one health probe. */
        @WithDefault("1s")
        Duration healthDeadline();

        /** Interval of the maintenance pass: purge of expired deleted keys, automatic rotation. */
        @WithDefault("30s")
        Duration maintenanceInterval();
    }

    interface Limits {
        /**
         * Requests the front end works on at once; one more is answered 429 with Retry-After, so
         * that a burst cannot queue without bound in front of the tokens.
         */
        @WithDefault("256")
        int maxConcurrentRequests();

        /** Client secrets the token endpoint checks at once (each a 600,000-round PBKDF2); one more is 429. */
        @WithDefault("2")
        int tokenConcurrency();

        /** Failed client authentications per client id per minute; then 429 for it until the minute ends. */
        @WithDefault("5")
        int tokenFailuresPerClient();

        /** Failed client authentications per source address per minute; then 429 for it until the minute ends. */
        @WithDefault("30")
        int tokenFailuresPerSource();

        /**
         * Sealed keys per call when a new or wiped node catches up ({@code ImportWrappedBatch}, two calls in
         * flight), 1 to 500 (what a node takes at once). Smaller batches suit a slow token, whose import of
         * one batch must finish within the call's 120 s deadline.
         */
        @WithDefault("200")
        int catchUpBatch();
    }

    interface Audit {
        /** The audit file (JSON lines); by default {@code audit.jsonl} next to the store. */
        Optional<Path> file();

        /** Also write every record to the log (category {@code hsmpool.audit}), e.g. for a container's stdout. */
        @WithDefault("false")
        boolean stdout();

        /** Seal the chain with the pool MAC key after this many records... */
        @WithDefault("1000")
        int sealEvery();

        /** ...or after this long, whichever comes first (only records since the last seal are unsealed). */
        @WithDefault("60s")
        Duration sealInterval();
    }

    interface Rotation {
        /**
         * The shortest duration a rotation policy may name (timeAfterCreate, timeBeforeExpiry,
         * expiryTime). Azure's minimum is 7 days; tests lower it to see rotation happen.
         */
        @WithDefault("P7D")
        String minimumPeriod();
    }

    interface Auth {
        /**
         * File of accepted static bearer tokens, one {@code <principal> <token>} per line (0600):
         * an optional source beside the JWTs, for tests and tools; tokens are never logged.
         */
        Optional<Path> tokenFile();

        /** Lifetime of the access tokens the built-in token service issues. */
        @WithDefault("1h")
        Duration tokenLifetime();

        /**
         * External OpenID Connect issuers whose JWTs are accepted (e.g. Keycloak or Entra), by a
         * name of the operator's choice: {@code hsmpool.pool.auth.issuers.<name>.issuer},
         * {@code .audience}, {@code .jwks-uri}. The name (lower-case letters, digits, '-') prefixes the
         * ids of its principals: {@code <name>:<oid>} (else {@code <name>:<sub>}) is what role
         * assignments and initial administrators name.
         */
        Map<String, Issuer> issuers();

        /**
         * Principals that hold Managed HSM Administrator at {@code /} implicitly (set at provisioning):
         * they activate the pool and assign the first roles. A bare id is a principal of the pool's own
         * issuer (token file, token service); {@code <issuer name>:<oid>} one of an external issuer.
         * Not listed as role assignments, not deletable, not counted in the limits.
         */
        Optional<List<String>> initialAdministrators();
    }

    interface Issuer {
        /** The {@code iss} value its tokens carry, exactly. */
        String issuer();

        /** The {@code aud} value its tokens must carry for this pool. */
        String audience();

        /** Where its signing keys are published (JWKS); fetched and cached. */
        String jwksUri();
    }

    /** Full backup and restore (issue 17, docs/operations.md "Backup and restore"). */
    Backup backup();

    interface Backup {
        /**
         * The only directory under which {@code file:} backup targets may lie (the manager writes
         * there); default: {@code backups} next to the store file ({@code hsmpool.pool.store}).
         */
        Optional<Path> directory();

        /** How long one call to the storage may take before the job fails as storage unreachable. */
        @WithDefault("60s")
        Duration storageTimeout();
    }
}
