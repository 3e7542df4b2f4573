package org.hsmpool.pool.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link PoolStore} that hands every call to another one: the base of a store that changes only a
 * few of them ({@link CachingPoolStore}).
 */
abstract class ForwardingPoolStore implements PoolStore {
    protected final PoolStore store;

    ForwardingPoolStore(PoolStore store) {
        this.store = store;
    }

    @Override
    public Pool createPool(String id, String name, Instant created) {
        return store.createPool(id, name, created);
    }

    @Override
    public Optional<Pool> pool() {
        return store.pool();
    }

    @Override
    public Pool changePoolState(PoolState expected, PoolState next) {
        return store.changePoolState(expected, next);
    }

    @Override
    public Pool activatePool(PoolState expected, SecurityDomainInfo securityDomain) {
        return store.activatePool(expected, securityDomain);
    }

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

    @Override
    public long appendKeyVersion(NewKeyVersion version, byte[] payload) {
        return store.appendKeyVersion(version, payload);
    }

    @Override
    public long updateKeyProperties(String name, String versionId, KeyProperties properties, Instant updated,
            byte[] payload) {
        return store.updateKeyProperties(name, versionId, properties, updated, payload);
    }

    @Override
    public long deleteKey(String name, Instant deletedAt, Instant scheduledPurgeAt, String recoveryId,
            byte[] payload) {
        return store.deleteKey(name, deletedAt, scheduledPurgeAt, recoveryId, payload);
    }

    @Override
    public long recoverKey(String name, byte[] payload) {
        return store.recoverKey(name, payload);
    }

    @Override
    public long purgeKey(String name, byte[] payload) {
        return store.purgeKey(name, payload);
    }

    @Override
    public Optional<KeyVersion> latestVersion(String name) {
        return store.latestVersion(name);
    }

    @Override
    public Optional<KeyVersion> keyVersion(String name, String versionId) {
        return store.keyVersion(name, versionId);
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

    @Override
    public void createRoleAssignment(RoleAssignment assignment) {
        store.createRoleAssignment(assignment);
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
        return store.roleAssignmentsOf(principalId);
    }

    @Override
    public Optional<RoleAssignment> deleteRoleAssignment(String id) {
        return store.deleteRoleAssignment(id);
    }

    @Override
    public void putRoleDefinition(RoleDefinition definition) {
        store.putRoleDefinition(definition);
    }

    @Override
    public Optional<RoleDefinition> roleDefinition(String id) {
        return store.roleDefinition(id);
    }

    @Override
    public List<RoleDefinition> roleDefinitions() {
        return store.roleDefinitions();
    }

    @Override
    public Optional<RoleDefinition> deleteRoleDefinition(String id) {
        return store.deleteRoleDefinition(id);
    }

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

    @Override
    public BackupStore backups() {
        return store.backups();
    }

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
