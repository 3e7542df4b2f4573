package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * {@link PoolStore} over JDBC, for SQLite (the embedded default) and PostgreSQL. Each method is one
 * transaction; the SQL lives in the {@code *Rows} classes, one per table group. Keys are handled
 * by {@link JdbcKeyStore}, RBAC and principals by {@link JdbcRbacStore}, the pool row by
 * {@link JdbcPoolStateStore}, the nodes by {@link JdbcNodeStore}, backups by {@link JdbcBackupStore};
 * this class holds the log reads, drills and the audit head, and opens the store.
 */
public final class JdbcPoolStore implements PoolStore {
    private final Transactions tx;
    private final JdbcKeyStore keys;
    private final JdbcRbacStore rbac;
    private final LeaseStore leases;
    private final JdbcBackupStore backups;
    private final JdbcNodeStore nodes;
    private final JdbcPoolStateStore pools;

    private JdbcPoolStore(Transactions tx, Clock clock) {
        this.tx = tx;
        this.keys = new JdbcKeyStore(tx, clock);
        this.rbac = new JdbcRbacStore(tx);
        this.leases = new LeaseStore(tx);
        this.backups = new JdbcBackupStore(tx, clock);
        this.nodes = new JdbcNodeStore(tx);
        this.pools = new JdbcPoolStateStore(tx);
    }

    /**
     * Checks the durability settings, migrates the schema and returns the store. The data source
     * stays the caller's: the store never closes it.
     */
    public static JdbcPoolStore open(DataSource dataSource) {
        return open(dataSource, Clock.systemUTC());
    }

    /** As {@link #open(DataSource)}, with the clock that stamps log entries. */
    public static JdbcPoolStore open(DataSource dataSource, Clock clock) {
        Dialect dialect;
        try (Connection connection = dataSource.getConnection()) {
            dialect = Dialect.of(connection);
            dialect.checkDurability(connection);
        } catch (SQLException e) {
            throw SqlErrors.translate("open the store", e);
        }
        SchemaMigration.migrate(dataSource, dialect);
        return new JdbcPoolStore(new Transactions(dataSource, dialect), clock);
    }

    /** The leader lease's row (the fencing epoch) of this store. */
    public LeaseStore leases() {
        return leases;
    }

    @Override
    public BackupStore backups() {
        return backups;
    }

    // ---- pool (JdbcPoolStateStore)

    @Override
    public Pool createPool(String id, String name, Instant created) {
        return pools.createPool(id, name, created);
    }

    @Override
    public Optional<Pool> pool() {
        return pools.pool();
    }

    @Override
    public Pool changePoolState(PoolState expected, PoolState next) {
        return pools.changePoolState(expected, next);
    }

    @Override
    public Pool activatePool(PoolState expected, SecurityDomainInfo securityDomain) {
        return pools.activatePool(expected, securityDomain);
    }

    @Override
    public void recordTransferKey(TransferKeyIssue issue) {
        pools.recordTransferKey(issue);
    }

    @Override
    public Optional<TransferKeyIssue> transferKey() {
        return pools.transferKey();
    }

    // ---- nodes (JdbcNodeStore)

    @Override
    public Node addNode(String name, String endpoint) {
        return nodes.addNode(name, endpoint);
    }

    @Override
    public Optional<Node> node(String name) {
        return nodes.node(name);
    }

    @Override
    public List<Node> nodes() {
        return nodes.nodes();
    }

    @Override
    public Node changeNodeState(String name, NodeState expected, NodeState next) {
        return nodes.changeNodeState(name, expected, next);
    }

    @Override
    public Node recordNodeProgress(String name, long appliedSeq, Instant seenAt) {
        return nodes.recordNodeProgress(name, appliedSeq, seenAt, false);
    }

    @Override
    public Node restartNodeProgress(String name, long appliedSeq, Instant seenAt) {
        return nodes.recordNodeProgress(name, appliedSeq, seenAt, true);
    }

    @Override
    public void removeNode(String name) {
        nodes.removeNode(name);
    }

    @Override
    public List<NodeMember> nodeMembership() {
        return nodes.nodeMembership();
    }

    @Override
    public void recordMembership(NodeMember change) {
        nodes.recordMembership(change);
    }

    // ---- replication log

    @Override
    public long logHead() {
        return tx.read("read the log head", LogRows::head);
    }

    @Override
    public List<LogEntry> readLog(long afterSeq, int limit) {
        Arguments.position(afterSeq, "a log position");
        Arguments.logReadSize(limit);
        return tx.read("read the log", c -> LogRows.readAfter(c, afterSeq, limit));
    }

    @Override
    public List<SealedVersion> sealedVersions(long afterSeq, int limit) {
        Arguments.position(afterSeq, "a log position");
        Arguments.logReadSize(limit);
        return tx.read("read sealed versions", c -> KeyRows.sealedAfter(c, afterSeq, limit));
    }

    // ---- keys

    @Override
    public long appendKeyVersion(NewKeyVersion version, byte[] payload) {
        return keys.appendKeyVersion(version, payload);
    }

    @Override
    public long updateKeyProperties(String name, String versionId, KeyProperties properties, Instant updated,
            byte[] payload) {
        return keys.updateKeyProperties(name, versionId, properties, updated, payload);
    }

    @Override
    public long deleteKey(String name, Instant deletedAt, Instant scheduledPurgeAt, String recoveryId,
            byte[] payload) {
        return keys.deleteKey(name, deletedAt, scheduledPurgeAt, recoveryId, payload);
    }

    @Override
    public long recoverKey(String name, byte[] payload) {
        return keys.recoverKey(name, payload);
    }

    @Override
    public long purgeKey(String name, byte[] payload) {
        return keys.purgeKey(name, payload);
    }

    @Override
    public Optional<KeyVersion> latestVersion(String name) {
        return keys.latestVersion(name);
    }

    @Override
    public Optional<KeyVersion> keyVersion(String name, String versionId) {
        return keys.keyVersion(name, versionId);
    }

    @Override
    public Optional<KeyVersion> versionById(String versionId) {
        return keys.versionById(versionId);
    }

    @Override
    public boolean wasPurged(String versionId) {
        return keys.wasPurged(versionId);
    }

    @Override
    public void forgetPurge(String versionId) {
        keys.forgetPurge(versionId);
    }

    @Override
    public void rememberPurge(String versionId, String name) {
        keys.rememberPurge(versionId, name);
    }

    @Override
    public Page<KeyVersion> listKeys(String continuation, int limit) {
        return keys.listKeys(continuation, limit);
    }

    @Override
    public Page<KeyVersion> listVersions(String name, String continuation, int limit) {
        return keys.listVersions(name, continuation, limit);
    }

    @Override
    public Optional<DeletedKey> deletedKey(String name) {
        return keys.deletedKey(name);
    }

    @Override
    public Page<DeletedKey> listDeletedKeys(String continuation, int limit) {
        return keys.listDeletedKeys(continuation, limit);
    }

    @Override
    public List<DeletedKey> deletedKeysDue(Instant now, int limit) {
        return keys.deletedKeysDue(now, limit);
    }

    // ---- rotation policies

    @Override
    public Optional<KeyRotationPolicy> rotationPolicy(String name) {
        return keys.rotationPolicy(name);
    }

    @Override
    public KeyRotationPolicy putRotationPolicy(String name, String policyJson, Instant at) {
        return keys.putRotationPolicy(name, policyJson, at);
    }

    @Override
    public List<KeyRotationPolicy> rotationPolicies() {
        return keys.rotationPolicies();
    }

    // ---- RBAC

    @Override
    public void createRoleAssignment(RoleAssignment assignment) {
        rbac.createRoleAssignment(assignment);
    }

    @Override
    public Optional<RoleAssignment> roleAssignment(String id) {
        return rbac.roleAssignment(id);
    }

    @Override
    public List<RoleAssignment> roleAssignmentsAt(String scope) {
        return rbac.roleAssignmentsAt(scope);
    }

    @Override
    public List<RoleAssignment> roleAssignmentsOf(String principalId) {
        return rbac.roleAssignmentsOf(principalId);
    }

    @Override
    public Optional<RoleAssignment> deleteRoleAssignment(String id) {
        return rbac.deleteRoleAssignment(id);
    }

    @Override
    public void putRoleDefinition(RoleDefinition definition) {
        rbac.putRoleDefinition(definition);
    }

    @Override
    public Optional<RoleDefinition> roleDefinition(String id) {
        return rbac.roleDefinition(id);
    }

    @Override
    public List<RoleDefinition> roleDefinitions() {
        return rbac.roleDefinitions();
    }

    @Override
    public Optional<RoleDefinition> deleteRoleDefinition(String id) {
        return rbac.deleteRoleDefinition(id);
    }

    // ---- service principals (JdbcRbacStore)

    @Override
    public void createServicePrincipal(ServicePrincipal principal) {
        rbac.createServicePrincipal(principal);
    }

    @Override
    public Optional<ServicePrincipal> servicePrincipal(String clientId) {
        return rbac.servicePrincipal(clientId);
    }

    @Override
    public List<ServicePrincipal> servicePrincipals() {
        return rbac.servicePrincipals();
    }

    @Override
    public Optional<ServicePrincipal> deleteServicePrincipal(String clientId) {
        return rbac.deleteServicePrincipal(clientId);
    }

    // ---- security-domain drills

    @Override
    public void recordDrill(Drill drill) {
        Arguments.present(drill, "the drill");
        tx.write("record a security-domain drill", c -> {
            DrillRows.insert(c, drill);
            return null;
        });
    }

    @Override
    public List<Drill> drills(String domainId) {
        Arguments.hex32(domainId, "a security domain id");
        return tx.read("list security-domain drills", c -> DrillRows.of(c, domainId));
    }

    // ---- audit

    @Override
    public AuditHead auditHead() {
        return tx.read("read the audit head", AuditRows::head);
    }

    @Override
    public AuditHead advanceAuditHead(long expectedSeq, AuditHead next) {
        Arguments.present(next, "the next audit head");
        if (next.seq() <= expectedSeq) {
            throw StoreException.invalid("the audit head only moves forward");
        }
        return tx.write("advance the audit head", c -> {
            if (!AuditRows.compareAndSet(c, expectedSeq, next)) {
                throw new StoreException(StoreException.Code.STATE_MISMATCH,
                        "the audit head is at " + AuditRows.head(c).seq() + ", not " + expectedSeq);
            }
            return next;
        });
    }
}
