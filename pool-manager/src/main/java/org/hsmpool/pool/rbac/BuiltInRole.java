package org.hsmpool.pool.rbac;

import static org.hsmpool.pool.rbac.DataAction.*;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The nine built-in roles of Managed HSM local RBAC, with the fixed ids and data actions of the
 * reference service (docs/security-model.md has the table). They live in code: they cannot be
 * changed or deleted, and a role assignment names them by id.
 */
public enum BuiltInRole {
    ADMINISTRATOR("a290e904-7015-4bba-90c8-60543313cdb4", "Managed HSM Administrator",
            "Security domain, full backup and restore, role management; no key operations.",
            EnumSet.of(SECURITY_DOMAIN_DOWNLOAD, SECURITY_DOMAIN_DOWNLOAD_READ, SECURITY_DOMAIN_UPLOAD,
                    SECURITY_DOMAIN_UPLOAD_READ, SECURITY_DOMAIN_TRANSFER_KEY_READ, BACKUP_START, BACKUP_STATUS,
                    RESTORE_START, RESTORE_STATUS, ROLE_ASSIGNMENTS_READ, ROLE_ASSIGNMENTS_WRITE,
                    ROLE_ASSIGNMENTS_DELETE, ROLE_DEFINITIONS_READ, ROLE_DEFINITIONS_WRITE,
                    ROLE_DEFINITIONS_DELETE, AUDIT_READ, SECURITY_DOMAIN_DRILL, SETTINGS_READ,
                    SETTINGS_WRITE, NODES_WRITE)),
    CRYPTO_OFFICER("515eb02d-2335-4d2d-92f2-b1cbdf9c3778", "Managed HSM Crypto Officer",
            "Role management, purge or recover deleted keys, export keys; no other key operations.",
            EnumSet.of(ROLE_ASSIGNMENTS_READ, ROLE_ASSIGNMENTS_WRITE, ROLE_ASSIGNMENTS_DELETE, ROLE_DEFINITIONS_READ,
                    ROLE_DEFINITIONS_WRITE, ROLE_DEFINITIONS_DELETE, DELETED_KEYS_READ, DELETED_KEYS_RECOVER,
                    DELETED_KEYS_DELETE, KEYS_EXPORT)),
    CRYPTO_USER("21dbd100-6940-42c2-9190-5d6cb909625b", "Managed HSM Crypto User",
            "Every key operation except purge, recover and export; random bytes; reading roles.",
            EnumSet.of(KEYS_READ, KEYS_WRITE, KEYS_CREATE, KEYS_DELETE, KEYS_ROTATE, KEYS_IMPORT, KEYS_BACKUP,
                    KEYS_RESTORE, KEYS_RELEASE, KEYS_ENCRYPT, KEYS_DECRYPT, KEYS_WRAP, KEYS_UNWRAP, KEYS_SIGN,
                    KEYS_VERIFY, RNG, ROLE_ASSIGNMENTS_READ, ROLE_DEFINITIONS_READ)),
    POLICY_ADMINISTRATOR("4bd23610-cdcf-4971-bdee-bdc562cc28e4", "Managed HSM Policy Administrator",
            "Role management only.",
            EnumSet.of(ROLE_ASSIGNMENTS_READ, ROLE_ASSIGNMENTS_WRITE, ROLE_ASSIGNMENTS_DELETE, ROLE_DEFINITIONS_READ,
                    ROLE_DEFINITIONS_WRITE, ROLE_DEFINITIONS_DELETE)),
    CRYPTO_AUDITOR("2c18b078-7c48-4d3a-af88-5a3a1b3f82b3", "Managed HSM Crypto Auditor",
            "Reads key attributes (not their use) and roles.",
            EnumSet.of(KEYS_READ, ROLE_ASSIGNMENTS_READ, ROLE_DEFINITIONS_READ, AUDIT_READ)),
    CRYPTO_SERVICE_ENCRYPTION_USER("33413926-3206-4cdd-b39a-83574fe37a17",
            "Managed HSM Crypto Service Encryption User", "Reads keys and wraps and unwraps with them.",
            EnumSet.of(KEYS_READ, KEYS_WRAP, KEYS_UNWRAP)),
    CRYPTO_SERVICE_RELEASE_USER("21dbd100-6940-42c2-9190-5d6cb909625c", "Managed HSM Crypto Service Release User",
            "Releases keys to a trusted execution environment.", EnumSet.of(KEYS_RELEASE)),
    BACKUP("7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8", "Managed HSM Backup", "Backs up single keys or the whole pool.",
            EnumSet.of(KEYS_BACKUP, BACKUP_START, BACKUP_STATUS)),
    RESTORE("6efe6056-5259-49d2-8b3d-d3d73544b20b", "Managed HSM Restore", "Restores single keys or the whole pool.",
            EnumSet.of(KEYS_RESTORE, RESTORE_START, RESTORE_STATUS));

    private final String id;
    private final String roleName;
    private final String description;
    private final Set<DataAction> dataActions;

    BuiltInRole(String id, String roleName, String description, Set<DataAction> dataActions) {
        this.id = id;
        this.roleName = roleName;
        this.description = description;
        this.dataActions = Set.copyOf(dataActions);
    }

    public String id() {
        return id;
    }

    public String roleName() {
        return roleName;
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
        return Arrays.stream(values()).filter(r -> r.id.equalsIgnoreCase(id)).findFirst();
    }
}
