package org.hsmpool.cli.pool;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hsmpool.cli.common.UserError;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Adds and removes nodes of a running local pool through the manager's node API
 * ({@code POST}/{@code DELETE /hsmpool/nodes}): no manager restart, no outage. {@code pool.json}
 * records the set so that the next {@code up} starts the same one. A new node receives the domain
 * keys from a healthy node and every stored key version before it takes traffic; the change is done
 * when every node is HEALTHY.
 */
final class PoolMembership {
    private final LocalPool pool;
    private final PrintWriter out;
    private final JsonNode json;
    private final String url;
    /** The managers, store and load balancer of a pool with several managers; null with one. */
    private final LocalPool.Several several;

    PoolMembership(LocalPool pool, PrintWriter out) throws IOException {
        this.pool = pool;
        this.out = out;
        this.json = pool.poolJson().read();
        this.url = json.path("url").asText();
        this.several = pool.poolJson().several();
        if (!PoolProcesses.alive(servingPid())) {
            throw new UserError("the pool in " + pool.dir + " is not running; start it with: hsmpool up --dir " + pool.dir);
        }
    }

    /** Provisions and starts node-N (the next free number), adds it to the running manager, waits until all are HEALTHY. */
    String add() throws Exception {
        List<LocalPool.Started> nodes = pool.poolJson().nodes();
        int next = 1;
        int port = URI.create(url).getPort();
        for (LocalPool.Started n : nodes) {
            next = Math.max(next, Integer.parseInt(n.name().replace("node-", "")) + 1);
            port = Math.max(port, Integer.parseInt(n.endpoint().substring(n.endpoint().lastIndexOf(':') + 1)));
        }
        String name = "node-" + next;
        out.println("provisioning " + name + " (a new SoftHSM2 token, a certificate from the pool CA) in " + pool.dir.resolve(name));
        out.flush();
        pool.provisionNode(name);
        // the port after the highest node's when it is free, else a fresh one; again on a fresh one if it is taken
        // before the node binds it; recorded (pool.json, the manager's store) only once the node listens on it
        ProcessStart node = pool.processes().startNode(new LocalPool.Member(name, port + 1), null);
        try {
            ProcessStart.awaitListening(List.of(node), out);
        } catch (UserError | IOException | InterruptedException e) {
            node.stop();
            throw e;
        }
        LocalPool.Started started = PoolProcesses.started(node);
        nodes.add(started);
        pool.poolJson().write(url, managerPid(), nodes, json.path("state").asText(), several);
        out.println("adding " + name + " to the running pool (it takes traffic once it holds the domain keys and every key)");
        out.flush();
        String body = LocalPool.JSON.writeValueAsString(Map.of("name", name, "endpoint", started.endpoint()));
        HttpResponse<String> r = call("POST", "/hsmpool/nodes", body);
        if (r.statusCode() != 201) {
            throw refused("adding " + name, r);
        }
        awaitHealthy(nodes, List.of(node));
        return name;
    }

    /** Takes {@code name} out of the running manager (refused unless another node is HEALTHY), then stops the node. */
    void remove(String name) throws Exception {
        List<LocalPool.Started> nodes = pool.poolJson().nodes();
        LocalPool.Started gone = nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new UserError("the pool has no node " + name + "; its nodes: "
                        + nodes.stream().map(LocalPool.Started::name).toList()));
        HttpResponse<String> r = call("DELETE", "/hsmpool/nodes/" + name, null);
        if (r.statusCode() != 200 && r.statusCode() != 404) { // 404: the manager had forgotten it already
            throw refused("removing " + name, r);
        }
        List<LocalPool.Started> remaining = new ArrayList<>(nodes);
        remaining.remove(gone);
        pool.poolJson().write(url, managerPid(), remaining, json.path("state").asText(), several);
        out.println("stopping " + name + (gone.pid() == 0 ? " (not running)" : " (pid " + gone.pid() + ")"));
        out.flush();
        PoolProcesses.stop(gone.pid());
        awaitHealthy(remaining, List.of());
    }

    private long managerPid() {
        return json.path("managerPid").asLong();
    }

    /** The process that answers at {@code url}: the manager, or the load balancer in front of several. */
    private long servingPid() {
        return several == null ? managerPid() : several.loadBalancerPid();
    }

    /** Waits until every node is HEALTHY; fails at once when one of {@code started} (started now) has exited. */
    private void awaitHealthy(List<LocalPool.Started> nodes, List<ProcessStart> started) throws Exception {
        JsonNode status = UpCommand.awaitHealthy(pool, pool.http(), pool.operatorToken(), url, out, servingPid(),
                pool.dir.resolve(several == null ? "manager.log" : "haproxy.log"), started);
        pool.poolJson().write(url, managerPid(), nodes, status.path("state").asText(), several);
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return LocalPool.send(pool.http(), pool.operatorToken(), method, URI.create(url + path + "?api-version=7.5"), body);
    }

    /** The manager's refusal, in its own words (its Key Vault error message). */
    private UserError refused(String what, HttpResponse<String> r) {
        String message;
        try {
            message = LocalPool.JSON.readTree(r.body()).path("error").path("message").asText(r.body());
        } catch (IOException notJson) {
            message = r.body();
        }
        return new UserError(what + " was refused (" + r.statusCode() + "): " + message);
    }
}
