package org.hsmpool.cli.pool;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsmpool down}: stop a local pool's processes; its directory (tokens, store) stays. */
@Command(name = "down", description = "Stops the manager and node processes of the pool in DIR. Tokens, store and"
        + " certificates stay, so 'hsmpool up --dir DIR' starts the same pool again.")
public final class DownCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = ".hsmpool", description = "where the pool lives (default: ${DEFAULT-VALUE})")
    Path dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LocalPool pool = new LocalPool(dir, Path.of("."));
        JsonNode json = pool.readPoolJson();
        List<Long> pids = new ArrayList<>();
        pids.add(json.path("managerPid").asLong());
        json.path("nodes").forEach(n -> pids.add(n.path("pid").asLong()));
        int stopped = 0;
        for (long pid : pids) {
            var handle = ProcessHandle.of(pid);
            if (handle.isPresent() && handle.get().isAlive()) {
                handle.get().destroy();
                try {
                    handle.get().onExit().get(15, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    handle.get().destroyForcibly();
                }
                stopped++;
            }
        }
        ((ObjectNode) json).put("state", "stopped");
        java.nio.file.Files.writeString(pool.poolJson(), LocalPool.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        out.println("stopped " + stopped + " processes of the pool in " + pool.dir);
        out.flush();
        return 0;
    }
}
