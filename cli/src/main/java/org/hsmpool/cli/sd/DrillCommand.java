package org.hsmpool.cli.sd;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.InputFile;
import org.hsmpool.cli.common.Progress;
import org.hsmpool.cli.common.UserError;
import org.hsmpool.cli.remote.PoolClient;
import org.hsmpool.cli.remote.RemoteCommand;
import org.hsmpool.sd.AdminKeyPair;
import org.hsmpool.sd.EncryptedShare;
import org.hsmpool.sd.SecurityDomainBlob;
import org.hsmpool.sd.Thumbprint;
import org.hsmpool.sd.TransferKey;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hsmpool sd drill}: proves that this administrator's share still opens, without a restore.
 * The share is re-encrypted to a throw-away drill key of one of the pool's nodes (attested by the
 * pool CA, checked here as {@code sd share} checks a transfer key), and that node opens and checks it;
 * the pool records who and when, and {@code hsmpool status} shows how many administrators checked
 * within 90 days.
 */
@Command(name = "drill",
        description = {"Proves that your share of the pool's security domain still opens: your key and passphrase"
                + " decrypt it here, it is re-encrypted to a throw-away key of one of the pool's nodes, and that node"
                + " opens it and checks it against the pool's security domain. The pool records the drill (who, when);"
                + " 'hsmpool status' shows how many administrators checked in the last 90 days.",
            "Needs the Managed HSM Administrator role. Your share never leaves the node in plaintext; the pool's master"
                + " secret is never formed."},
        footerHeading = "%nExample:%n",
        footer = {"  hsmpool sd drill --blob security-domain.json \\",
            "      --cert ~/hsmpool-admin/alice.crt --key ~/hsmpool-admin/alice.key --token @admin.token"})
final class DrillCommand extends RemoteCommand {

    @picocli.CommandLine.Mixin
    PassphraseOptions passphrase;

    @Option(names = "--blob", required = true, paramLabel = "SD.json", description = "The pool's security-domain blob.")
    Path blobFile;

    @Option(names = "--cert", required = true, paramLabel = "NAME.crt", description = "Your administrator certificate.")
    Path certificateFile;

    @Option(names = "--key", required = true, paramLabel = "NAME.key", description = "Your encrypted private key.")
    Path keyFile;

    @Option(names = "--pool-ca", paramLabel = "CA.crt", description = "The pool's CA certificate, which must attest the"
            + " drill key (default: the CA of --ca, $HSMPOOL_CA or the local pool).")
    Path poolCaFile;

    DrillCommand(Host host) {
        super(host);
    }

    @Override
    public Integer call() throws Exception {
        DomainFiles.BlobFile file = DomainFiles.blobFile(blobFile);
        SecurityDomainBlob blob = file.blob();
        String certificatePem = DomainFiles.certificatePem(certificateFile);
        X509Certificate certificate = DomainFiles.certificate(certificateFile, certificatePem);
        EncryptedShare entry = AdminShare.entry(blob, certificateFile, Thumbprint.of(certificate));
        Path poolCa = poolCaFile != null ? poolCaFile : connection.caFile(host).orElseThrow(() -> new UserError(
                "no pool CA to check the drill key with: give --pool-ca (or --ca, $HSMPOOL_CA)"));
        PoolClient pool = pool();
        String keyPem = InputFile.readText(keyFile, "the private key file");
        AdminKeyPair pair = AdminShare.openKey(host, passphrase, certificateFile, certificatePem, keyFile, keyPem);

        PrintWriter err = err();
        JsonNode issued = Progress.during(err, "asking a node of " + pool.base() + " for a drill key",
                () -> pool.call("POST", "/hsmpool/securitydomain/drill/key", null));
        java.util.Map<String, Object> jwk = com.nimbusds.jose.util.JSONObjectUtils.parse(
                PoolClient.JSON.writeValueAsString(issued.path("transfer_key")));
        TransferKey drillKey = DomainFiles.transferKey("the drill key of " + pool.base(), jwk);
        String attestedBy = DomainFiles.attestingNode("the drill key of " + pool.base(), jwk, drillKey, poolCa).uri();
        String share = AdminShare.reencrypt(blob, blobFile, pair, drillKey);
        JsonNode checked = Progress.during(err, "the node opens your share", () -> pool.call("POST",
                "/hsmpool/securitydomain/drill", Map.of("value", file.blobJson(), "share", share,
                        "node", issued.path("node").asText())));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("index", checked.path("index").asInt());
        json.put("x5t#S256", checked.path("x5t#S256").asText());
        json.put("checked", checked.path("checked").asLong());
        json.put("node", attestedBy);
        return done(json, "Drill passed: share " + entry.index() + " of " + blob.facts().shareCount() + " ("
                + certificateFile + ") opened in " + attestedBy + " and belongs to the pool's security domain "
                + blob.poolId() + ".", "Recorded at " + java.time.Instant.ofEpochSecond(checked.path("checked").asLong())
                + "; see 'hsmpool status'.");
    }
}
