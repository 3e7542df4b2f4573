package org.hsmpool.pool.rbac;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.RoleAssignment;
import org.hsmpool.pool.store.StoreException;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Role assignments: who holds which role at which scope. Limits as on the reference service:
 * {@link #MAX_AT_POOL} at the pool scopes {@code /} and {@code /keys} together (the reference
 * service's "HSM scope"), {@link #MAX_PER_KEY} per key. The implicit Administrator
 * role of the initial administrators is not an assignment: not listed, not deletable, not counted.
 */
@ApplicationScoped
public class RoleAssignments {
    public static final int MAX_AT_POOL = 50;
    public static final int MAX_PER_KEY = 10;
    private static final Pattern PRINCIPAL_FILTER = Pattern.compile("principalId\\s+eq\\s+'([^']{1,256})'",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AT_SCOPE = Pattern.compile("atScope\\(\\)", Pattern.CASE_INSENSITIVE);

    private final PoolStore store;
    private final RoleDefinitions definitions;

    public RoleAssignments(PoolStore store, RoleDefinitions definitions) {
        this.store = store;
        this.definitions = definitions;
    }

    /** What a {@code $filter} asks for: only assignments exactly at the scope, and/or only one principal's. */
    record Filter(boolean atScope, String principalId) {
        static final Filter NONE = new Filter(false, null);

        /** {@code atScope()}, {@code principalId eq '<id>'}, or both joined by {@code and}; 400 otherwise. */
        static Filter parse(String text) {
            if (text == null || text.isBlank()) {
                return NONE;
            }
            boolean atScope = false;
            String principal = null;
            for (String term : text.strip().split("(?i)\\s+and\\s+")) {
                Matcher m = PRINCIPAL_FILTER.matcher(term.strip());
                if (AT_SCOPE.matcher(term.strip()).matches() && !atScope) {
                    atScope = true;
                } else if (m.matches() && principal == null) {
                    principal = m.group(1);
                } else {
                    throw RbacException.badParameter(
                            "$filter supports atScope(), principalId eq '<id>' and both joined by 'and'");
                }
            }
            return new Filter(atScope, principal);
        }
    }

    /**
     * The assignments at {@code scope}: without a filter those that apply there (at the scope or at
     * the pool scope), with {@code atScope()} only those made exactly there.
     */
    public List<RoleAssignment> list(RoleScope scope, String filterText) {
        Filter filter = Filter.parse(filterText);
        List<RoleAssignment> candidates = new ArrayList<>();
        if (filter.principalId() != null) {
            candidates.addAll(store.roleAssignmentsOf(filter.principalId()));
        } else {
            for (RoleScope at : filter.atScope() ? List.of(scope) : scope.withEnclosing()) {
                candidates.addAll(store.roleAssignmentsAt(at.value()));
            }
        }
        return candidates.stream().filter(a -> {
            RoleScope at = new RoleScope(a.scope());
            return filter.atScope() ? at.equals(scope) : at.covers(scope);
        }).toList();
    }

    /** The assignment {@code name} at {@code scope}, or 404 {@code RoleAssignmentNotFound}. */
    public RoleAssignment get(RoleScope scope, String name) {
        return find(scope, name).orElseThrow(() -> notFound(name));
    }

    /**
     * Assigns a role; 400 for an unknown role or one not assignable there, 409 for an existing name,
     * the same assignment twice, or beyond the limits.
     */
    public synchronized RoleAssignment create(RoleScope scope, String name, String roleDefinitionId,
            String principalId) {
        String guid = requireGuid(name);
        if (principalId == null || principalId.isBlank() || principalId.length() > 256) {
            throw RbacException.badParameter("properties.principalId is required (at most 256 characters)");
        }
        if (roleDefinitionId == null || roleDefinitionId.isBlank()) {
            throw RbacException.badParameter("properties.roleDefinitionId is required");
        }
        RoleDefinitionView role = definitions.find(roleDefinitionId).orElseThrow(() -> RbacException
                .badParameter("there is no role definition " + RoleDefinitions.shorten(roleDefinitionId)));
        if (!role.assignableAt(scope)) {
            throw RbacException.badParameter("role " + role.roleName() + " cannot be assigned at scope " + scope);
        }
        int limit = scope.isKey() ? MAX_PER_KEY : MAX_AT_POOL;
        int held = scope.isKey() ? store.roleAssignmentsAt(scope.value()).size()
                : store.roleAssignmentsAt(RoleScope.POOL.value()).size()
                        + store.roleAssignmentsAt(RoleScope.KEYS.value()).size();
        if (held >= limit) {
            throw RbacException.conflict("scope " + scope + " already holds " + limit
                    + " role assignments, the most it may hold");
        }
        RoleAssignment assignment = new RoleAssignment(guid, scope.value(), role.id(), principalId);
        try {
            store.createRoleAssignment(assignment);
        } catch (StoreException e) {
            if (e.code() == StoreException.Code.CONFLICT) {
                throw new RbacException(RbacException.Code.ROLE_ASSIGNMENT_EXISTS, "role assignment " + guid
                        + " exists, or the principal already holds this role at scope " + scope);
            }
            throw RbacException.badParameter("the role assignment is not valid: " + e.getMessage());
        }
        return assignment;
    }

    /** Deletes the assignment {@code name} at {@code scope}; 404 when there is none there. */
    public synchronized RoleAssignment delete(RoleScope scope, String name) {
        RoleAssignment found = get(scope, name);
        return store.deleteRoleAssignment(found.id()).orElseThrow(() -> notFound(name));
    }

    private Optional<RoleAssignment> find(RoleScope scope, String name) {
        return store.roleAssignment(requireGuid(name)).filter(a -> a.scope().equals(scope.value()));
    }

    private static String requireGuid(String name) {
        if (name == null || !RoleDefinitions.GUID.matcher(name).matches()) {
            throw RbacException.badParameter("a role assignment name is a GUID");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static RbacException notFound(String name) {
        return new RbacException(RbacException.Code.ROLE_ASSIGNMENT_NOT_FOUND,
                "there is no role assignment " + RoleDefinitions.shorten(name) + " at this scope");
    }
}
