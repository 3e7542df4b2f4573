package org.hsmpool.cli.pool;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

import org.hsmpool.cli.common.OutputFormat;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hsmpool node add|remove|replace}: change the nodes of a running local pool. */
@Command(name = "node", description = {"Adds, removes or replaces a node of the running pool in DIR.",
    "Each change goes through the running manager's node API (no restart, no outage) and waits until every node is"
        + " HEALTHY: a new node receives the domain keys from a healthy node and every stored key version first, so it"
        + " holds every existing key before it takes traffic."},
        footerHeading = "%nExamples:%n", footer = {"  hsmpool node add", "  hsmpool node replace node-2", "  hsmpool node remove node-4"})
public final class NodeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    private static final String DIR_DEFAULT = "${env:HSMPOOL_DIR:-.hsmpool}";
    private static final String DIR_HELP = "where the pool lives (default: ${DEFAULT-VALUE})";

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a node command is missing");
    }

    @Command(name = "add", description = "Provisions a new node (a new SoftHSM2 token and a certificate from the pool CA), starts"
            + " it, adds it to the running manager and waits until it is HEALTHY. Prints its name.",
            footerHeading = "%nExamples:%n", footer = {"  hsmpool node add", "  hsmpool node add --dir /srv/pool"})
    int add(@Option(names = "--dir", defaultValue = DIR_DEFAULT, description = DIR_HELP) Path dir,
            @Mixin OutputFormat output) throws Exception {
        String name = membership(dir, output).add();
        return done(output, "added " + name, Map.of("added", name));
    }

    @Command(name = "remove", description = "Takes a node out of the manager, waits until the others are HEALTHY, and stops it."
            + " Refused unless another node is HEALTHY. Its directory (token, PIN files) stays: delete it when no longer needed.",
            footerHeading = "%nExamples:%n", footer = {"  hsmpool node remove node-2"})
    int remove(@Parameters(paramLabel = "NAME", description = "the node, as 'hsmpool status' names it") String name,
            @Option(names = "--dir", defaultValue = DIR_DEFAULT, description = DIR_HELP) Path dir,
            @Mixin OutputFormat output) throws Exception {
        membership(dir, output).remove(name);
        return done(output, "removed " + name + "; its token directory " + dir.toAbsolutePath().resolve(name) + " stays",
                Map.of("removed", name, "directory", dir.toAbsolutePath().resolve(name).toString()));
    }

    @Command(name = "replace", description = "Adds a new node and, once it is HEALTHY and holds every key, removes NAME.",
            footerHeading = "%nExamples:%n", footer = {"  hsmpool node replace node-2"})
    int replace(@Parameters(paramLabel = "NAME", description = "the node to replace") String name,
            @Option(names = "--dir", defaultValue = DIR_DEFAULT, description = DIR_HELP) Path dir,
            @Mixin OutputFormat output) throws Exception {
        PoolMembership membership = membership(dir, output);
        new LocalPool(dir, UpCommand.home()).poolJson().nodes().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new org.hsmpool.cli.common.UserError("the pool has no node " + name + "; see 'hsmpool status'"));
        String added = membership.add();
        membership(dir, output).remove(name);
        return done(output, "replaced " + name + " by " + added, Map.of("removed", name, "added", added));
    }

    /** Progress goes to stdout in text, to stderr with -o json (stdout holds the one JSON document). */
    private PoolMembership membership(Path dir, OutputFormat output) throws Exception {
        return new PoolMembership(new LocalPool(dir, UpCommand.home()), output.json() ? spec.commandLine().getErr() : out());
    }

    private int done(OutputFormat output, String text, Map<String, String> json) {
        if (output.json()) {
            OutputFormat.print(out(), json);
        } else {
            out().println(text);
            out().flush();
        }
        return 0;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
