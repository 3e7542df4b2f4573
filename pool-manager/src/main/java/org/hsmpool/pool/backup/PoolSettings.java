package org.hsmpool.pool.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.hsmpool.pool.api.KeyVaultException;
import org.hsmpool.pool.store.PoolStore;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The pool's settings, as Managed HSM's {@code /settings} shows them: name, value (text) and type.
 * Today one, Managed HSM's own: {@code AllowKeyManagementOperationsThroughARM} (boolean, default
 * false). A pool has no Azure Resource Manager in front of it, so nothing here can manage keys
 * through ARM whatever its value: the setting is kept, answered, backed up and restored, so that
 * tools that read or set it work, and it changes nothing else.
 */
@ApplicationScoped
public class PoolSettings {
    /** One setting: its wire name, type and default. */
    record Definition(String name, String type, String defaultValue) {
    }

    static final List<Definition> DEFINITIONS = List.of(
            new Definition("AllowKeyManagementOperationsThroughARM", "boolean", "false"));

    private final PoolStore store;

    public PoolSettings(PoolStore store) {
        this.store = store;
    }

    List<Map<String, String>> all() {
        Map<String, String> stored = store.backups().settings();
        List<Map<String, String>> out = new ArrayList<>();
        for (Definition d : DEFINITIONS) {
            out.add(view(d, stored.getOrDefault(d.name(), d.defaultValue())));
        }
        return out;
    }

    Map<String, String> get(String name) {
        Definition d = definition(name);
        return view(d, store.backups().settings().getOrDefault(d.name(), d.defaultValue()));
    }

    Map<String, String> update(String name, String value) {
        Definition d = definition(name);
        if (value == null) {
            throw KeyVaultException.badParameter("'value' is required");
        }
        String normal = value.toLowerCase(Locale.ROOT);
        if (d.type().equals("boolean") && !normal.equals("true") && !normal.equals("false")) {
            throw KeyVaultException.badParameter("setting " + d.name() + " is a boolean: 'value' is \"true\" or \"false\"");
        }
        store.backups().putSetting(d.name(), normal);
        return view(d, normal);
    }

    private static Definition definition(String name) {
        Optional<Definition> d = DEFINITIONS.stream().filter(x -> x.name().equals(name)).findFirst();
        return d.orElseThrow(() -> new KeyVaultException(404, "SettingNotFound", "no setting named "
                + (name == null ? "" : name.length() > 128 ? name.substring(0, 128) + "..." : name)));
    }

    private static Map<String, String> view(Definition d, String value) {
        return Map.of("name", d.name(), "value", value, "type", d.type());
    }
}
