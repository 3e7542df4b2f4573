package org.hsmpool.cli.audit;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.UserError;
import org.hsmpool.cli.remote.PoolClient;
import org.hsmpool.cli.remote.PoolConnection;
import org.hsmpool.nodeapi.pki.Pem;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsmpool audit verify}. */
@Command(name = "audit", description = "Works with the pool's audit log.", subcommands = AuditCommand.Verify.class,
        footerHeading = "%nExamples:%n", footer = {"  hsmpool audit verify", "  hsmpool audit verify --file /var/lib/hsmpool/audit.jsonl"})
public final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "verify", description = {
        "Checks an audit file: every record's hash against its content (a modified record), the sequence and"
            + " the chain of hashes (a removed, inserted or reordered record), every seal's node signature against the"
            + " pool CA and each node's chain of seals (a rewritten chain), each node's signed seal counter against the"
            + " file's last seal of that node (records cut off, or the store and the file rolled back together), and"
            + " that the file reaches the pool's last seal. Seals of older files (MACs under the pool MAC key) are"
            + " checked by the pool. Records after the last seal are chained but not yet sealed.",
        "Exit code 0 when the file is intact, 4 when it is not (each problem on its own line), 1 when it cannot be"
            + " checked."},
            footerHeading = "%nExamples:%n", footer = {"  hsmpool audit verify",
                "  hsmpool audit verify --file copy-of-audit.jsonl --url https://hsm.example.net:8443 --ca ca.crt --token @t"})
    static final class Verify implements Callable<Integer> {
        /** As many as the pool checks in one request (AuditResource.MAX_SEALS). */
        static final int SEALS_PER_CALL = 100;
        private final Host host;

        @Mixin
        org.hsmpool.cli.common.OutputFormat output;

        @Spec
        CommandSpec spec;

        @Mixin
        PoolConnection connection;

        @Option(names = "--pool-ca", paramLabel = "FILE", description = "PEM certificate of the pool CA, which issued the "
                + "nodes' certificates that sign seals (default: the local pool's in --dir; required for any other pool)")
        Path poolCaFile;

        @Option(names = "--file", paramLabel = "FILE", description = "the audit file (default: audit.jsonl of the local "
                + "pool in --dir; required for any other pool)")
        Path file;

        Verify(Host host) {
            this.host = host;
        }

        private List<X509Certificate> poolCa() {
            Path f = poolCaFile != null ? poolCaFile : connection.localPool()
                    .map(j -> j.path("caCertificate").asText(null)).filter(t -> t != null).map(Path::of)
                    .orElseThrow(() -> new UserError("give the pool CA certificate with --pool-ca: seals are signed by the"
                            + " pool's nodes and checked against the CA that issued their certificates"));
            try {
                List<X509Certificate> ca = Pem.readCertificates(f);
                if (ca.isEmpty()) {
                    throw new UserError("the pool CA file " + f + " holds no certificate");
                }
                return ca;
            } catch (java.io.IOException | RuntimeException e) {
                if (e instanceof UserError u) {
                    throw u;
                }
                throw new UserError("the pool CA file " + f + " cannot be read as PEM certificates: " + e.getMessage());
            }
        }

        @Override
        public Integer call() throws Exception {
            PoolClient pool = connection.open(host);
            List<X509Certificate> poolCa = poolCa();
            byte[] nonce = new byte[32];
            new SecureRandom().nextBytes(nonce);
            JsonNode head = pool.call("GET", "/hsmpool/audit/head?nonce=" + HexFormat.of().formatHex(nonce), null);
            Path path = file != null ? file : connection.localDirectory().map(d -> d.resolve("audit.jsonl"))
                    .orElseThrow(() -> new UserError("give the audit file with --file: the pool does not say where "
                            + "its files are"));
            if (!Files.isReadable(path)) {
                throw new UserError("cannot read the audit file " + path + ": give it with --file");
            }
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            AuditVerifier.Result result = AuditVerifier.verify(lines);
            List<String> problems = new ArrayList<>(result.problems());
            List<AuditVerifier.Seal> macSeals = result.seals().stream().filter(s -> !s.signed()).toList();
            if (!macSeals.isEmpty()) {
                List<Map<String, Object>> asked = new ArrayList<>();
                for (AuditVerifier.Seal s : macSeals) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("seq", s.seq());
                    m.put("prev", s.prev());
                    m.put("mac", s.mac());
                    asked.add(m);
                }
                List<Boolean> valid = new ArrayList<>();
                for (int from = 0; from < asked.size(); from += SEALS_PER_CALL) {
                    pool.call("POST", "/hsmpool/audit/seals", Map.of("seals", asked.subList(from,
                            Math.min(asked.size(), from + SEALS_PER_CALL)))).path("valid")
                            .forEach(v -> valid.add(v.asBoolean(false)));
                }
                for (int i = 0; i < macSeals.size(); i++) {
                    if (i >= valid.size() || !valid.get(i)) {
                        AuditVerifier.Seal s = macSeals.get(i);
                        problems.add("line " + s.line() + " (seal " + s.seq() + "): the pool does not recognise this seal:"
                                + " the records before it were rewritten, or it is not this pool's");
                    }
                }
            }
            boolean fromGenesis = !lines.isEmpty() && lines.get(0).startsWith("{\"seq\":1,");
            SealChains.Report chains = SealChains.check(result.seals(), fromGenesis, poolCa, nonce, head.get("counters"),
                    head.get("unanswered"));
            problems.addAll(chains.problems());
            long headSeq = head.path("seq").asLong();
            String headHash = head.path("hash").asText();
            if (headSeq > 0) {
                int at = -1;
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).startsWith("{\"seq\":" + headSeq + ",")) {
                        at = i;
                    }
                }
                if (at < 0) {
                    problems.add("the file does not reach the pool's last seal (record " + headSeq + "): records were "
                            + "removed from its end");
                } else if (!headHash.equals(org.hsmpool.nodeapi.audit.AuditLines.statedHash(lines.get(at)))) {
                    problems.add("record " + headSeq + " is not the seal the pool recorded: the file was rewritten");
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
                json.put("file", path.toString());
                json.put("intact", problems.isEmpty());
                json.put("records", result.records());
                json.put("seals", result.seals().size());
                json.put("signedSeals", chains.signedSeals());
                json.put("lastRecord", result.lastSeq());
                json.put("poolLastSeal", headSeq);
                json.put("countersConfirmed", head.path("counters").size());
                json.put("notes", chains.notes());
                json.put("problems", problems);
                org.hsmpool.cli.common.OutputFormat.print(out, json);
                return problems.isEmpty() ? 0 : 4;
            }
            chains.notes().forEach(n -> out.println(path + ": note: " + n));
            if (problems.isEmpty()) {
                out.printf("%s: intact: %d records, %d seals (%d node-signed), last record %d, pool's last seal %d, %d node"
                        + " counter(s) confirmed%n", path, result.records(), result.seals().size(), chains.signedSeals(),
                        result.lastSeq(), headSeq, head.path("counters").size());
                return 0;
            }
            problems.forEach(p -> out.println(path + ": " + p));
            out.printf("%s: NOT intact: %d problem(s) in %d records%n", path, problems.size(), result.records());
            return 4;
        }
    }
}
