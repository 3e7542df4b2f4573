package org.hsmpool.cli.pool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.hsmpool.cli.common.UserError;

/**
 * The PostgreSQL server of a local pool with several managers: {@code deploy/local/postgres.sh}
 * runs it from {@link #serverDirectory} (data, port, a random superuser password in a 0600 file), on
 * 127.0.0.1 only. Its data stays when the pool stops. Debian's postgresql and haproxy packages are
 * installed first when missing ({@code deploy/local/prerequisites.sh}, which waits for the dpkg lock).
 */
final class PoolDatabase {
    private final Path home;
    private final Path dir;
    private final Path poolDir;

    PoolDatabase(Path home, Path poolDir) {
        this.home = home;
        this.dir = serverDirectory(poolDir);
        this.poolDir = poolDir;
    }

    /**
     * {@code DIR/postgres}; as root, where the {@code postgres} user that runs the server can reach it
     * without opening the pool's own 0700 directory (or its parents): {@code /var/lib/hsmpool/postgres-ID},
     * ID from the pool directory's path.
     */
    static Path serverDirectory(Path poolDir) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return poolDir.resolve("postgres");
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(poolDir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            return Path.of("/var/lib/hsmpool", "postgres-" + java.util.HexFormat.of().formatHex(digest, 0, 8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path directory() {
        return dir;
    }

    Path passwordFile() {
        return dir.resolve("password");
    }

    /** Installs PostgreSQL and HAProxy when missing (apt, as root or through sudo). */
    void ensureInstalled(java.io.PrintWriter out) throws IOException, InterruptedException {
        boolean postgres = Files.isDirectory(Path.of("/usr/lib/postgresql")) && installedServer();
        boolean haproxy = LoadBalancer.installed();
        if (postgres && haproxy) {
            return;
        }
        out.println("installing PostgreSQL and HAProxy from the distribution (deploy/local/prerequisites.sh) ...");
        out.flush();
        run(List.of(home.resolve("deploy/local/prerequisites.sh").toString(), "--postgres", "--haproxy"));
        if (!installedServer() || !LoadBalancer.installed()) {
            throw new UserError("several managers need PostgreSQL and HAProxy; install them with: sudo apt-get install "
                    + "postgresql haproxy");
        }
    }

    private static boolean installedServer() throws IOException {
        if (!Files.isDirectory(Path.of("/usr/lib/postgresql"))) {
            return false;
        }
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.anyMatch(v -> Files.isExecutable(v.resolve("bin/initdb")));
        }
    }

    /** Starts the server (created the first time; already running is fine); its JDBC URL. */
    String start() throws IOException, InterruptedException {
        if (!dir.startsWith(poolDir)) { // /var/lib/hsmpool: passed through by the postgres user, never listed
            Files.createDirectories(dir.getParent(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x")));
        }
        String url = run(List.of(script(), "start", dir.toString())).strip();
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new UserError("PostgreSQL did not start: " + url);
        }
        return url;
    }

    /** Stops the server; its data stays. */
    void stop() throws IOException, InterruptedException {
        if (Files.isDirectory(dir)) {
            run(List.of(script(), "stop", dir.toString()));
        }
    }

    private String script() {
        return home.resolve("deploy/local/postgres.sh").toString();
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        Path log = poolDir.resolve("postgres.log");
        org.hsmpool.nodeapi.provision.OwnerOnly.file(log);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            String reason = Files.exists(dir.resolve("skip-reason")) ? Files.readString(dir.resolve("skip-reason")).strip()
                    : "see " + log;
            throw new UserError(command.get(0) + " " + command.get(1) + " failed: " + reason);
        }
        return output;
    }
}
