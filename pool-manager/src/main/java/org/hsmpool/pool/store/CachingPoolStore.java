package org.hsmpool.pool.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@link PoolStore} that keeps the reads every request makes (the pool's state, a key's latest
 * or given version, a principal's role assignments, a custom role definition) in memory, in front
 * of another store. Every write through this object that may change a kept value forgets that
 * group of values after it returns or fails: key versions on append, update, delete, recover and
 * purge (so a deleted, purged or disabled key is never served from memory); the pool on its state
 * changes; RBAC on assignment and definition writes. See {@link ReadCache} for why a read that
 * raced a write is never kept.
 *
 * <p>With one manager per store (the SQLite file) every write goes through this object and what it
 * keeps is always trusted. Managers sharing one PostgreSQL store make it {@link #shared}: each one's
 * {@link ChangeFeed} makes it forget what other managers changed ({@link #forget}) and says until when
 * what it keeps may be trusted ({@link #trustUntil}); outside that time every read goes to the store.
 */
public final class CachingPoolStore implements PoolStore {
    /**
     * Entries per group before it starts again empty: twice the 10,000 keys a pool is meant to hold
     * (issue 16), so that a request mix over all of them does not empty the cache again and again
     * (an EC version is ~1 KB here, so a full group of them is ~20 MB).
     */
    static final int CAPACITY = 20_000;
    private static final String THE_POOL = "pool";

    private final PoolStore store;
    private final ReadCache<String, Pool> pool = new ReadCache<>(1);
    private final ReadCache<String, KeyVersion> latest = new ReadCache<>(CAPACITY);
    private final ReadCache<VersionKey, KeyVersion> versions = new ReadCache<>(CAPACITY);
    private final ReadCache<String, List<RoleAssignment>> assignments = new ReadCache<>(CAPACITY);
    private final ReadCache<String, RoleDefinition> definitions = new ReadCache<>(CAPACITY);

    private record VersionKey(String name, String versionId) {
    }

    private final boolean shared;
    /** {@link System#nanoTime} until which kept values may be served (shared stores only). */
    private volatile long trustedUntil;

    /** The only manager of {@code store}: what it keeps is always right. */
    public CachingPoolStore(PoolStore store) {
        this(store, false);
    }

    private CachingPoolStore(PoolStore store, boolean shared) {
        this.store = store;
        this.shared = shared;
        this.trustedUntil = System.nanoTime(); // nanoTime has no fixed origin: "not yet" is "now"
    }

    /** One of several managers of {@code store}: nothing kept is served until a {@link ChangeFeed} vouches for it. */
    public static CachingPoolStore shared(PoolStore store) {
        return new CachingPoolStore(store, true);
    }

    /** Another manager changed {@code change}'s group: forget it. */
    void forget(StoreChange change) {
        switch (change) {
            case POOL -> pool.invalidate();
            case KEYS -> {
                latest.invalidate();
                versions.invalidate();
            }
            case RBAC -> {
                assignments.invalidate();
                definitions.invalidate();
            }
        }
    }

    /** Changes may have been missed: forget everything. */
    void forgetAll() {
        for (StoreChange change : StoreChange.values()) {
            forget(change);
        }
    }

    /** What is kept may be served until {@code nanoTime}, unless another change comes in. */
    void trustUntil(long nanoTime) {
        trustedUntil = nanoTime;
    }

    /** Serve nothing kept until the next {@link #trustUntil}. */
    void distrust() {
        trustedUntil = System.nanoTime();
        forgetAll();
    }

    private <K, V> V kept(ReadCache<K, V> cache, K key, java.util.function.Function<K, V> load) {
        if (shared && System.nanoTime() - trustedUntil >= 0) {
            return load.apply(key); // not vouched for now: read through, keep nothing
        }
        return cache.get(key, load);
    }

    private static <T> T write(Supplier<T> write, ReadCache<?, ?>... changed) {
        try {
            return write.get();
        } finally {
            for (ReadCache<?, ?> cache : changed) {
                cache.invalidate();
            }
        }
    }

    private <T> T keyWrite(Supplier<T> write) {
        return write(write, latest, versions);
    }

    private <T> T rbacWrite(Supplier<T> write) {
        return write(write, assignments, definitions);
    }

    // ---- pool

    @Override
    public Pool createPool(String id, String name, Instant created) {
        return write(() -> store.createPool(id, name, created), pool);
    }

    @Override
    public Optional<Pool> pool() {
        return Optional.ofNullable(kept(pool, THE_POOL, k -> store.pool().orElse(null)));
    }

    @Override
    public Pool changePoolState(PoolState expected, PoolState next) {
        return write(() -> store.changePoolState(expected, next), pool);
    }

    @Override
    public Pool activatePool(PoolState expected, SecurityDomainInfo securityDomain) {
        return write(() -> store.activatePool(expected, securityDomain), pool);
    }

    // ---- nodes (not on the request path: not kept)

    @Override
    public Node addNode(String name, String endpoint) {
        return store.addNode(name, endpoint);
    }

    @Override
    public Optional<Node> node(String name) {
        return store.node(name);
    }

    @Override
    public List<Node> nodes() {
        return store.nodes();
    }

    @Override
    public Node changeNodeState(String name, NodeState expected, NodeState next) {
        return store.changeNodeState(name, expected, next);
    }

    @Override
    public Node recordNodeProgress(String name, long appliedSeq, Instant seenAt) {
        return store.recordNodeProgress(name, appliedSeq, seenAt);
    }

    @Override
    public Node restartNodeProgress(String name, long appliedSeq, Instant seenAt) {
        return store.restartNodeProgress(name, appliedSeq, seenAt);
    }

    @Override
    public void removeNode(String name) {
        store.removeNode(name);
    }

    @Override
    public List<NodeMember> nodeMembership() {
        return store.nodeMembership();
    }

    @Override
    public void recordMembership(NodeMember change) {
        store.recordMembership(change);
    }

    // ---- replication log

    @Override
    public long logHead() {
        return store.logHead();
    }

    @Override
    public List<LogEntry> readLog(long afterSeq, int limit) {
        return store.readLog(afterSeq, limit);
    }

    @Override
    public List<SealedVersion> sealedVersions(long afterSeq, int limit) {
        return store.sealedVersions(afterSeq, limit);
    }

    // ---- keys: writes

    @Override
    public long appendKeyVersion(NewKeyVersion version, byte[] payload) {
        return keyWrite(() -> store.appendKeyVersion(version, payload));
    }

    @Override
    public long updateKeyProperties(String name, String versionId, KeyProperties properties, Instant updated,
            byte[] payload) {
        return keyWrite(() -> store.updateKeyProperties(name, versionId, properties, updated, payload));
    }

    @Override
    public long deleteKey(String name, Instant deletedAt, Instant scheduledPurgeAt, String recoveryId,
            byte[] payload) {
        return keyWrite(() -> store.deleteKey(name, deletedAt, scheduledPurgeAt, recoveryId, payload));
    }

    @Override
    public long recoverKey(String name, byte[] payload) {
        return keyWrite(() -> store.recoverKey(name, payload));
    }

    @Override
    public long purgeKey(String name, byte[] payload) {
        return keyWrite(() -> store.purgeKey(name, payload));
    }

    // ---- keys: reads (the two every cryptographic call makes are kept)

    @Override
    public Optional<KeyVersion> latestVersion(String name) {
        return Optional.ofNullable(kept(latest, name, n -> store.latestVersion(n).orElse(null)));
    }

    @Override
    public Optional<KeyVersion> keyVersion(String name, String versionId) {
        return Optional.ofNullable(kept(versions, new VersionKey(name, versionId),
                k -> store.keyVersion(k.name(), k.versionId()).orElse(null)));
    }

    @Override
    public Optional<KeyVersion> versionById(String versionId) {
        return store.versionById(versionId);
    }

    @Override
    public boolean wasPurged(String versionId) {
        return store.wasPurged(versionId);
    }

    @Override
    public void forgetPurge(String versionId) {
        store.forgetPurge(versionId);
    }

    @Override
    public void rememberPurge(String versionId, String name) {
        store.rememberPurge(versionId, name);
    }

    @Override
    public Page<KeyVersion> listKeys(String continuation, int limit) {
        return store.listKeys(continuation, limit);
    }

    @Override
    public Page<KeyVersion> listVersions(String name, String continuation, int limit) {
        return store.listVersions(name, continuation, limit);
    }

    @Override
    public Optional<DeletedKey> deletedKey(String name) {
        return store.deletedKey(name);
    }

    @Override
    public Page<DeletedKey> listDeletedKeys(String continuation, int limit) {
        return store.listDeletedKeys(continuation, limit);
    }

    @Override
    public List<DeletedKey> deletedKeysDue(Instant now, int limit) {
        return store.deletedKeysDue(now, limit);
    }

    // ---- rotation policies

    @Override
    public Optional<KeyRotationPolicy> rotationPolicy(String name) {
        return store.rotationPolicy(name);
    }

    @Override
    public KeyRotationPolicy putRotationPolicy(String name, String policyJson, Instant at) {
        return store.putRotationPolicy(name, policyJson, at);
    }

    @Override
    public List<KeyRotationPolicy> rotationPolicies() {
        return store.rotationPolicies();
    }

    // ---- RBAC (a principal's assignments and custom definitions are kept)

    @Override
    public void createRoleAssignment(RoleAssignment assignment) {
        rbacWrite(() -> {
            store.createRoleAssignment(assignment);
            return null;
        });
    }

    @Override
    public Optional<RoleAssignment> roleAssignment(String id) {
        return store.roleAssignment(id);
    }

    @Override
    public List<RoleAssignment> roleAssignmentsAt(String scope) {
        return store.roleAssignmentsAt(scope);
    }

    @Override
    public List<RoleAssignment> roleAssignmentsOf(String principalId) {
        return kept(assignments, principalId, p -> List.copyOf(store.roleAssignmentsOf(p)));
    }

    @Override
    public Optional<RoleAssignment> deleteRoleAssignment(String id) {
        return rbacWrite(() -> store.deleteRoleAssignment(id));
    }

    @Override
    public void putRoleDefinition(RoleDefinition definition) {
        rbacWrite(() -> {
            store.putRoleDefinition(definition);
            return null;
        });
    }

    @Override
    public Optional<RoleDefinition> roleDefinition(String id) {
        return Optional.ofNullable(kept(definitions, id, d -> store.roleDefinition(d).orElse(null)));
    }

    @Override
    public List<RoleDefinition> roleDefinitions() {
        return store.roleDefinitions();
    }

    @Override
    public Optional<RoleDefinition> deleteRoleDefinition(String id) {
        return rbacWrite(() -> store.deleteRoleDefinition(id));
    }

    // ---- service principals

    @Override
    public void recordDrill(Drill drill) {
        store.recordDrill(drill);
    }

    @Override
    public List<Drill> drills(String domainId) {
        return store.drills(domainId);
    }

    @Override
    public void createServicePrincipal(ServicePrincipal principal) {
        store.createServicePrincipal(principal);
    }

    @Override
    public Optional<ServicePrincipal> servicePrincipal(String clientId) {
        return store.servicePrincipal(clientId);
    }

    @Override
    public List<ServicePrincipal> servicePrincipals() {
        return store.servicePrincipals();
    }

    @Override
    public Optional<ServicePrincipal> deleteServicePrincipal(String clientId) {
        return store.deleteServicePrincipal(clientId);
    }

    // ---- full backup and restore

    /** The backing store's, with a restore forgetting every kept key version and RBAC read. */
    @Override
    public BackupStore backups() {
        return new RestoreInvalidating(store.backups(), () -> {
            latest.invalidate();
            versions.invalidate();
            assignments.invalidate();
            definitions.invalidate();
        });
    }

    // ---- audit

    @Override
    public void recordTransferKey(TransferKeyIssue issue) {
        store.recordTransferKey(issue);
    }

    @Override
    public Optional<TransferKeyIssue> transferKey() {
        return store.transferKey();
    }

    @Override
    public AuditHead auditHead() {
        return store.auditHead();
    }

    @Override
    public AuditHead advanceAuditHead(long expectedSeq, AuditHead next) {
        return store.advanceAuditHead(expectedSeq, next);
    }
}
