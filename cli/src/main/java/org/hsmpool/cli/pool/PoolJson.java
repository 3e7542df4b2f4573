package org.hsmpool.cli.pool;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.cli.common.UserError;
import org.hsmpool.cli.pool.LocalPool.ManagerAddress;
import org.hsmpool.cli.pool.LocalPool.Several;
import org.hsmpool.cli.pool.LocalPool.SharedStore;
import org.hsmpool.cli.pool.LocalPool.Started;
import org.hsmpool.nodeapi.provision.OwnerOnly;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A local pool's {@code pool.json}: its URL, CA and tokens file, its managers (each with its audit
 * file), store and load balancer, its nodes with their pids and endpoints, and its state; written whole for scripts, read
 * back by the next command.
 */
final class PoolJson {
    private final LocalPool pool;

    PoolJson(LocalPool pool) {
        this.pool = pool;
    }

    Path path() {
        return pool.dir.resolve("pool.json");
    }

    /**
     * The audit file of manager {@code name}, as {@code pool.json} records it for {@code hsmpool audit
     * verify}: a pool's one manager keeps {@code audit.jsonl} beside its SQLite store, each of several
     * managers on a shared PostgreSQL store its own {@code <name>-audit.jsonl}.
     */
    Path auditFile(String name, boolean shared) {
        return pool.dir.resolve(shared ? name + "-audit.jsonl" : "audit.jsonl");
    }

    void write(String url, long managerPid, List<Started> nodes, String state) throws IOException {
        write(url, managerPid, nodes, state, null);
    }

    /**
     * {@code pool.json}; {@code several}: the managers, store and load balancer of a pool with several
     * managers (null: one manager on the SQLite file, whose management port stays as recorded).
     */
    void write(String url, long managerPid, List<Started> nodes, String state, Several several)
            throws IOException {
        write(url, managerPid, several == null ? soleManagementPort() : 0, nodes, state, several);
    }

    /** The same, with the management port of the pool's one manager ({@code several} null). */
    void write(String url, long managerPid, int managementPort, List<Started> nodes, String state, Several several)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url);
        m.put("caCertificate", pool.caFile().toString());
        m.put("tokenFile", pool.tokenFile().toString());
        m.put("managerPid", managerPid);
        if (several == null) {
            m.put("managers", List.of(manager(new ManagerAddress(LocalPool.SOLE_MANAGER, URI.create(url).getPort(),
                    managementPort), managerPid, url, false)));
            m.put("store", Map.of("kind", "sqlite", "file", pool.dir.resolve("pool.db").toString()));
        } else {
            List<Map<String, Object>> managers = new ArrayList<>();
            for (int i = 0; i < several.managers().size(); i++) {
                ManagerAddress a = several.managers().get(i);
                managers.add(manager(a, several.pids().get(i), a.url(), true));
            }
            m.put("managers", managers);
            m.put("store", Map.of("kind", "postgresql", "url", several.store().url(), "directory",
                    PoolDatabase.serverDirectory(pool.dir).toString()));
            m.put("loadBalancer", Map.of("kind", "haproxy", "pid", several.loadBalancerPid(), "config",
                    pool.dir.resolve("haproxy.cfg").toString()));
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Started n : nodes) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", n.name());
            node.put("pid", n.pid());
            node.put("endpoint", n.endpoint());
            if (n.managementPort() > 0) {
                node.put("managementPort", n.managementPort());
            }
            list.add(node);
        }
        m.put("nodes", list);
        m.put("state", state);
        // written whole, then renamed: a script never reads half a file
        Path tmp = pool.dir.resolve("pool.json.tmp");
        OwnerOnly.writeString(tmp, LocalPool.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
        Files.move(tmp, path(), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private Map<String, Object> manager(ManagerAddress a, long pid, String url, boolean shared) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("pid", pid);
        m.put("url", url);
        if (a.managementPort() > 0) {
            m.put("managementPort", a.managementPort());
        }
        m.put("auditFile", auditFile(a.name(), shared).toString());
        return m;
    }

    /** The management port recorded for the pool's one manager (0: none recorded). */
    private int soleManagementPort() throws IOException {
        return Files.exists(path()) ? read().path("managers").path(0).path("managementPort").asInt(0) : 0;
    }

    /** The pool's managers recorded in {@code pool.json} with their pids (0: gone); empty for an older pool. */
    List<Map.Entry<ManagerAddress, Long>> managers() throws IOException {
        List<Map.Entry<ManagerAddress, Long>> managers = new ArrayList<>();
        for (JsonNode m : read().path("managers")) {
            long pid = m.path("pid").asLong();
            managers.add(Map.entry(new ManagerAddress(m.path("name").asText(), URI.create(m.path("url").asText()).getPort(),
                    m.path("managementPort").asInt(0)), PoolProcesses.alive(pid) ? pid : 0));
        }
        return managers;
    }

    /** What {@code pool.json} records of a pool with several managers; null for a pool of one. */
    Several several() throws IOException {
        if (!sharedStore()) {
            return null;
        }
        JsonNode json = read();
        List<Map.Entry<ManagerAddress, Long>> managers = managers();
        return new Several(managers.stream().map(Map.Entry::getKey).toList(),
                managers.stream().map(Map.Entry::getValue).toList(),
                new SharedStore(json.at("/store/url").asText(), PoolDatabase.serverDirectory(pool.dir).resolve("password")),
                PoolProcesses.alive(json.at("/loadBalancer/pid").asLong()) ? json.at("/loadBalancer/pid").asLong() : 0);
    }

    /** Whether {@code pool.json} says the pool's store is a PostgreSQL server of its own. */
    boolean sharedStore() throws IOException {
        return Files.exists(path()) && read().path("store").path("kind").asText().equals("postgresql");
    }

    /** The processes recorded in {@code pool.json} as they now are: a pid whose process is gone is 0. */
    List<Started> nodes() throws IOException {
        List<Started> nodes = new ArrayList<>();
        for (JsonNode n : read().path("nodes")) {
            long pid = n.path("pid").asLong();
            nodes.add(new Started(n.path("name").asText(), PoolProcesses.alive(pid) ? pid : 0, n.path("endpoint").asText(),
                    n.path("managementPort").asInt(0)));
        }
        return nodes;
    }

    JsonNode read() throws IOException {
        if (!Files.exists(path())) {
            throw new UserError("no pool in " + pool.dir + " (no pool.json); start one with: hsmpool up --pool.dir " + pool.dir);
        }
        return LocalPool.JSON.readTree(Files.readString(path()));
    }

    /** The port the pool's manager listens on, from {@code pool.json}, if the pool has been started before. */
    java.util.Optional<Integer> port() throws IOException {
        if (!Files.exists(path())) {
            return java.util.Optional.empty();
        }
        URI url = URI.create(read().path("url").asText("https://localhost:0"));
        return url.getPort() > 0 ? java.util.Optional.of(url.getPort()) : java.util.Optional.empty();
    }
}
