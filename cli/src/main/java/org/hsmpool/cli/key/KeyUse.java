package org.hsmpool.cli.key;

import java.io.PrintWriter;
import java.util.function.Function;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.remote.PoolClient;
import org.hsmpool.cli.remote.PoolConnection;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What every command on one key has: the pool, the key's name, and where to print. */
abstract class KeyUse {
    private final Host host;

    @Spec
    CommandSpec spec;

    @Mixin
    PoolConnection connection;

    @Mixin
    org.hsmpool.cli.common.OutputFormat output;

    @Parameters(index = "0", paramLabel = "NAME", description = "the key's name: 1 to 127 letters, digits and '-'")
    String name;

    KeyUse(Host host) {
        this.host = host;
    }

    PoolClient pool() {
        return connection.open(host);
    }

    /** The key's name, checked before it goes into a URL. */
    String key() {
        return KeyIo.name(name);
    }

    /** {@code given}, or the key's default for it, read from the key's public JWK. */
    String algorithm(PoolClient pool, String given, Function<JsonNode, String> byKey) {
        return given != null ? given : byKey.apply(KeyIo.publicKey(pool, key()));
    }

    void print(String line) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(line);
        out.flush();
    }

    /** {@code json} with {@code -o json}, else the text line. */
    void print(String line, Object json) {
        if (output.json()) {
            org.hsmpool.cli.common.OutputFormat.print(spec.commandLine().getOut(), json);
        } else {
            print(line);
        }
    }
}
