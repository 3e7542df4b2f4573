package org.hsmpool.cli.pool;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.hsmpool.cli.common.UserError;
import org.hsmpool.nodeapi.pki.Pem;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hsmpool cert status|rotate}: the TLS certificates of a local pool, and their rotation without downtime. */
@Command(name = "cert", description = {"Shows and rotates the TLS certificates of the local pool in DIR (the manager's, used"
        + " towards the nodes and for HTTPS, and each node's), all issued by the pool CA.",
    "Rotation needs no restart: every process reads its certificate files again every reload period"
        + " (hsmpool.node.tls.reload-period, hsmpool.pool.tls.reload-period; default 10s) and uses new ones for new"
        + " connections, while open connections go on."},
        footerHeading = "%nExamples:%n", footer = {"  hsmpool cert status", "  hsmpool cert rotate",
            "  hsmpool cert rotate --validity-days 90 --wait 60"})
public final class CertCommand implements Runnable {
    private static final String DIR_DEFAULT = "${env:HSMPOOL_DIR:-.hsmpool}";
    private static final String DIR_HELP = "where the pool lives (default: ${DEFAULT-VALUE})";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a cert command is missing");
    }

    @Command(name = "status", description = "For each certificate: its subject, serial and expiry from the files, and whether"
            + " the running process presents it (a TLS handshake with each node and with the HTTPS front end; the"
            + " manager's own report for the certificate it uses towards the nodes).",
            footerHeading = "%nExamples:%n", footer = {"  hsmpool cert status", "  hsmpool cert status --dir /srv/pool"})
    int status(@Option(names = "--dir", defaultValue = DIR_DEFAULT, description = DIR_HELP) Path dir,
            @picocli.CommandLine.Mixin org.hsmpool.cli.common.OutputFormat output) throws Exception {
        LocalPool pool = new LocalPool(dir, dir); // no application jars are needed here
        CertRotation rotation = new CertRotation(pool, out());
        List<CertRotation.Target> targets = rotation.targets();
        List<Optional<X509Certificate>> seen = rotation.presented(targets);
        X509Certificate ca = Pem.readCertificates(pool.caFile()).get(0);
        Optional<X509Certificate> front = rotation.frontEnd();
        List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
        rows.add(row("pool CA", ca, null));
        if (!output.json()) {
            out().printf("%-10s %-34s %-12s %s%n", "WHO", "SERIAL", "EXPIRES IN", "IN USE");
            out().printf("%-10s %-34s %-12s %s%n", "pool CA", CertRotation.serial(ca), days(ca), "-");
        }
        for (int i = 0; i < targets.size(); i++) {
            X509Certificate file = Pem.readCertificates(targets.get(i).certificate()).get(0);
            Optional<X509Certificate> presented = seen.get(i);
            if (i == 0) {
                presented = presented.filter(c -> front.map(c::equals).orElse(false));
            }
            rows.add(row(targets.get(i).name(), file, presented.map(file::equals).orElse(false)));
            if (!output.json()) {
                out().printf("%-10s %-34s %-12s %s%n", targets.get(i).name(), CertRotation.serial(file), days(file),
                        presented.map(c -> c.equals(file) ? "yes" : "no: serves " + CertRotation.serial(c)).orElse("no, or not reachable"));
            }
        }
        if (output.json()) {
            org.hsmpool.cli.common.OutputFormat.print(out(), java.util.Map.of("certificates", rows));
        }
        out().flush();
        return 0;
    }

    @Command(name = "rotate", description = {"Issues a new key and certificate from the pool CA for the manager and every node"
            + " (same identity and host names), installs them, and waits until every running process presents its new"
            + " certificate. Calls in flight and new calls go on throughout; no process restarts.",
        "The old certificates are not revoked: they stay valid until they expire. Exit code 1 when a process has not"
            + " taken its new certificate within --wait."},
            footerHeading = "%nExamples:%n", footer = {"  hsmpool cert rotate", "  hsmpool cert rotate --validity-days 30"})
    int rotate(@Option(names = "--dir", defaultValue = DIR_DEFAULT, description = DIR_HELP) Path dir,
            @Option(names = "--validity-days", defaultValue = "825", paramLabel = "DAYS",
                    description = "how long the new certificates are valid (default: ${DEFAULT-VALUE})") int validityDays,
            @Option(names = "--wait", defaultValue = "120", paramLabel = "SECONDS",
                    description = "how long to wait for the processes to take their new certificates (default: ${DEFAULT-VALUE})")
            int waitSeconds, @picocli.CommandLine.Mixin org.hsmpool.cli.common.OutputFormat output) throws Exception {
        if (validityDays < 1 || validityDays > 3650) {
            throw new UserError("--validity-days must be 1..3650, got " + validityDays);
        }
        if (waitSeconds < 1) {
            throw new UserError("--wait must be at least 1 second, got " + waitSeconds);
        }
        LocalPool pool = new LocalPool(dir, dir); // no application jars are needed here
        List<CertRotation.Rotated> rotated = new CertRotation(pool, output.json() ? spec.commandLine().getErr() : out())
                .rotate(Duration.ofDays(validityDays), Duration.ofSeconds(waitSeconds));
        boolean allInUse = true;
        List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
        if (!output.json()) {
            out().printf("%-10s %-34s %-34s %s%n", "WHO", "OLD SERIAL", "NEW SERIAL", "IN USE");
        }
        for (CertRotation.Rotated r : rotated) {
            if (output.json()) {
                rows.add(java.util.Map.of("name", r.target().name(), "oldSerial", r.oldSerial(), "newSerial", r.newSerial(),
                        "inUse", r.inUse()));
            } else {
                out().printf("%-10s %-34s %-34s %s%n", r.target().name(), r.oldSerial(), r.newSerial(), r.inUse() ? "yes" : "no");
            }
            allInUse &= r.inUse();
        }
        if (output.json()) {
            org.hsmpool.cli.common.OutputFormat.print(out(), java.util.Map.of("rotated", rows));
        }
        out().flush();
        if (!allInUse && PoolProcesses.alive(pool.poolJson().read().path("managerPid").asLong())) {
            throw new UserError("a process has not taken its new certificate within " + waitSeconds
                    + " s; look at its log (hsmpool logs) for 'keeping the TLS identity' and run 'hsmpool cert status'");
        }
        return 0;
    }

    /** One certificate in the JSON form of 'cert status'; {@code inUse} null for the CA. */
    private static java.util.Map<String, Object> row(String name, X509Certificate c, Boolean inUse) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", name);
        m.put("serial", CertRotation.serial(c));
        m.put("notAfter", c.getNotAfter().toInstant().getEpochSecond());
        m.put("inUse", inUse);
        return m;
    }

    private static String days(X509Certificate c) {
        long d = ChronoUnit.DAYS.between(Instant.now(), c.getNotAfter().toInstant());
        return d < 0 ? "EXPIRED" : d + " days";
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
