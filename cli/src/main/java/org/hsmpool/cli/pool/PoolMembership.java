package org.hsmpool.cli.pool;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.hsmpool.cli.UserError;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Adds and removes nodes of a running local pool. The manager learns its nodes from its
 * configuration ({@code hsmpool.pool.nodes.<name>=host:port}) at start only, so a change of
 * membership restarts the manager with the new set (clients see a few seconds of 503 or refused
 * connections); {@code pool.json} records the set so that the next {@code up} starts the same one.
 * A new node receives the domain keys from a healthy node and replays the replication log before
 * it takes traffic; the change is done when every node is HEALTHY.
 */
final class PoolMembership {
    private final LocalPool pool;
    private final PrintWriter out;
    private final JsonNode json;
    private final String url;

    PoolMembership(LocalPool pool, PrintWriter out) throws IOException {
        this.pool = pool;
        this.out = out;
        this.json = pool.readPoolJson();
        this.url = json.path("url").asText();
        if (!LocalPool.alive(json.path("managerPid").asLong())) {
            throw new UserError("the pool in " + pool.dir + " is not running; start it with: hsmpool up --dir " + pool.dir);
        }
    }

    /** Provisions and starts node-N (the next free number), restarts the manager with it, waits until all are HEALTHY. */
    String add() throws Exception {
        List<LocalPool.Started> nodes = pool.recordedNodes();
        int next = 1;
        int port = URI.create(url).getPort();
        for (LocalPool.Started n : nodes) {
            next = Math.max(next, Integer.parseInt(n.name().replace("node-", "")) + 1);
            port = Math.max(port, Integer.parseInt(n.endpoint().substring(n.endpoint().lastIndexOf(':') + 1)));
        }
        String name = "node-" + next;
        int nodePort = free(port + 1) ? port + 1 : LocalPool.freePort();
        out.println("provisioning " + name + " (a new SoftHSM2 token, a certificate from the pool CA) in " + pool.dir.resolve(name));
        out.flush();
        pool.provisionNode(name);
        LocalPool.Started started = pool.startNode(new LocalPool.Member(name, nodePort));
        nodes.add(started);
        pool.writePoolJson(url, json.path("managerPid").asLong(), nodes, json.path("state").asText());
        restartManager(nodes);
        return name;
    }

    /** Restarts the manager without {@code name}, waits until the others are HEALTHY, then stops the node. */
    void remove(String name) throws Exception {
        List<LocalPool.Started> nodes = pool.recordedNodes();
        LocalPool.Started gone = nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new UserError("the pool has no node " + name + "; its nodes: "
                        + nodes.stream().map(LocalPool.Started::name).toList()));
        JsonNode status = status();
        boolean anotherHealthy = false;
        for (JsonNode n : status.path("nodes")) {
            anotherHealthy |= !n.path("name").asText().equals(name) && n.path("state").asText().equals("HEALTHY");
        }
        if (!anotherHealthy) {
            // the domain keys live only in the nodes' tokens: the last healthy holder must stay
            throw new UserError("no other node is HEALTHY, so removing " + name + " could lose the pool's domain keys;"
                    + " add a node first ('hsmpool node add') or wait until 'hsmpool status' shows another HEALTHY node");
        }
        List<LocalPool.Started> remaining = new ArrayList<>(nodes);
        remaining.remove(gone);
        restartManager(remaining);
        out.println("stopping " + name + (gone.pid() == 0 ? " (not running)" : " (pid " + gone.pid() + ")"));
        out.flush();
        LocalPool.stop(gone.pid());
    }

    private void restartManager(List<LocalPool.Started> nodes) throws Exception {
        out.println("restarting the manager with nodes " + nodes.stream().map(LocalPool.Started::name).toList()
                + " (the API is unavailable for a few seconds)");
        out.flush();
        LocalPool.stop(json.path("managerPid").asLong());
        long managerPid = pool.startManager(URI.create(url).getPort(), nodes);
        pool.writePoolJson(url, managerPid, nodes, "starting");
        JsonNode status = UpCommand.awaitHealthy(pool, pool.http(), pool.operatorToken(), url, out, managerPid);
        pool.writePoolJson(url, managerPid, nodes, status.path("state").asText());
    }

    private JsonNode status() throws Exception {
        HttpClient http = pool.http();
        HttpResponse<String> r = LocalPool.send(http, pool.operatorToken(), "GET", URI.create(url + "/hsmpool/status?api-version=7.5"), null);
        if (r.statusCode() != 200) {
            throw new UserError("the manager's status answered " + r.statusCode() + "; see " + pool.dir.resolve("manager.log"));
        }
        return LocalPool.JSON.readTree(r.body());
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
