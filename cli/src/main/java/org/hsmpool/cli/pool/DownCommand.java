package org.hsmpool.cli.pool;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsmpool down}: stop a local pool's processes; its directory (tokens, store) stays. */
@Command(name = "down", description = "Stops the manager and node processes of the pool in DIR (SIGTERM, SIGKILL after 15 s),"
        + " and with several managers also HAProxy and the pool's PostgreSQL server."
        + " Tokens, store and certificates stay, so 'hsmpool up --dir DIR' starts the same pool, with its keys, again.",
        footerHeading = "%nExamples:%n", footer = {"  hsmpool down", "  hsmpool down --dir /srv/pool"})
public final class DownCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = "${env:HSMPOOL_DIR:-.hsmpool}", description = "where the pool lives (default: ${DEFAULT-VALUE})")
    Path dir;

    @picocli.CommandLine.Mixin
    org.hsmpool.cli.common.OutputFormat output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LocalPool pool = new LocalPool(dir, Path.of("."));
        JsonNode json = pool.poolJson().read();
        boolean shared = pool.poolJson().sharedStore();
        int stopped = shared ? SharedPool.stop(pool, json) : PoolProcesses.stop(json.path("managerPid").asLong()) ? 1 : 0;
        List<LocalPool.Started> nodes = new ArrayList<>();
        for (LocalPool.Started node : pool.poolJson().nodes()) {
            stopped += PoolProcesses.stop(node.pid()) ? 1 : 0;
            nodes.add(new LocalPool.Started(node.name(), 0, node.endpoint(), node.managementPort()));
        }
        if (shared) {
            SharedPool.stopDatabase(pool, UpCommand.home());
            LocalPool.Several was = pool.poolJson().several();
            pool.poolJson().write(json.path("url").asText(), 0, nodes, "stopped", new LocalPool.Several(was.managers(),
                    was.managers().stream().map(m -> 0L).toList(), was.store(), 0));
        } else {
            pool.poolJson().write(json.path("url").asText(), 0, nodes, "stopped");
        }
        if (output.json()) {
            org.hsmpool.cli.common.OutputFormat.print(out, java.util.Map.of("dir", pool.dir.toString(), "stopped", stopped));
        } else {
            out.println("stopped " + stopped + " processes of the pool in " + pool.dir);
            out.flush();
        }
        return 0;
    }
}
