package org.hsmpool.cli.remote;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.hsmpool.cli.common.Host;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsmpool status}: the pool's state and a table of its nodes, from the manager's status and key listing. */
@Command(name = "status", description = {"Shows the pool's state, its replication log head, the number of keys, and per node:"
        + " state (HEALTHY, JOINING, CATCHING_UP, EJECTED), applied log position, lag behind the head, calls in flight"
        + " and served, and the last problem. A local pool with several managers also lists each manager: its URL, pid,"
        + " whether it serves, leads the background work, and how many nodes it serves with.",
    "Exit code 1 when the pool cannot be reached; 0 otherwise, even when a node is not healthy (see --check)."},
        footerHeading = "%nExamples:%n", footer = {"  hsmpool status", "  hsmpool status --check && echo all nodes healthy",
            "  hsmpool status --url https://hsm.example.net:8443 --ca pool-ca.crt --token @operator.token",
            "  hsmpool status --json | jq .nodes"})
public final class StatusCommand implements Callable<Integer> {
    private final Host host;

    @Spec
    CommandSpec spec;

    @Mixin
    PoolConnection connection;

    @Mixin
    org.hsmpool.cli.common.OutputFormat output;

    @Option(names = "--check", description = "exit 3 when a node is not HEALTHY or the pool is not Activated")
    boolean check;

    StatusCommand(Host host) {
        this.host = host;
    }

    @Override
    public Integer call() throws Exception {
        PoolClient pool = connection.open(host);
        JsonNode status = pool.call("GET", "/hsmpool/status", null);
        int keys = status.path("state").asText().equals("Activated") ? KeyListing.all(pool).size() : 0;
        PrintWriter out = spec.commandLine().getOut();
        com.fasterxml.jackson.databind.node.ArrayNode managers = managers(pool);
        if (output.json()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) status).put("keys", keys);
            if (!managers.isEmpty()) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) status).set("managers", managers);
            }
            out.println(PoolClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(status));
        } else {
            out.printf("pool %s (%s) at %s: %s, log head %d, %d keys%n", status.path("name").asText(),
                    status.path("pool").asText(), pool.base(), status.path("state").asText(), status.path("logHead").asLong(), keys);
            out.printf("%-12s %-22s %-12s %8s %6s %9s %9s  %s%n", "NODE", "ENDPOINT", "STATE", "APPLIED", "LAG", "IN-FLIGHT",
                    "SERVED", "PROBLEM");
            for (JsonNode n : status.path("nodes")) {
                out.printf("%-12s %-22s %-12s %8d %6d %9d %9d  %s%n", n.path("name").asText(), n.path("endpoint").asText(),
                        n.path("state").asText(), n.path("appliedSeq").asLong(), n.path("lag").asLong(),
                        n.path("inFlight").asLong(), n.path("served").asLong(), n.path("problem").asText(""));
            }
            java.util.Map<String, java.util.List<String>> mlDsa = new java.util.TreeMap<>();
            for (JsonNode n : status.path("nodes")) {
                if (n.hasNonNull("mlDsaKeys")) {
                    mlDsa.computeIfAbsent(n.path("mlDsaKeys").asText(), h -> new java.util.ArrayList<>())
                            .add(n.path("name").asText());
                }
            }
            mlDsa.forEach((holder, names) -> out.printf("ML-DSA keys: %s (%s)%n", holder.equals("node-process")
                    ? "held by the node process, sealed under the pool wrap key, not in the token" : "held in the token",
                    String.join(", ", names)));
            if (!managers.isEmpty()) {
                out.printf("%-12s %-26s %8s %-12s %-7s %s%n", "MANAGER", "URL", "PID", "STATE", "LEADS", "HEALTHY NODES");
                for (JsonNode m : managers) {
                    out.printf("%-12s %-26s %8d %-12s %-7s %s%n", m.path("name").asText(), m.path("url").asText(),
                            m.path("pid").asLong(), m.path("state").asText(), m.path("leads").asText("-"),
                            m.path("healthyNodes").asText("-"));
                }
            }
            JsonNode drill = status.path("drill");
            if (drill.isObject()) {
                out.printf("security domain: quorum %d of %d; %d of %d administrators checked in the last %d days"
                        + " ('hsmpool sd drill')%n", drill.path("quorum").asInt(), drill.path("administrators").asInt(),
                        drill.path("checkedRecently").asInt(), drill.path("administrators").asInt(),
                        drill.path("recentDays").asInt());
            }
        }
        out.flush();
        return check && !allHealthy(status) ? 3 : 0;
    }

    /**
     * The managers of a local pool with several (from its {@code pool.json}), each asked for its own
     * status: running or not, whether it leads the background work, how many nodes it serves with.
     */
    private com.fasterxml.jackson.databind.node.ArrayNode managers(PoolClient pool) {
        var list = PoolClient.JSON.createArrayNode();
        JsonNode local = connection.localPool().orElse(null);
        if (local == null || local.path("managers").size() < 2
                || !java.net.URI.create(local.path("url").asText()).equals(pool.base())) {
            return list;
        }
        for (JsonNode m : local.path("managers")) {
            var row = list.addObject().put("name", m.path("name").asText()).put("url", m.path("url").asText())
                    .put("pid", m.path("pid").asLong());
            try {
                var r = pool.manager(java.net.URI.create(m.path("url").asText())).exchange("GET", "/hsmpool/status", null);
                if (r.statusCode() != 200) {
                    row.put("state", "answers " + r.statusCode());
                    continue;
                }
                JsonNode own = PoolClient.JSON.readTree(r.body());
                long healthy = 0;
                for (JsonNode n : own.path("nodes")) {
                    healthy += n.path("state").asText().equals("HEALTHY") ? 1 : 0;
                }
                row.put("state", "serving").put("leads", own.at("/leader/leads").asBoolean())
                        .put("healthyNodes", healthy);
            } catch (org.hsmpool.cli.common.UserError | java.io.IOException e) {
                row.put("state", "unreachable");
            }
        }
        return list;
    }

    static boolean allHealthy(JsonNode status) {
        if (!status.path("state").asText().equals("Activated") || status.path("nodes").isEmpty()) {
            return false;
        }
        for (JsonNode n : status.path("nodes")) {
            if (!n.path("state").asText().equals("HEALTHY")) {
                return false;
            }
        }
        return true;
    }
}
