package org.hsmpool.cli.sd;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.OutputFile;
import org.hsmpool.cli.common.Progress;
import org.hsmpool.cli.common.UserError;
import org.hsmpool.cli.remote.PoolClient;
import org.hsmpool.cli.remote.RemoteCommand;
import org.hsmpool.sd.DomainFacts;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code hsmpool sd download}: activates a pool ({@code POST /securitydomain/download}) with the
 * administrators' certificates and a quorum, and writes the pool's whole answer (the blob and the
 * creating node's attestation) to a file, as {@code az keyvault security-domain download} does.
 */
@Command(name = "download",
        description = {"Activates a new pool: one of its nodes creates the security domain, splits it M of N between"
                + " the administrators' certificates (3 to 10, from 'hsmpool sd admin-keygen') and returns the blob,"
                + " which is written to FILE (the pool's whole answer, with the node's attestation).",
            "Every administrator keeps a copy of FILE and checks it: hsmpool sd inspect --blob FILE --pool-ca CA.crt.",
            "On a local pool, the operator then gets Crypto Officer and Crypto User at /, as after 'up --demo'."},
        footerHeading = "%nExample:%n",
        footer = {"  hsmpool sd download --cert alice.crt --cert bob.crt --cert carol.crt --quorum 2 \\",
            "      --out security-domain.json"})
final class DownloadCommand extends RemoteCommand {

    @Option(names = "--cert", required = true, paramLabel = "NAME.crt",
            description = "An administrator's certificate (PEM); give 3 to 10, one --cert each.")
    List<Path> certificates;

    @Option(names = "--quorum", required = true, paramLabel = "M",
            description = "How many administrators a restore needs: 2 to the number of certificates.")
    int quorum;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the security domain.")
    Path outFile;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    DownloadCommand(Host host) {
        super(host);
    }

    @Override
    public Integer call() throws Exception {
        if (certificates.size() < 3 || certificates.size() > 10) {
            throw new ParameterException(spec.commandLine(), certificates.size() + " certificates given; a security domain"
                    + " has 3 to 10 administrators, one --cert each");
        }
        if (quorum < 2 || quorum > certificates.size()) {
            throw new ParameterException(spec.commandLine(), "--quorum must be 2 to " + certificates.size()
                    + " (the number of certificates)");
        }
        // checked before the pool is activated: the blob exists only in the answer
        if (!force && Files.exists(outFile)) {
            throw new UserError(outFile + " already exists; choose another --out, or add --force to replace it");
        }
        if (!Files.isDirectory(outFile.toAbsolutePath().getParent())) {
            throw new UserError("cannot write " + outFile + ": its directory does not exist");
        }
        List<Map<String, Object>> jwks = new ArrayList<>();
        for (Path file : certificates) {
            try {
                byte[] der = DomainFiles.certificate(file, DomainFiles.certificatePem(file)).getEncoded();
                jwks.add(Map.of("kty", "RSA", "x5c", List.of(Base64.getEncoder().encodeToString(der))));
            } catch (CertificateEncodingException e) {
                throw new UserError("the certificate " + file + " cannot be encoded: " + e.getMessage());
            }
        }
        PoolClient pool = pool();
        PrintWriter err = err();
        JsonNode answer = Progress.during(err, "activating " + pool.base() + " (a node creates and splits the domain)",
                () -> pool.call("POST", "/securitydomain/download", Map.of("certificates", jwks, "required", quorum)));
        OutputFile.write(outFile, PoolClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer) + "\n",
                OutputFile.OWNER_ONLY, force);
        DomainFiles.BlobFile blob = DomainFiles.blobFile(outFile);
        String attestedBy = connection.caFile(host).map(ca -> DomainFiles.activatingNode(outFile, blob, ca).uri()).orElse(null);
        String status = DomainCalls.awaitSuccess(pool, "download");
        List<String> roles = DomainCalls.grantLocalOperator(connection, pool, err);

        DomainFacts facts = blob.blob().facts();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("out", outFile.toString());
        json.put("status", status);
        json.put("pool_id", facts.poolId());
        json.put("required", facts.required());
        json.put("share_count", facts.shareCount());
        json.put("attested_by", attestedBy);
        json.put("operator_roles", roles);
        return done(json, "Activated " + pool.base() + ": security domain " + facts.poolId() + ", quorum " + facts.required()
                + " of " + facts.shareCount() + (attestedBy == null ? "" : ", attested by " + attestedBy) + ".",
                "Wrote " + outFile + " (mode 0600). Give every administrator a copy; each checks it with",
                "  hsmpool sd inspect --blob " + outFile + " --pool-ca POOL-CA.crt");
    }
}
