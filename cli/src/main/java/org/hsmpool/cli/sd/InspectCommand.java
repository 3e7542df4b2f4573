package org.hsmpool.cli.sd;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hsmpool.sd.DomainFacts;
import org.hsmpool.sd.EncryptedShare;
import org.hsmpool.sd.SecurityDomainBlob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hsmpool sd inspect}: a blob's public facts. It prints what the blob states in clear and
 * nothing of the encrypted shares but their index and recipient; it asks for no key.
 */
@Command(name = "inspect",
        description = {
            "Prints a security-domain blob's public facts.",
            "Checks the blob, then prints its pool id, creation time, quorum M of N, and for each share"
                + " its index and the thumbprint (x5t#S256) of the administrator certificate it is encrypted"
                + " to. Needs no key; prints no secret."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hsmpool sd inspect --blob security-domain.json",
            "  hsmpool sd inspect --blob security-domain.json --json",
            "  hsmpool sd inspect --blob download-answer.json --pool-ca pool-ca.crt"})
final class InspectCommand implements Callable<Integer> {


    @Spec
    CommandSpec spec;

    @Option(names = "--blob", required = true, paramLabel = "SD.json", description = "The security-domain blob.")
    Path blobFile;

    @Option(names = "--pool-ca", paramLabel = "CA.crt", description = "Also check that a node of the pool with this CA"
            + " made the blob (the pool's whole answer to POST /securitydomain/download carries its attestation):"
            + " that nobody swapped certificates or the quorum on the way. Refused otherwise.")
    Path poolCaFile;

    @picocli.CommandLine.Mixin
    org.hsmpool.cli.common.OutputFormat output;

    @Override
    public Integer call() throws JsonProcessingException {
        DomainFiles.BlobFile file = DomainFiles.blobFile(blobFile);
        SecurityDomainBlob blob = file.blob();
        boolean json = output.json();
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? blob.publicFactsJson().strip() : asText(blob));
        if (poolCaFile != null) {
            var node = DomainFiles.activatingNode(blobFile, file, poolCaFile);
            if (!json) {
                out.println("Attested by " + node.uri() + " of the pool CA " + poolCaFile + ": that node split the"
                        + " domain " + blob.facts().required() + " of " + blob.facts().shareCount()
                        + " to the certificates above.");
            }
        }
        return 0;
    }

    static String asText(SecurityDomainBlob blob) {
        DomainFacts facts = blob.facts();
        StringBuilder text = new StringBuilder()
                .append("Security domain (format version ").append(SecurityDomainBlob.VERSION).append(")\n")
                .append("  pool id      ").append(facts.poolId()).append('\n')
                .append("  created      ").append(facts.createdAt()).append('\n')
                .append("  quorum       ").append(facts.required()).append(" of ").append(facts.shareCount())
                .append(" administrators\n")
                .append("  check value  ").append(facts.checkValue().toBase64Url()).append('\n')
                .append("Shares (each encrypted to one administrator certificate)\n")
                .append("  index  administrator certificate x5t#S256");
        for (EncryptedShare share : blob.shares()) {
            text.append('\n').append(String.format("  %5d  %s", share.index(), share.recipient()));
        }
        return text.toString();
    }
}
