package org.hsmpool.cli.key;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.remote.KeyListing;
import org.hsmpool.cli.remote.PoolConnection;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsmpool key list}: every page of {@code GET /keys}. */
@Command(name = "list", description = "Lists the pool's keys (latest version of each live key): name, enabled, created, updated.",
        footerHeading = "%nExamples:%n", footer = {"  hsmpool key list", "  hsmpool key list --names | wc -l"})
public final class KeyListCommand implements Callable<Integer> {
    private final Host host;

    @Spec
    CommandSpec spec;

    @Mixin
    PoolConnection connection;

    @Mixin
    org.hsmpool.cli.common.OutputFormat output;

    @Option(names = "--names", description = "print the names only, one a line")
    boolean namesOnly;

    KeyListCommand(Host host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var items = KeyListing.all(connection.open(host));
        if (output.json()) {
            org.hsmpool.cli.common.OutputFormat.print(out, java.util.Map.of("value", items));
            return 0;
        }
        if (!namesOnly) {
            out.printf("%-40s %-7s %-20s %-20s%n", "NAME", "ENABLED", "CREATED", "UPDATED");
        }
        for (JsonNode item : items) {
            if (namesOnly) {
                out.println(KeyListing.name(item));
            } else {
                JsonNode a = item.path("attributes");
                out.printf("%-40s %-7s %-20s %-20s%n", KeyListing.name(item), a.path("enabled").asBoolean(true),
                        Instant.ofEpochSecond(a.path("created").asLong()), Instant.ofEpochSecond(a.path("updated").asLong()));
            }
        }
        out.flush();
        return 0;
    }
}
