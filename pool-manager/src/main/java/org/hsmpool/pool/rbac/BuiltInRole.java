package org.hsmpool.pool.rbac;

import static org.hsmpool.pool.rbac.DataAction.*;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.hsmpool.nodeapi.rbac.ManagedHsmRole;

/**
 * The nine built-in roles of Managed HSM local RBAC ({@link ManagedHsmRole}: their fixed ids and
 * names), with the data actions of the reference service (docs/security-model.md has the table).
 * They live in code: they cannot be changed or deleted, and a role assignment names them by id.
 */
public enum BuiltInRole {
    ADMINISTRATOR(ManagedHsmRole.ADMINISTRATOR,
            "Security domain, full backup and restore, role management; no key operations.",
            EnumSet.of(SECURITY_DOMAIN_DOWNLOAD, SECURITY_DOMAIN_DOWNLOAD_READ, SECURITY_DOMAIN_UPLOAD,
                    SECURITY_DOMAIN_UPLOAD_READ, SECURITY_DOMAIN_TRANSFER_KEY_READ, BACKUP_START, BACKUP_STATUS,
                    RESTORE_START, RESTORE_STATUS, ROLE_ASSIGNMENTS_READ, ROLE_ASSIGNMENTS_WRITE,
                    ROLE_ASSIGNMENTS_DELETE, ROLE_DEFINITIONS_READ, ROLE_DEFINITIONS_WRITE,
                    ROLE_DEFINITIONS_DELETE, AUDIT_READ, SECURITY_DOMAIN_DRILL, SETTINGS_READ,
                    SETTINGS_WRITE, NODES_WRITE)),
    CRYPTO_OFFICER(ManagedHsmRole.CRYPTO_OFFICER,
            "Role management, purge or recover deleted keys, export keys; no other key operations.",
            EnumSet.of(ROLE_ASSIGNMENTS_READ, ROLE_ASSIGNMENTS_WRITE, ROLE_ASSIGNMENTS_DELETE, ROLE_DEFINITIONS_READ,
                    ROLE_DEFINITIONS_WRITE, ROLE_DEFINITIONS_DELETE, DELETED_KEYS_READ, DELETED_KEYS_RECOVER,
                    DELETED_KEYS_DELETE, KEYS_EXPORT)),
    CRYPTO_USER(ManagedHsmRole.CRYPTO_USER,
            "Every key operation except purge, recover and export; random bytes; reading roles.",
            EnumSet.of(KEYS_READ, KEYS_WRITE, KEYS_CREATE, KEYS_DELETE, KEYS_ROTATE, KEYS_IMPORT, KEYS_BACKUP,
                    KEYS_RESTORE, KEYS_RELEASE, KEYS_ENCRYPT, KEYS_DECRYPT, KEYS_WRAP, KEYS_UNWRAP, KEYS_SIGN,
                    KEYS_VERIFY, RNG, ROLE_ASSIGNMENTS_READ, ROLE_DEFINITIONS_READ)),
    POLICY_ADMINISTRATOR(ManagedHsmRole.POLICY_ADMINISTRATOR, "Role management only.",
            EnumSet.of(ROLE_ASSIGNMENTS_READ, ROLE_ASSIGNMENTS_WRITE, ROLE_ASSIGNMENTS_DELETE, ROLE_DEFINITIONS_READ,
                    ROLE_DEFINITIONS_WRITE, ROLE_DEFINITIONS_DELETE)),
    CRYPTO_AUDITOR(ManagedHsmRole.CRYPTO_AUDITOR, "Reads key attributes (not their use) and roles.",
            EnumSet.of(KEYS_READ, ROLE_ASSIGNMENTS_READ, ROLE_DEFINITIONS_READ, AUDIT_READ)),
    CRYPTO_SERVICE_ENCRYPTION_USER(ManagedHsmRole.CRYPTO_SERVICE_ENCRYPTION_USER,
            "Reads keys and wraps and unwraps with them.",
            EnumSet.of(KEYS_READ, KEYS_WRAP, KEYS_UNWRAP)),
    CRYPTO_SERVICE_RELEASE_USER(ManagedHsmRole.CRYPTO_SERVICE_RELEASE_USER,
            "Releases keys to a trusted execution environment.", EnumSet.of(KEYS_RELEASE)),
    BACKUP(ManagedHsmRole.BACKUP, "Backs up single keys or the whole pool.",
            EnumSet.of(KEYS_BACKUP, BACKUP_START, BACKUP_STATUS)),
    RESTORE(ManagedHsmRole.RESTORE, "Restores single keys or the whole pool.",
            EnumSet.of(KEYS_RESTORE, RESTORE_START, RESTORE_STATUS));

    private final ManagedHsmRole role;
    private final String description;
    private final Set<DataAction> dataActions;

    BuiltInRole(ManagedHsmRole role, String description, Set<DataAction> dataActions) {
        this.role = role;
        this.description = description;
        this.dataActions = Set.copyOf(dataActions);
    }

    public String id() {
        return role.id();
    }

    public String roleName() {
        return role.roleName();
    }

    public String description() {
        return description;
    }

    public Set<DataAction> dataActions() {
        return dataActions;
    }

    public Permissions permissions() {
        return Permissions.of(dataActions);
    }

    /** The built-in role with this id (a GUID, any case), or empty. */
    public static Optional<BuiltInRole> byId(String id) {
        return ManagedHsmRole.byId(id)
                .flatMap(role -> Arrays.stream(values()).filter(r -> r.role == role).findFirst());
    }
}
