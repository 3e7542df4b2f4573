package org.hsmpool.cli.remote;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.OutputFormat;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What a command that talks to a pool has: the pool options ({@link PoolConnection}), {@code -o json},
 * and where to print. It ends with {@link #done}: the JSON document, or the text lines.
 */
public abstract class RemoteCommand implements Callable<Integer> {
    protected final Host host;

    @Spec
    protected CommandSpec spec;

    @Mixin
    protected PoolConnection connection;

    @Mixin
    protected OutputFormat output;

    protected RemoteCommand(Host host) {
        this.host = host;
    }

    protected PoolClient pool() {
        return connection.open(host);
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints {@code json} with {@code -o json}, else {@code lines}; exit code 0. */
    protected int done(Object json, String... lines) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputFormat.print(out, json);
        } else {
            for (String line : lines) {
                out.println(line);
            }
            out.flush();
        }
        return 0;
    }
}
