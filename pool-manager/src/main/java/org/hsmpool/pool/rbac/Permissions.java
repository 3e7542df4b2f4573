package org.hsmpool.pool.rbac;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a role allows: data actions granted minus data actions excluded ({@code dataActions} and
 * {@code notDataActions} of a role definition's permissions). A pattern may end in or contain
 * {@code *}, as on Azure ({@code Microsoft.KeyVault/managedHsm/keys/*}); names compare without case.
 * Control-plane {@code actions} grant nothing here: the pool has only data actions.
 */
public record Permissions(List<String> dataActions, List<String> notDataActions) {

    public Permissions {
        dataActions = List.copyOf(dataActions);
        notDataActions = List.copyOf(notDataActions);
    }

    public static Permissions of(Collection<DataAction> actions) {
        return new Permissions(actions.stream().sorted().map(DataAction::value).toList(), List.of());
    }

    /** Whether a granted pattern matches {@code action} and no excluded one does. */
    public boolean allows(DataAction action) {
        return dataActions.stream().anyMatch(p -> matches(p, action.value()))
                && notDataActions.stream().noneMatch(p -> matches(p, action.value()));
    }

    /** A pattern is well formed when it names a known action or, with {@code *}, matches at least one. */
    public static boolean matchesSomeAction(String pattern) {
        for (DataAction a : DataAction.values()) {
            if (matches(pattern, a.value())) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String pattern, String action) {
        if (pattern.indexOf('*') < 0) {
            return pattern.equalsIgnoreCase(action);
        }
        String regex = Arrays.stream(pattern.toLowerCase(Locale.ROOT).split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*"));
        return Pattern.matches(regex, action.toLowerCase(Locale.ROOT));
    }
}
