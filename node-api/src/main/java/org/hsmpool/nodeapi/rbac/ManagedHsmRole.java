package org.hsmpool.nodeapi.rbac;

import java.util.Arrays;
import java.util.Optional;

/**
 * The nine built-in roles of Managed HSM local RBAC by their fixed ids and names, as the reference
 * service has them: part of the pool's public API, kept here once for the pool manager (which gives
 * each its data actions, {@code rbac.BuiltInRole}) and the CLI (which names them).
 */
public enum ManagedHsmRole {
    ADMINISTRATOR("a290e904-7015-4bba-90c8-60543313cdb4", "Managed HSM Administrator"),
    CRYPTO_OFFICER("515eb02d-2335-4d2d-92f2-b1cbdf9c3778", "Managed HSM Crypto Officer"),
    CRYPTO_USER("21dbd100-6940-42c2-9190-5d6cb909625b", "Managed HSM Crypto User"),
    POLICY_ADMINISTRATOR("4bd23610-cdcf-4971-bdee-bdc562cc28e4", "Managed HSM Policy Administrator"),
    CRYPTO_AUDITOR("2c18b078-7c48-4d3a-af88-5a3a1b3f82b3", "Managed HSM Crypto Auditor"),
    CRYPTO_SERVICE_ENCRYPTION_USER("33413926-3206-4cdd-b39a-83574fe37a17",
            "Managed HSM Crypto Service Encryption User"),
    CRYPTO_SERVICE_RELEASE_USER("21dbd100-6940-42c2-9190-5d6cb909625c", "Managed HSM Crypto Service Release User"),
    BACKUP("7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8", "Managed HSM Backup"),
    RESTORE("6efe6056-5259-49d2-8b3d-d3d73544b20b", "Managed HSM Restore");

    private final String id;
    private final String roleName;

    ManagedHsmRole(String id, String roleName) {
        this.id = id;
        this.roleName = roleName;
    }

    /** The role definition's GUID. */
    public String id() {
        return id;
    }

    /** The role's name, e.g. {@code Managed HSM Crypto User}. */
    public String roleName() {
        return roleName;
    }

    /** The built-in role with this id (a GUID, any case), or empty. */
    public static Optional<ManagedHsmRole> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equalsIgnoreCase(id)).findFirst();
    }
}
