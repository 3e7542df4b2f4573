package org.hsmpool.pool.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the pool manager must not forget: the pool and its security-domain facts, the node
 * registry, the replication log, key versions (sealed, never plaintext), soft-deleted keys, RBAC
 * and the audit chain head.
 *
 * <p>Rules every implementation keeps:
 * <ul>
 * <li>Every write is committed durably before the method returns; a method that returns has
 * happened, one that throws has not.
 * <li>Every change to the key tables appends its log entries in the same transaction, so the log
 * and the tables never disagree; the method returns the (last) sequence number it appended.
 * <li>Sequence numbers start at 1, are assigned by the store and have no gaps; a reader never
 * sees an entry before every smaller one is visible.
 * <li>Thread-safe; methods may be called from any thread.
 * <li>Failures are {@link StoreException}s with a stable {@link StoreException.Code}.
 * </ul>
 *
 * <p>"Live" means a name that is not soft-deleted. The key getters and listings see only live
 * names; {@link #deletedKey}, {@link #listDeletedKeys} and {@link #versionById} see the others.
 *
 * <p>Internal keys (the pool's own, such as the token signing key) have names that start with
 * {@link #INTERNAL_KEY_PREFIX}, which no client key name can: the listings ({@link #listKeys},
 * {@link #listDeletedKeys}) leave them out; the other methods treat them as any key.
 */
public interface PoolStore {
    /** The first character of an internal key name; client key names are {@code [0-9a-zA-Z-]} only. */
    String INTERNAL_KEY_PREFIX = "$";

    // ---- pool

    /** Creates the pool in state {@code NotActivated}; {@code CONFLICT} if the store has one. */
    Pool createPool(String id, String name, Instant created);

    Optional<Pool> pool();

    /** Compare-and-set; {@code STATE_MISMATCH} if the pool is not in {@code expected}. */
    Pool changePoolState(PoolState expected, PoolState next);

    /**
     * Records the security domain and moves the pool to {@code Activated} in one step
     * (compare-and-set on {@code expected}: {@code Activating} after a download,
     * {@code Restoring} after an upload).
     */
    Pool activatePool(PoolState expected, SecurityDomainInfo securityDomain);

    /**
     * Records the transfer key a restore handed out (replacing an earlier one), so that the upload may
     * reach any manager; {@link #activatePool} removes it.
     */
    void recordTransferKey(TransferKeyIssue issue);

    /** The transfer key handed out for a restore and not used yet, if any. */
    Optional<TransferKeyIssue> transferKey();

    // ---- nodes

    /** Registers a node as {@code JOINING} at position 0; {@code CONFLICT} if the name is taken. */
    Node addNode(String name, String endpoint);

    Optional<Node> node(String name);

    /** All nodes, by name. */
    List<Node> nodes();

    /** Compare-and-set of a node's state; {@code STATE_MISMATCH} if it is not {@code expected}. */
    Node changeNodeState(String name, NodeState expected, NodeState next);

    /**
     * Records what a node has applied and when it was last seen. The position never goes down (several
     * managers record what they know, and the highest is true) and never past the log head.
     */
    Node recordNodeProgress(String name, long appliedSeq, Instant seenAt);

    /**
     * Sets a node's position even below the recorded one: a node whose token was wiped starts again
     * from nothing. Only catch-up does this, on the leader.
     */
    Node restartNodeProgress(String name, long appliedSeq, Instant seenAt);

    /** {@code NOT_FOUND} if there is no such node. */
    void removeNode(String name);

    /** The node membership changes made at run time, by name (the latest of each name). */
    List<NodeMember> nodeMembership();

    /**
     * Records a node added or removed at run time, replacing what was recorded of its name. In the
     * same transaction the node's row is replaced by a new one (JOINING at position 0) when it is
     * added, and deleted when it is removed.
     */
    void recordMembership(NodeMember change);

    // ---- replication log

    /** The last assigned sequence number, 0 for an empty log. */
    long logHead();

    /** Up to {@code limit} (1..1000) entries with a sequence number above {@code afterSeq}, in order. */
    List<LogEntry> readLog(long afterSeq, int limit);

    /**
     * Up to {@code limit} (1..1000) stored versions, live or soft-deleted, created after log position
     * {@code afterSeq}, in creation order. Purged versions are gone, so a node that starts empty
     * receives the pool's keys from here instead of replaying the log's history of creates and purges.
     */
    List<SealedVersion> sealedVersions(long afterSeq, int limit);

    // ---- keys: writes (each appends to the log and returns the last sequence number it used)

    /**
     * Adds a version to a live name, or creates the name with its first version.
     * {@code NAME_DELETED} if the name is soft-deleted; {@code CONFLICT} if the version id exists.
     */
    long appendKeyVersion(NewKeyVersion version, byte[] payload);

    /** Replaces the properties of one live version; {@code NOT_FOUND} if there is none. */
    long updateKeyProperties(String name, String versionId, KeyProperties properties, Instant updated,
            byte[] payload);

    /** Soft-deletes a live name with all its versions; {@code NOT_FOUND} if it is not live. */
    long deleteKey(String name, Instant deletedAt, Instant scheduledPurgeAt, String recoveryId, byte[] payload);

    /** Brings a soft-deleted name back with all its versions; {@code NOT_FOUND} if it is not deleted. */
    long recoverKey(String name, byte[] payload);

    /**
     * Removes a soft-deleted name and its versions for good, with one {@code KEY_PURGED} entry per
     * version; {@code NOT_FOUND} if the name is not soft-deleted.
     */
    long purgeKey(String name, byte[] payload);

    // ---- keys: reads

    /** The live name's most recently created version. */
    Optional<KeyVersion> latestVersion(String name);

    /** One version of a live name. */
    Optional<KeyVersion> keyVersion(String name, String versionId);

    /**
     * A version by id whether or not its name is soft-deleted: for replication and catch-up (a
     * node must hold deleted keys too, they may be recovered). Not for the public API.
     */
    Optional<KeyVersion> versionById(String versionId);

    /**
     * Whether the version id was purged from this pool. A purged id never comes back:
     * {@link #appendKeyVersion} refuses it with {@link StoreException.Code#PURGED}.
     */
    boolean wasPurged(String versionId);

    /** Lift a purged version's tombstone (a restore by a principal who may purge the key). */
    void forgetPurge(String versionId);

    /** Put a lifted tombstone back (a restore that lifted it failed); harmless when it is there. */
    void rememberPurge(String versionId, String name);

    /** The latest version of each live name, by name, 1..25 per page. */
    Page<KeyVersion> listKeys(String continuation, int limit);

    /** The versions of a live name, oldest first, 1..25 per page; empty if the name is not live. */
    Page<KeyVersion> listVersions(String name, String continuation, int limit);

    Optional<DeletedKey> deletedKey(String name);

    /** Soft-deleted names, by name, 1..25 per page. */
    Page<DeletedKey> listDeletedKeys(String continuation, int limit);

    /** Soft-deleted names whose scheduled purge time is not after {@code now}, earliest first. */
    List<DeletedKey> deletedKeysDue(Instant now, int limit);

    // ---- rotation policies (not replicated: nodes hold no policy)

    /** The rotation policy of a live name, or empty if it has none. */
    Optional<KeyRotationPolicy> rotationPolicy(String name);

    /** Creates or replaces the rotation policy of a live name; {@code NOT_FOUND} if the name is not live. */
    KeyRotationPolicy putRotationPolicy(String name, String policyJson, Instant at);

    /** The policies of every live name, by name: the work list of automatic rotation. */
    List<KeyRotationPolicy> rotationPolicies();

    // ---- RBAC

    /** {@code CONFLICT} if the id exists or the same role is already assigned to the principal at the scope. */
    void createRoleAssignment(RoleAssignment assignment);

    Optional<RoleAssignment> roleAssignment(String id);

    /** The assignments made exactly at {@code scope} (not above or below it), by id. */
    List<RoleAssignment> roleAssignmentsAt(String scope);

    /** Every assignment of one principal, at any scope, by id. */
    List<RoleAssignment> roleAssignmentsOf(String principalId);

    /** Removes and returns the assignment, or empty if there was none. */
    Optional<RoleAssignment> deleteRoleAssignment(String id);

    /** Creates or replaces a custom role definition. */
    void putRoleDefinition(RoleDefinition definition);

    Optional<RoleDefinition> roleDefinition(String id);

    /** All custom role definitions, by id. */
    List<RoleDefinition> roleDefinitions();

    /** Removes and returns the definition, or empty if there was none. */
    Optional<RoleDefinition> deleteRoleDefinition(String id);

    // ---- service principals (the built-in token service; secrets only as salted hashes)

    /** {@code CONFLICT} if the client id or the object id exists. */
    void createServicePrincipal(ServicePrincipal principal);

    Optional<ServicePrincipal> servicePrincipal(String clientId);

    /** All service principals, by client id. */
    List<ServicePrincipal> servicePrincipals();

    /** Removes and returns the principal, or empty if there was none. */
    Optional<ServicePrincipal> deleteServicePrincipal(String clientId);

    // ---- security-domain drills

    /** Records a drill that succeeded. */
    void recordDrill(Drill drill);

    /** Every drill recorded for the domain, oldest first. */
    List<Drill> drills(String domainId);

    // ---- full backup and restore, jobs, settings (issue 17)

    /** The store's part of full backup and restore, and the settings. */
    BackupStore backups();

    // ---- audit

    /** The current head, {@link AuditHead#EMPTY} before the first record. */
    AuditHead auditHead();

    /**
     * Compare-and-set: moves the head to {@code next} if its sequence number is still
     * {@code expectedSeq}; {@code STATE_MISMATCH} otherwise. {@code next} must be further on.
     */
    AuditHead advanceAuditHead(long expectedSeq, AuditHead next);
}
