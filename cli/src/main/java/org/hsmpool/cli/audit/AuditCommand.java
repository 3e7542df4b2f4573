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

        @Option(names = "--file", paramLabel = "FILE", description = "an audit file; repeat it for every manager's file"
                + " of a pool with several managers, which are checked together (default: the files pool.json in --dir"
                + " names for the local pool's managers; required for any other pool)")
        List<Path> files = new ArrayList<>();

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

        /** One file's offline check and where it stands. */
        private record Checked(Path path, List<String> lines, AuditVerifier.Result result, List<String> problems) {
        }

        /** The files to check: those given, or the local pool's (each manager's, as pool.json records it). */
        private List<Path> paths() {
            if (!files.isEmpty()) {
                return files;
            }
            Path dir = connection.localDirectory().orElseThrow(() -> new UserError("give the audit file with --file (one"
                    + " per manager): the pool does not say where its files are"));
            JsonNode poolJson = connection.localPool().orElseThrow();
            List<Path> each = new ArrayList<>();
            for (JsonNode manager : poolJson.path("managers")) {
                if (!manager.path("auditFile").isTextual()) {
                    return writtenBefore(dir, poolJson);
                }
                each.add(Path.of(manager.path("auditFile").asText()));
            }
            return each.isEmpty() ? writtenBefore(dir, poolJson) : each;
        }

        /**
         * The files of a pool whose pool.json was written before it recorded them: a single manager's is
         * {@code audit.jsonl}, each manager's on a shared (PostgreSQL) store {@code <name>-audit.jsonl}.
         */
        private static List<Path> writtenBefore(Path dir, JsonNode poolJson) {
            JsonNode managers = poolJson.path("managers");
            if (!poolJson.path("store").path("kind").asText().equals("postgresql") || managers.isEmpty()) {
                return List.of(dir.resolve("audit.jsonl"));
            }
            List<Path> each = new ArrayList<>();
            managers.forEach(m -> each.add(dir.resolve(m.path("name").asText() + "-audit.jsonl")));
            return each;
        }

        @Override
        public Integer call() throws Exception {
            PoolClient pool = connection.open(host);
            List<X509Certificate> poolCa = poolCa();
            byte[] nonce = new byte[32];
            new SecureRandom().nextBytes(nonce);
            JsonNode head = pool.call("GET", "/hsmpool/audit/head?nonce=" + HexFormat.of().formatHex(nonce), null);
            List<Path> paths = paths();
            boolean several = paths.size() > 1;
            List<Checked> checked = new ArrayList<>();
            List<AuditVerifier.Seal> seals = new ArrayList<>();
            boolean fromGenesis = true;
            for (Path path : paths) {
                if (!Files.isReadable(path)) {
                    throw new UserError("cannot read the audit file " + path + ": give it with --file");
                }
                List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
                AuditVerifier.Result result = AuditVerifier.verify(several ? path.toString() : null, lines);
                List<String> problems = new ArrayList<>(result.problems());
                problems.addAll(checkMacSeals(pool, result));
                if (several) {
                    problems.replaceAll(p -> path + ": " + p);
                }
                checked.add(new Checked(path, lines, result, problems));
                seals.addAll(result.seals());
                fromGenesis &= lines.isEmpty() || lines.get(0).startsWith("{\"seq\":1,");
            }
            SealChains.Report chains = SealChains.check(seals, several, fromGenesis, poolCa, nonce, head.get("counters"),
                    head.get("unanswered"));
            List<String> problems = new ArrayList<>();
            checked.forEach(c -> problems.addAll(c.problems()));
            problems.addAll(chains.problems());
            long headSeq = head.path("seq").asLong();
            problems.addAll(reachesHead(checked, headSeq, head.path("hash").asText()));
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Map<String, Object> json = several ? new LinkedHashMap<>() : fileJson(checked.get(0), chains);
                json.put("intact", problems.isEmpty());
                if (several) {
                    json.put("files", checked.stream().map(c -> fileJson(c, chains)).toList());
                    json.put("signedSeals", chains.signedSeals());
                }
                json.put("poolLastSeal", headSeq);
                json.put("countersConfirmed", head.path("counters").size());
                json.put("notes", chains.notes());
                json.put("problems", problems);
                org.hsmpool.cli.common.OutputFormat.print(out, json);
                return problems.isEmpty() ? 0 : 4;
            }
            if (!several) {
                Checked c = checked.get(0);
                Path path = c.path();
                chains.notes().forEach(n -> out.println(path + ": note: " + n));
                if (problems.isEmpty()) {
                    out.printf("%s: intact: %d records, %d seals (%d node-signed), last record %d, pool's last seal %d, %d"
                            + " node counter(s) confirmed%n", path, c.result().records(), c.result().seals().size(),
                            chains.signedSeals(), c.result().lastSeq(), headSeq, head.path("counters").size());
                    return 0;
                }
                problems.forEach(p -> out.println(path + ": " + p));
                out.printf("%s: NOT intact: %d problem(s) in %d records%n", path, problems.size(), c.result().records());
                return 4;
            }
            chains.notes().forEach(n -> out.println("note: " + n));
            problems.forEach(p -> out.println("problem: " + p));
            for (Checked c : checked) {
                long broken = brokenAt(c, chains);
                out.printf("%s: %d records, %d seals, last record %d: %s%n", c.path(), c.result().records(),
                        c.result().seals().size(), c.result().lastSeq(), broken < 0 ? "verified"
                                : "NOT intact, broken at record " + broken);
            }
            if (problems.isEmpty()) {
                out.printf("intact: %d audit files, %d node-signed seals in the nodes' chains, pool's last seal %d, %d node"
                        + " counter(s) confirmed%n", checked.size(), chains.signedSeals(), headSeq,
                        head.path("counters").size());
                return 0;
            }
            out.printf("NOT intact: %d problem(s) in %d audit files%n", problems.size(), checked.size());
            return 4;
        }

        /** The first record of a file a problem points at (its own chain, or a seal in a node's chain); -1: none. */
        private static long brokenAt(Checked c, SealChains.Report chains) {
            long own = c.result().brokenAt();
            Long seal = chains.brokenAt().get(c.path().toString());
            if (own < 0) {
                return seal == null ? (c.problems().isEmpty() ? -1 : c.result().lastSeq()) : seal;
            }
            return seal == null ? own : Math.min(own, seal);
        }

        private static Map<String, Object> fileJson(Checked c, SealChains.Report chains) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("file", c.path().toString());
            json.put("records", c.result().records());
            json.put("seals", c.result().seals().size());
            json.put("signedSeals", c.result().seals().stream().filter(AuditVerifier.Seal::signed).count());
            json.put("lastRecord", c.result().lastSeq());
            json.put("brokenAt", brokenAt(c, chains));
            return json;
        }

        /** Format-1 seals (MACs) of a file, checked by the pool. */
        private static List<String> checkMacSeals(PoolClient pool, AuditVerifier.Result result) {
            List<String> problems = new ArrayList<>();
            List<AuditVerifier.Seal> macSeals = result.seals().stream().filter(s -> !s.signed()).toList();
            if (macSeals.isEmpty()) {
                return problems;
            }
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
                    problems.add(s.where() + " (seal " + s.seq() + "): the pool does not recognise this seal: the records"
                            + " before it were rewritten, or it is not this pool's");
                }
            }
            return problems;
        }

        /**
         * The store's audit head (the leader's last seal) must be in a file: its record number with its hash.
         * With several managers it is in the file of the manager that led then.
         */
        private static List<String> reachesHead(List<Checked> checked, long headSeq, String headHash) {
            if (headSeq <= 0) {
                return List.of();
            }
            boolean numbered = false;
            for (Checked c : checked) {
                for (String line : c.lines()) {
                    if (line.startsWith("{\"seq\":" + headSeq + ",")) {
                        numbered = true;
                        if (headHash.equals(org.hsmpool.nodeapi.audit.AuditLines.statedHash(line))) {
                            return List.of();
                        }
                    }
                }
            }
            String files = checked.size() > 1 ? "no file reaches" : "the file does not reach";
            return List.of(numbered ? "record " + headSeq + " is not the seal the pool recorded: the file was rewritten"
                    : files + " the pool's last seal (record " + headSeq + "): records were removed from its end");
        }
    }
}
