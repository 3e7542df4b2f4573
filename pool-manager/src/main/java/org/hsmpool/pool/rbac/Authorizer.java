package org.hsmpool.pool.rbac;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.hsmpool.pool.config.PoolConfig;
import org.hsmpool.pool.store.PoolState;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.RoleAssignment;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Decides whether a principal may do what a request needs. Deny by default: allowed only when the
 * principal is an initial administrator (implicit Managed HSM Administrator at {@code /}, from
 * {@code hsmpool.pool.auth.initial-administrators}) and the Administrator role grants the action,
 * or when one of the principal's role assignments covers the scope and its role grants the action.
 * Until the pool is activated only the initial administrators are allowed anything.
 */
@ApplicationScoped
public class Authorizer {
    private static final Logger LOG = Logger.getLogger(Authorizer.class);
    private static final RoleDefinitionView ADMINISTRATOR = RoleDefinitionView.of(BuiltInRole.ADMINISTRATOR);

    private final PoolStore store;
    private final RoleDefinitions definitions;
    private final Set<String> initialAdministrators;

    @Inject
    public Authorizer(PoolStore store, RoleDefinitions definitions, PoolConfig config) {
        this(store, definitions, config.auth().initialAdministrators());
    }

    Authorizer(PoolStore store, RoleDefinitions definitions, Optional<List<String>> initial) {
        this.store = store;
        this.definitions = definitions;
        this.initialAdministrators = initial.orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        if (initialAdministrators.isEmpty()) {
            LOG.warn("no hsmpool.pool.auth.initial-administrators is configured: nobody can activate the pool "
                    + "or assign roles");
        } else {
            LOG.infof("%d initial administrator(s) hold Managed HSM Administrator at /", initialAdministrators.size());
        }
    }

    public boolean isInitialAdministrator(String principalId) {
        return initialAdministrators.contains(principalId);
    }

    public Decision decide(String principalId, Requirement required) {
        boolean initial = isInitialAdministrator(principalId);
        if (initial && ADMINISTRATOR.allows(required.action())) {
            return Decision.allow(Decision.INITIAL_ADMINISTRATOR);
        }
        if (store.pool().map(p -> p.state() != PoolState.Activated).orElse(true)) {
            String why = initial ? denial(principalId, required).message()
                    : "Principal " + RoleDefinitions.shorten(principalId) + " is not an initial administrator: until "
                            + "the pool is activated only they may call it (" + required.action() + " at scope "
                            + RoleDefinitions.shorten(required.scope().value()) + ")";
            return Decision.deny(why + "; the pool is not activated yet: an initial administrator activates it by "
                    + "downloading the security domain (POST /securitydomain/download)");
        }
        for (RoleAssignment assignment : store.roleAssignmentsOf(principalId)) {
            if (new RoleScope(assignment.scope()).covers(required.scope())
                    && definitions.find(assignment.roleDefinitionId()).map(r -> r.allows(required.action()))
                            .orElse(false)) {
                return Decision.allow(assignment.id());
            }
        }
        return denial(principalId, required);
    }

    /** A denial naming the data action and the scope. */
    static Decision denial(String principalId, Requirement required) {
        return Decision.deny("Principal " + RoleDefinitions.shorten(principalId) + " has no role assignment that grants " + required.action()
                + " at scope " + RoleDefinitions.shorten(required.scope().value()));
    }
}
