package org.hsmpool.cli.sd;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.InputFile;
import org.hsmpool.cli.common.Progress;
import org.hsmpool.cli.common.UserError;
import org.hsmpool.cli.remote.PoolClient;
import org.hsmpool.cli.remote.RemoteCommand;
import org.hsmpool.sd.DomainFacts;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hsmpool sd upload}: restores a new pool's security domain ({@code POST /securitydomain/upload})
 * from the blob and a quorum of transfer shares made with {@code sd share}, given as files or collected
 * from a directory as the administrators drop them there. The master is recombined inside the node
 * that holds the transfer key, never here.
 */
@Command(name = "upload",
        description = {"Restores the security domain into a new pool from the blob (as 'sd download' wrote it, or the blob"
                + " alone) and at least M transfer shares ('hsmpool sd share' of M administrators, made for this pool's"
                + " transfer key). With --shares DIR it waits until M share files (*.jwe) are in DIR, showing how many"
                + " it has.",
            "Then it waits until the pool reports the restore done and prints the pool's state. On a local pool, the"
                + " operator gets Crypto Officer and Crypto User at /, as after 'up --demo'."},
        footerHeading = "%nExamples:%n",
        footer = {"  hsmpool sd upload --blob security-domain.json --share share-alice.jwe --share share-carol.jwe",
            "  hsmpool sd upload --blob security-domain.json --shares incoming/ --wait 3600"})
final class UploadCommand extends RemoteCommand {

    @Option(names = "--blob", required = true, paramLabel = "SD.json", description = "The security-domain blob.")
    Path blobFile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Shares shares;

    static final class Shares {
        @Option(names = "--share", paramLabel = "FILE", description = "A transfer share file ('hsmpool sd share --out'); one each.")
        List<Path> files;

        @Option(names = "--shares", paramLabel = "DIR", description = "Take the *.jwe files of DIR, waiting until there are M.")
        Path directory;
    }

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "3600",
            description = "How long --shares waits for M files (default: ${DEFAULT-VALUE}).")
    long waitSeconds;

    UploadCommand(Host host) {
        super(host);
    }

    @Override
    public Integer call() throws Exception {
        DomainFiles.BlobFile blob = DomainFiles.blobFile(blobFile);
        DomainFacts facts = blob.blob().facts();
        PrintWriter err = err();
        List<String> jwes = shares.files != null ? read(shares.files) : collect(shares.directory, facts, err);
        if (jwes.size() < facts.required()) {
            throw new UserError(jwes.size() + " share(s) given, the quorum of this security domain is " + facts.required()
                    + " of " + facts.shareCount() + "; give at least " + facts.required() + " --share files");
        }
        PoolClient pool = pool();
        Progress.during(err, "restoring the security domain " + facts.poolId() + " into " + pool.base(),
                () -> pool.call("POST", "/securitydomain/upload", Map.of("value", blob.blobJson(), "shares", jwes)));
        String status = DomainCalls.awaitSuccess(pool, "upload");
        List<String> roles = DomainCalls.grantLocalOperator(connection, pool, err);
        JsonNode poolStatus = pool.call("GET", "/hsmpool/status", null);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", status);
        json.put("pool_id", facts.poolId());
        json.put("shares", jwes.size());
        json.put("state", poolStatus.path("state").asText());
        json.put("operator_roles", roles);
        return done(json, "Restored the security domain " + facts.poolId() + " from " + jwes.size() + " shares: "
                + pool.base() + " is " + poolStatus.path("state").asText() + " (" + poolStatus.path("nodes").size()
                + " nodes).", "Next: restore the keys from the old pool's backup.");
    }

    private static List<String> read(List<Path> files) {
        List<String> jwes = new ArrayList<>();
        for (Path file : files) {
            String jwe = InputFile.readText(file, "the share").strip();
            if (!jwes.contains(jwe)) {
                jwes.add(jwe);
            }
        }
        return jwes;
    }

    /** The distinct *.jwe files of {@code dir}, waiting until there are M; says "k of M" each time one arrives. */
    private List<String> collect(Path dir, DomainFacts facts, PrintWriter err) throws IOException, InterruptedException {
        if (!Files.isDirectory(dir)) {
            throw new UserError("--shares " + dir + " is not a directory; create it and have the administrators put their"
                    + " share files there");
        }
        Instant until = Instant.now().plusSeconds(waitSeconds);
        int reported = -1;
        while (true) {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, "*.jwe")) {
                listing.forEach(files::add);
            }
            files.sort(null);
            List<String> jwes = read(files);
            if (jwes.size() != reported) {
                err.println("hsmpool: " + Math.min(jwes.size(), facts.required()) + " of " + facts.required()
                        + " shares in " + dir + " (quorum " + facts.required() + " of " + facts.shareCount() + ")");
                err.flush();
                reported = jwes.size();
            }
            if (jwes.size() >= facts.required()) {
                return jwes;
            }
            if (Instant.now().isAfter(until)) {
                throw new UserError("only " + jwes.size() + " of " + facts.required() + " shares arrived in " + dir
                        + " within " + waitSeconds + " s; run the command again when the administrators have made theirs");
            }
            Thread.sleep(1000);
        }
    }
}
