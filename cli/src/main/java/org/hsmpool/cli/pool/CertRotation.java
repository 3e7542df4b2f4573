package org.hsmpool.cli.pool;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.hsmpool.cli.common.UserError;
import org.hsmpool.nodeapi.pki.Pem;
import org.hsmpool.nodeapi.pki.PoolCa;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.pki.TlsMaterial;
import org.hsmpool.nodeapi.provision.NodeDirectory;
import org.hsmpool.nodeapi.provision.OwnerOnly;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Rotation of a local pool's TLS certificates without a restart. New certificates and keys from
 * the pool CA replace the files of the manager and of every node (each file written aside, then
 * renamed into place); the processes read their files again every reload period and adopt the new
 * material for new connections, keeping open ones. The rotation then watches each process until it
 * presents its new certificate: the nodes and the HTTPS front end in a real handshake, the manager's
 * client certificate in {@code GET /hsmpool/status}.
 */
final class CertRotation {
    /** One TLS identity of the pool: where its files are and how to see what its process presents. */
    record Target(String name, Path certificate, Path key, Optional<String> endpoint) {
        TlsMaterial.Sources sources(Path ca) {
            return new TlsMaterial.Sources(certificate, key, Optional.of(ca));
        }
    }

    /** What a rotation did to one identity. */
    record Rotated(Target target, String oldSerial, String newSerial, Instant notAfter, boolean inUse) {
    }

    private final LocalPool pool;
    private final PrintWriter out;

    CertRotation(LocalPool pool, PrintWriter out) {
        this.pool = pool;
        this.out = out;
    }

    Target manager() {
        return new Target("manager", pool.dir.resolve("manager/manager.crt"), pool.dir.resolve("manager/manager.key"),
                Optional.empty());
    }

    /** The manager, then every node recorded in pool.json. */
    List<Target> targets() throws IOException {
        List<Target> all = new ArrayList<>();
        all.add(manager());
        for (LocalPool.Started n : pool.poolJson().nodes()) {
            NodeDirectory node = new NodeDirectory(pool.dir.resolve(n.name()), n.name());
            all.add(new Target(n.name(), node.certificate(), node.key(), Optional.of(n.endpoint())));
        }
        return all;
    }

    /** Issue and install new certificates for every target, then wait until the running processes use them. */
    List<Rotated> rotate(Duration validity, Duration wait) throws IOException, InterruptedException {
        PoolCa ca = PoolCa.load(pool.caFile(), pool.caKey());
        List<Target> targets = targets();
        List<String> oldSerials = new ArrayList<>();
        List<X509Certificate> issued = new ArrayList<>();
        for (Target t : targets) {
            X509Certificate current = Pem.readCertificates(t.certificate()).get(0);
            PoolIdentity who = PoolIdentity.of(current).orElseThrow(() -> new UserError("the certificate "
                    + t.certificate() + " names no pool identity; re-provision " + t.name()));
            PoolCa.Issued next = ca.issue(who, hostNames(current), validity);
            install(t, next);
            oldSerials.add(serial(current));
            issued.add(next.certificate());
            out.println("installed a new certificate for " + t.name() + " (serial " + serial(next.certificate()) + ")");
            out.flush();
        }
        boolean running = PoolProcesses.alive(pool.poolJson().read().path("managerPid").asLong());
        List<Boolean> inUse = running ? awaitInUse(targets, issued, wait) : targets.stream().map(t -> false).toList();
        List<Rotated> result = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            result.add(new Rotated(targets.get(i), oldSerials.get(i), serial(issued.get(i)),
                    issued.get(i).getNotAfter().toInstant(), inUse.get(i)));
        }
        if (!running) {
            out.println("the pool is not running: its processes use the new certificates when they start");
        }
        return result;
    }

    /** The certificate each running process presents now (empty when it cannot be reached). */
    List<Optional<X509Certificate>> presented(List<Target> targets) throws IOException {
        TlsMaterial manager = loadManager();
        List<Optional<X509Certificate>> seen = new ArrayList<>();
        for (Target t : targets) {
            seen.add(t.endpoint().isPresent() ? handshake(t.endpoint().get(), Optional.of(manager), manager.authorities())
                    : managerClientCertificate(manager));
        }
        return seen;
    }

    /** The front end's certificate, as HTTPS clients see it. */
    Optional<X509Certificate> frontEnd() throws IOException {
        URI url = URI.create(pool.poolJson().read().path("url").asText());
        return handshake(url.getHost() + ":" + url.getPort(), Optional.empty(), Pem.readCertificates(pool.caFile()));
    }

    private List<Boolean> awaitInUse(List<Target> targets, List<X509Certificate> issued, Duration wait)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        out.print("waiting until every process presents its new certificate ");
        out.flush();
        while (true) {
            List<Optional<X509Certificate>> seen = presented(targets);
            List<Boolean> inUse = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                inUse.add(seen.get(i).map(issued.get(i)::equals).orElse(false));
            }
            boolean front = frontEnd().map(issued.get(0)::equals).orElse(false);
            if ((front && !inUse.contains(false)) || Instant.now().isAfter(deadline)) {
                out.println(front && !inUse.contains(false) ? " done" : " gave up after " + wait.toSeconds() + " s");
                if (!front) {
                    inUse.set(0, false);
                }
                return inUse;
            }
            out.print('.');
            out.flush();
            Thread.sleep(500);
        }
    }

    private TlsMaterial loadManager() {
        try {
            return manager().sources(pool.caFile()).load();
        } catch (TlsMaterial.Invalid e) {
            throw new UserError("the manager's TLS files are not usable: " + e.getMessage());
        }
    }

    /** The serial the manager reports for the certificate it uses towards the nodes. */
    private Optional<X509Certificate> managerClientCertificate(TlsMaterial manager) {
        try {
            JsonNode pj = pool.poolJson().read();
            var r = LocalPool.send(pool.http(), pool.operatorToken(), "GET",
                    URI.create(pj.path("url").asText() + "/hsmpool/status?api-version=7.5"), null);
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
            String serial = LocalPool.JSON.readTree(r.body()).path("tls").path("serial").asText();
            return serial.equals(serial(manager.leaf())) ? Optional.of(manager.leaf()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** A full TLS handshake (a new context: nothing resumed), returning the server's certificate. */
    static Optional<X509Certificate> handshake(String endpoint, Optional<TlsMaterial> identity, List<X509Certificate> trust) {
        int colon = endpoint.lastIndexOf(':');
        try {
            SSLContext ctx = TlsMaterial.clientContext(trust, identity);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
                s.connect(new InetSocketAddress(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1))), 3000);
                s.setSoTimeout(3000);
                s.startHandshake();
                return Optional.of((X509Certificate) s.getSession().getPeerCertificates()[0]);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void install(Target t, PoolCa.Issued next) throws IOException {
        // written aside, then renamed over the old files: a process never reads half a file, and a
        // process that reads the new key with the old certificate refuses the pair and tries again
        Path aside = OwnerOnly.directory(t.certificate().getParent().resolve(".rotation"));
        next.writeTo(aside, "next");
        OwnerOnly.file(aside.resolve("next.crt"));
        Files.move(aside.resolve("next.key"), t.key(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(aside.resolve("next.crt"), t.certificate(), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Files.delete(aside);
    }

    /** The DNS names and addresses of a certificate, so that a rotated one serves the same names. */
    static List<String> hostNames(X509Certificate c) {
        List<String> names = new ArrayList<>();
        try {
            if (c.getSubjectAlternativeNames() != null) {
                for (List<?> san : c.getSubjectAlternativeNames()) {
                    int type = (Integer) san.get(0);
                    if (type == 2 || type == 7) {
                        names.add((String) san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new UserError("cannot read the names of " + c.getSubjectX500Principal() + ": " + e.getMessage());
        }
        return names;
    }

    static String serial(X509Certificate c) {
        return c.getSerialNumber().toString(16).toUpperCase();
    }
}
