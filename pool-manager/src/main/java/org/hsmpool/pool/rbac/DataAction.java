package org.hsmpool.pool.rbac;

import java.util.Arrays;
import java.util.Optional;

/**
 * The data actions of Managed HSM local RBAC, with their wire names (the same list as the Azure SDK's
 * {@code KeyVaultDataAction}). Every endpoint of the pool needs exactly one of them.
 */
public enum DataAction {
    SECURITY_DOMAIN_DOWNLOAD("securitydomain/download/action"),
    SECURITY_DOMAIN_DOWNLOAD_READ("securitydomain/download/read"),
    SECURITY_DOMAIN_UPLOAD("securitydomain/upload/action"),
    SECURITY_DOMAIN_UPLOAD_READ("securitydomain/upload/read"),
    SECURITY_DOMAIN_TRANSFER_KEY_READ("securitydomain/transferkey/read"),
    KEYS_READ("keys/read/action"),
    KEYS_WRITE("keys/write/action"),
    KEYS_ROTATE("keys/rotate/action"),
    KEYS_CREATE("keys/create"),
    KEYS_DELETE("keys/delete"),
    DELETED_KEYS_READ("keys/deletedKeys/read/action"),
    DELETED_KEYS_RECOVER("keys/deletedKeys/recover/action"),
    DELETED_KEYS_DELETE("keys/deletedKeys/delete"),
    KEYS_BACKUP("keys/backup/action"),
    KEYS_RESTORE("keys/restore/action"),
    KEYS_RELEASE("keys/release/action"),
    KEYS_IMPORT("keys/import/action"),
    KEYS_ENCRYPT("keys/encrypt/action"),
    KEYS_DECRYPT("keys/decrypt/action"),
    KEYS_WRAP("keys/wrap/action"),
    KEYS_UNWRAP("keys/unwrap/action"),
    KEYS_SIGN("keys/sign/action"),
    KEYS_VERIFY("keys/verify/action"),
    KEYS_EXPORT("keys/export/action"),
    ROLE_ASSIGNMENTS_READ("roleAssignments/read/action"),
    ROLE_ASSIGNMENTS_WRITE("roleAssignments/write/action"),
    ROLE_ASSIGNMENTS_DELETE("roleAssignments/delete/action"),
    ROLE_DEFINITIONS_READ("roleDefinitions/read/action"),
    ROLE_DEFINITIONS_WRITE("roleDefinitions/write/action"),
    ROLE_DEFINITIONS_DELETE("roleDefinitions/delete/action"),
    BACKUP_START("backup/start/action"),
    BACKUP_STATUS("backup/status/action"),
    RESTORE_START("restore/start/action"),
    RESTORE_STATUS("restore/status/action"),
    RNG("rng/action"),
    /**
     * The pool's own action, not Azure's: reading the audit chain's head and checking its seals
     * ({@code /hsmpool/audit/*}). Granted by Administrator and Crypto Auditor.
     */
    AUDIT_READ("hsmpool/audit/read/action"),
    /**
     * The pool's own action: a security-domain drill, opening one administrator's share in a node and
     * recording it ({@code POST /hsmpool/securitydomain/drill...}). Granted by Administrator only.
     */
    SECURITY_DOMAIN_DRILL("hsmpool/securitydomain/drill/action"),
    /**
     * More of the pool's own actions, not Azure's (whose settings have no published data action): reading and
     * changing the pool settings ({@code /settings}). Granted by Administrator.
     */
    SETTINGS_READ("hsmpool/settings/read/action"),
    SETTINGS_WRITE("hsmpool/settings/write/action"),
    /**
     * The pool's own action: adding and removing nodes at run time ({@code POST /hsmpool/nodes},
     * {@code DELETE /hsmpool/nodes/{name}}). Granted by Administrator only.
     */
    NODES_WRITE("hsmpool/nodes/write/action");


    /** The prefix of every Managed HSM data action. */
    public static final String PREFIX = "Microsoft.KeyVault/managedHsm/";

    private final String value;

    DataAction(String suffix) {
        this.value = PREFIX + suffix;
    }

    /** The wire name, e.g. {@code Microsoft.KeyVault/managedHsm/keys/sign/action}. */
    public String value() {
        return value;
    }

    /** The action with this wire name (exact, as the service compares them), or empty. */
    public static Optional<DataAction> fromValue(String value) {
        return Arrays.stream(values()).filter(a -> a.value.equals(value)).findFirst();
    }

    @Override
    public String toString() {
        return value;
    }
}
