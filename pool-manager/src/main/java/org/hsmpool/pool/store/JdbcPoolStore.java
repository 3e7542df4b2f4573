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
 * by {@link JdbcKeyStore} and RBAC by {@link JdbcRbacStore}; this class holds the pool, the nodes,
 * the log reads and the audit head, and opens the store.
 */
public final class JdbcPoolStore implements PoolStore {
    private final Transactions tx;
    private final JdbcKeyStore keys;
    private final JdbcRbacStore rbac;
    private final LeaseStore leases;
    private final JdbcBackupStore backups;

    private JdbcPoolStore(Transactions tx, Clock clock) {
        this.tx = tx;
        this.keys = new JdbcKeyStore(tx, clock);
        this.rbac = new JdbcRbacStore(tx);
        this.leases = new LeaseStore(tx);
        this.backups = new JdbcBackupStore(tx, clock);
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

    // ---- pool

    @Override
    public Pool createPool(String id, String name, Instant created) {
        var pool = new Pool(id, name, PoolState.NotActivated, created, null);
        return tx.write("create the pool", StoreChange.POOL, c -> {
            if (PoolRows.find(c).isPresent()) {
                throw StoreException.conflict("this store already holds a pool");
            }
            PoolRows.insert(c, pool);
            return pool;
        });
    }

    @Override
    public Optional<Pool> pool() {
        return tx.read("read the pool", PoolRows::find);
    }

    @Override
    public Pool changePoolState(PoolState expected, PoolState next) {
        Arguments.present(expected, "the expected state");
        Arguments.present(next, "the next state");
        return tx.write("change the pool state", StoreChange.POOL, c -> {
            casPool(c, expected, next);
            return PoolRows.find(c).orElseThrow();
        });
    }

    @Override
    public Pool activatePool(PoolState expected, SecurityDomainInfo securityDomain) {
        Arguments.present(expected, "the expected state");
        Arguments.present(securityDomain, "the security domain");
        return tx.write("activate the pool", StoreChange.POOL, c -> {
            casPool(c, expected, PoolState.Activated);
            PoolRows.writeSecurityDomain(c, securityDomain);
            TransferRows.clear(c);
            return PoolRows.find(c).orElseThrow();
        });
    }

    @Override
    public void recordTransferKey(TransferKeyIssue issue) {
        Arguments.present(issue, "the transfer key");
        tx.write("record the transfer key", c -> {
            TransferRows.replace(c, issue);
            return null;
        });
    }

    @Override
    public Optional<TransferKeyIssue> transferKey() {
        return tx.read("read the transfer key", TransferRows::find);
    }

    private static void casPool(Connection c, PoolState expected, PoolState next) throws SQLException {
        if (!PoolRows.compareAndSetState(c, expected, next)) {
            Pool pool = PoolRows.find(c).orElseThrow(() -> StoreException.notFound("the store holds no pool yet"));
            throw new StoreException(StoreException.Code.STATE_MISMATCH,
                    "the pool is " + pool.state() + ", not " + expected);
        }
    }

    // ---- nodes

    @Override
    public Node addNode(String name, String endpoint) {
        var node = new Node(name, endpoint, NodeState.JOINING, 0, null);
        return tx.write("add a node", c -> {
            if (NodeRows.find(c, name).isPresent()) {
                throw StoreException.conflict("node " + name + " is already registered");
            }
            NodeRows.insert(c, node);
            return node;
        });
    }

    @Override
    public Optional<Node> node(String name) {
        Node.checkName(name);
        return tx.read("read a node", c -> NodeRows.find(c, name));
    }

    @Override
    public List<Node> nodes() {
        return tx.read("list the nodes", NodeRows::all);
    }

    @Override
    public Node changeNodeState(String name, NodeState expected, NodeState next) {
        Node.checkName(name);
        Arguments.present(expected, "the expected state");
        Arguments.present(next, "the next state");
        return tx.write("change a node state", c -> {
            if (!NodeRows.compareAndSetState(c, name, expected, next)) {
                Node node = NodeRows.find(c, name).orElseThrow(() -> StoreException.notFound("no node " + name));
                throw new StoreException(StoreException.Code.STATE_MISMATCH,
                        "node " + name + " is " + node.state() + ", not " + expected);
            }
            return NodeRows.find(c, name).orElseThrow();
        });
    }

    @Override
    public Node recordNodeProgress(String name, long appliedSeq, Instant seenAt) {
        return progress(name, appliedSeq, seenAt, false);
    }

    @Override
    public Node restartNodeProgress(String name, long appliedSeq, Instant seenAt) {
        return progress(name, appliedSeq, seenAt, true);
    }

    private Node progress(String name, long appliedSeq, Instant seenAt, boolean restart) {
        Node.checkName(name);
        Arguments.position(appliedSeq, "an applied position");
        Instant seen = Arguments.time(seenAt, "the time seen");
        return tx.write("record node progress", c -> {
            if (appliedSeq > LogRows.head(c)) {
                throw StoreException.invalid("node " + name + " cannot have applied past the log head");
            }
            if (!NodeRows.updateProgress(c, name, appliedSeq, seen, restart)) {
                throw StoreException.notFound("no node " + name);
            }
            return NodeRows.find(c, name).orElseThrow();
        });
    }

    @Override
    public void removeNode(String name) {
        Node.checkName(name);
        tx.write("remove a node", c -> {
            if (!NodeRows.delete(c, name)) {
                throw StoreException.notFound("no node " + name);
            }
            return null;
        });
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

    // ---- service principals

    @Override
    public void createServicePrincipal(ServicePrincipal principal) {
        Arguments.present(principal, "the service principal");
        tx.write("create a service principal", c -> {
            if (ServicePrincipalRows.exists(c, principal)) {
                throw StoreException.conflict("service principal " + principal.clientId() + " or its object id exists");
            }
            ServicePrincipalRows.insert(c, principal);
            return null;
        });
    }

    @Override
    public Optional<ServicePrincipal> servicePrincipal(String clientId) {
        Arguments.guid(clientId, "a client id");
        return tx.read("read a service principal", c -> ServicePrincipalRows.find(c, clientId));
    }

    @Override
    public List<ServicePrincipal> servicePrincipals() {
        return tx.read("list service principals", ServicePrincipalRows::all);
    }

    @Override
    public Optional<ServicePrincipal> deleteServicePrincipal(String clientId) {
        Arguments.guid(clientId, "a client id");
        return tx.write("delete a service principal", c -> {
            Optional<ServicePrincipal> found = ServicePrincipalRows.find(c, clientId);
            if (found.isPresent()) {
                ServicePrincipalRows.delete(c, clientId);
            }
            return found;
        });
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
