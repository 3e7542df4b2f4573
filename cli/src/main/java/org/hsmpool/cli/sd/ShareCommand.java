package org.hsmpool.cli.sd;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.InputFile;
import org.hsmpool.cli.common.OutputFile;
import org.hsmpool.cli.common.UserError;
import org.hsmpool.sd.AdminKeyPair;
import org.hsmpool.sd.DomainFacts;
import org.hsmpool.sd.EncryptedShare;
import org.hsmpool.sd.SecurityDomainBlob;
import org.hsmpool.sd.Thumbprint;
import org.hsmpool.sd.TransferKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hsmpool sd share}: the administrator's part of a restore (DESIGN.md flow 6). Decrypts this
 * administrator's own share from the blob and re-encrypts it to the new pool's transfer key; the
 * file it writes opens only inside that pool's node. Everything that needs no passphrase (the
 * output file, the blob, the transfer key, whether the blob holds a share for this certificate) is
 * checked before the passphrase is asked for.
 */
@Command(name = "share",
        description = {
            "Re-encrypts your share to the transfer key of a pool being restored.",
            "Decrypts your own share of the security domain with your private key, re-encrypts it to the"
                + " new pool's transfer key, and writes it to one file (mode 0600) for the operator who"
                + " uploads the restore. Only your share is ever decrypted, in memory; the pool's master"
                + " secret is never formed here."},
        footerHeading = "%nExample:%n",
        footer = {
            "  hsmpool sd share --blob security-domain.json \\",
            "      --cert ~/hsmpool-admin/alice.crt --key ~/hsmpool-admin/alice.key \\",
            "      --for transfer-key.json --pool-ca new-pool-ca.crt --out share-alice.jwe",
            "Before you hand the file over, check with the operator that the transfer",
            "key thumbprint it prints is the one their new pool shows."})
final class ShareCommand implements Callable<Integer> {

    private final Host host;

    @Spec
    CommandSpec spec;

    @Option(names = "--blob", required = true, paramLabel = "SD.json",
            description = "The security-domain blob the pool returned at activation.")
    Path blobFile;

    @Option(names = "--cert", required = true, paramLabel = "NAME.crt", description = "Your administrator certificate.")
    Path certificateFile;

    @Option(names = "--key", required = true, paramLabel = "NAME.key",
            description = "Your encrypted private key (from admin-keygen).")
    Path keyFile;

    @Option(names = "--for", required = true, paramLabel = "TRANSFER_KEY",
            description = "The new pool's transfer key, a JWK file (GET /securitydomain/upload).")
    Path transferKeyFile;

    @Option(names = "--pool-ca", required = true, paramLabel = "CA.crt",
            description = "The new pool's CA certificate (PEM), obtained out of band: the transfer key must be "
                    + "attested by a node certificate of this CA, or nothing is written.")
    Path poolCaFile;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Where to write the re-encrypted share: one line, a compact JWE.")
    Path outFile;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Mixin
    PassphraseOptions passphrase;

    @Mixin
    org.hsmpool.cli.common.OutputFormat output;

    ShareCommand(Host host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        if (!force && Files.exists(outFile)) {
            throw new UserError(outFile + " already exists; choose another --out, or add --force to replace it");
        }
        SecurityDomainBlob blob = DomainFiles.blob(blobFile);
        TransferKey transferKey = DomainFiles.transferKey(transferKeyFile);
        var attestedBy = DomainFiles.attestingNode(transferKeyFile, transferKey, poolCaFile);
        String certificatePem = DomainFiles.certificatePem(certificateFile);
        X509Certificate certificate = DomainFiles.certificate(certificateFile, certificatePem);
        Thumbprint admin = Thumbprint.of(certificate);
        EncryptedShare entry = AdminShare.entry(blob, certificateFile, admin);
        String keyPem = InputFile.readText(keyFile, "the private key file");
        AdminKeyPair pair = AdminShare.openKey(host, passphrase, certificateFile, certificatePem, keyFile, keyPem);
        String transferShare = AdminShare.reencrypt(blob, blobFile, pair, transferKey);
        OutputFile.write(outFile, transferShare + "\n", OutputFile.OWNER_ONLY, force);

        DomainFacts facts = blob.facts();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("out", outFile.toString());
            json.put("index", entry.index());
            json.put("pool_id", facts.poolId());
            json.put("required", facts.required());
            json.put("share_count", facts.shareCount());
            json.put("transfer_key", transferKey.thumbprint().value());
            json.put("words", FingerprintWords.of(transferKey.thumbprint().value()));
            json.put("attested_by", attestedBy.uri());
            org.hsmpool.cli.common.OutputFormat.print(out, json);
            return 0;
        }
        out.println("Wrote " + outFile + "  (share " + entry.index() + " of " + facts.shareCount() + ", pool "
                + facts.poolId() + ", quorum " + facts.required() + "; mode 0600)");
        out.println("It opens only with the transfer key x5t#S256 " + transferKey.thumbprint() + ", held by "
                + attestedBy.uri() + " of the pool CA " + poolCaFile + ".");
        out.println("Its words: " + FingerprintWords.of(transferKey.thumbprint().value()));
        out.println("Next: check those words with the operator of the new pool on a call ('hsmpool sd transfer-key' printed"
                + " them), then hand them the file.");
        return 0;
    }
}
