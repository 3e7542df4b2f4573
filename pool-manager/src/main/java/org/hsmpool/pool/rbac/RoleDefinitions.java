package org.hsmpool.pool.rbac;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.RoleDefinition;
import org.hsmpool.pool.store.StoreException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The role definitions: the nine built-in ones from code and up to {@link #MAX_CUSTOM} custom ones
 * from the store. Custom permissions are kept in the store as the API's {@code permissions} array
 * (only {@code dataActions} and {@code notDataActions} mean anything here).
 */
@ApplicationScoped
public class RoleDefinitions {
    public static final String ID_PREFIX = "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/";
    /** Custom role definitions a pool may hold, as on the reference service. */
    public static final int MAX_CUSTOM = 50;
    static final Pattern GUID = Pattern
            .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** A role definition id: a bare GUID or any id whose last segment after {@code /roleDefinitions/} is one. */
    private static final Pattern ID = Pattern.compile("(?:.*/roleDefinitions/)?(" + GUID.pattern() + ")",
            Pattern.CASE_INSENSITIVE);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One element of the stored {@code permissions} array. */
    record StoredPermission(List<String> actions, List<String> notActions, List<String> dataActions,
            List<String> notDataActions) {
    }

    private final PoolStore store;

    public RoleDefinitions(PoolStore store) {
        this.store = store;
    }

    /** The GUID a role definition id names, lower case, or empty when it is not one. */
    public static Optional<String> guidOf(String roleDefinitionId) {
        if (roleDefinitionId == null) {
            return Optional.empty();
        }
        Matcher m = ID.matcher(roleDefinitionId);
        return m.matches() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** Built-in roles first, then the custom ones by id. */
    public List<RoleDefinitionView> list() {
        List<RoleDefinitionView> all = new ArrayList<>();
        Arrays.stream(BuiltInRole.values()).map(RoleDefinitionView::of).forEach(all::add);
        store.roleDefinitions().stream().map(RoleDefinitions::view).forEach(all::add);
        return all;
    }

    /** The definition a role definition id (full id or GUID) names, or empty. */
    public Optional<RoleDefinitionView> find(String roleDefinitionId) {
        Optional<String> guid = guidOf(roleDefinitionId);
        if (guid.isEmpty()) {
            return Optional.empty();
        }
        Optional<BuiltInRole> builtIn = BuiltInRole.byId(guid.get());
        if (builtIn.isPresent()) {
            return Optional.of(RoleDefinitionView.of(builtIn.get()));
        }
        return store.roleDefinition(guid.get()).map(RoleDefinitions::view);
    }

    /** {@link #find}, or 404 {@code RoleDefinitionNotFound}. */
    public RoleDefinitionView get(String name) {
        return find(requireGuid(name)).orElseThrow(() -> notFound(name));
    }

    /**
     * Creates or replaces a custom role definition.
     *
     * @throws RbacException BAD_PARAMETER for a built-in id, an unknown data action or a bad scope; CONFLICT beyond
     *             {@link #MAX_CUSTOM}
     */
    public synchronized RoleDefinitionView put(String name, String roleName, String description,
            List<Permissions> permissions, List<String> assignableScopes) {
        String guid = requireGuid(name);
        if (BuiltInRole.byId(guid).isPresent()) {
            throw RbacException.badParameter("role definition " + guid + " is built in and cannot be changed");
        }
        for (Permissions p : permissions) {
            for (String pattern : concat(p.dataActions(), p.notDataActions())) {
                if (!Permissions.matchesSomeAction(pattern)) {
                    throw RbacException.badParameter("'" + shorten(pattern) + "' is not a Managed HSM data action");
                }
            }
        }
        List<String> scopes = assignableScopes == null || assignableScopes.isEmpty() ? List.of("/")
                : assignableScopes.stream().map(s -> RoleScope.parse(s).value()).distinct().toList();
        if (store.roleDefinition(guid).isEmpty() && store.roleDefinitions().size() >= MAX_CUSTOM) {
            throw RbacException.conflict("a pool holds at most " + MAX_CUSTOM + " custom role definitions");
        }
        List<StoredPermission> stored = permissions.stream()
                .map(p -> new StoredPermission(List.of(), List.of(), p.dataActions(), p.notDataActions())).toList();
        String shownName = roleName == null || roleName.isBlank() ? guid : roleName;
        try {
            store.putRoleDefinition(new RoleDefinition(guid, shownName, description, JSON.writeValueAsString(stored), scopes));
        } catch (StoreException e) {
            throw RbacException.badParameter("the role definition is not valid: " + e.getMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("permissions are plain lists of strings", e);
        }
        return get(guid);
    }

    /** Deletes a custom role definition; 400 for a built-in one, 404 when there is none. */
    public synchronized RoleDefinitionView delete(String name) {
        String guid = requireGuid(name);
        if (BuiltInRole.byId(guid).isPresent()) {
            throw RbacException.badParameter("role definition " + guid + " is built in and cannot be deleted");
        }
        return store.deleteRoleDefinition(guid).map(RoleDefinitions::view).orElseThrow(() -> notFound(guid));
    }

    private static RoleDefinitionView view(RoleDefinition stored) {
        List<StoredPermission> permissions;
        try {
            permissions = JSON.readValue(stored.permissionsJson(), new TypeReference<List<StoredPermission>>() {
            });
        } catch (JsonProcessingException e) {
            permissions = List.of(); // written by this class only; unreadable grants nothing
        }
        List<Permissions> p = permissions.stream().map(s -> new Permissions(orEmpty(s.dataActions()),
                orEmpty(s.notDataActions()))).toList();
        return new RoleDefinitionView(stored.id(), stored.roleName(), stored.description(), false, p,
                stored.assignableScopes());
    }

    private static String requireGuid(String name) {
        if (name == null || !GUID.matcher(name).matches()) {
            throw RbacException.badParameter("a role definition name is a GUID");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static RbacException notFound(String name) {
        return new RbacException(RbacException.Code.ROLE_DEFINITION_NOT_FOUND,
                "there is no role definition " + shorten(name));
    }

    static String shorten(String text) {
        return text.length() <= 140 ? text : text.substring(0, 140) + "...";
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
