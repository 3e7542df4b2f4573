package org.hsmpool.cli.sd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.OutputFile;
import org.hsmpool.cli.common.UserError;
import org.hsmpool.cli.remote.PoolClient;
import org.hsmpool.cli.remote.RemoteCommand;
import org.hsmpool.sd.TransferKey;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hsmpool sd transfer-key}: a restoring pool's transfer key ({@code GET /securitydomain/upload}),
 * written as the JWK that {@code sd share --for} reads, with its thumbprint as words to read out to
 * each administrator over a second channel.
 */
@Command(name = "transfer-key",
        description = {"Fetches the transfer key of a new, not yet activated pool (GET /securitydomain/upload) and writes"
                + " its JWK to FILE, the form 'hsmpool sd share --for FILE' reads. Send FILE and the pool's CA certificate"
                + " to each administrator who restores.",
            "Prints the key's thumbprint as ten words: read them to each administrator on a call; their"
                + " 'sd share' prints the same words for the key it encrypts to."},
        footerHeading = "%nExample:%n",
        footer = {"  hsmpool sd transfer-key --out transfer-key.json"})
final class TransferKeyCommand extends RemoteCommand {

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the transfer key (JWK).")
    Path outFile;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    TransferKeyCommand(Host host) {
        super(host);
    }

    @Override
    public Integer call() throws Exception {
        if (!force && Files.exists(outFile)) {
            throw new UserError(outFile + " already exists; choose another --out, or add --force to replace it");
        }
        PoolClient pool = pool();
        JsonNode jwk = pool.call("GET", "/securitydomain/upload", null).path("transfer_key");
        if (!jwk.isObject()) {
            throw new UserError("GET /securitydomain/upload answered no transfer_key; is " + pool.base() + " an hsmpool pool?");
        }
        OutputFile.write(outFile, PoolClient.JSON.writeValueAsString(jwk) + "\n", OutputFile.PUBLIC, force);
        TransferKey key = DomainFiles.transferKey(outFile);
        String attestedBy = connection.caFile(host).map(ca -> DomainFiles.attestingNode(outFile, key, ca).uri()).orElse(null);
        String words = FingerprintWords.of(key.thumbprint().value());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("out", outFile.toString());
        json.put("x5t#S256", key.thumbprint().value());
        json.put("words", words);
        json.put("attested_by", attestedBy);
        return done(json, "Wrote " + outFile + ": the transfer key of " + pool.base()
                + (attestedBy == null ? "" : ", held by " + attestedBy), "  x5t#S256  " + key.thumbprint(),
                "  words     " + words, "Send " + outFile + " and the pool CA certificate to each administrator; on a call,"
                        + " read them the words: 'hsmpool sd share' prints the same ones.");
    }
}
