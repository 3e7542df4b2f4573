package org.hsmpool.cli.key;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.remote.PoolClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hsmpool key sign}: hashes the input here, {@code POST /keys/{name}/sign} with the digest. */
@Command(name = "sign", description = {"Signs the input (a file, or standard input): hashes it with the algorithm's hash"
        + " (SHA-256/384/512) and has the pool sign the digest. Prints the signature, base64url."},
        footerHeading = "%nExamples:%n", footer = {"  hsmpool key sign my-key --in contract.pdf > contract.sig",
            "  printf hello | hsmpool key sign doc-signer --alg PS384"})
public final class KeySignCommand extends KeyUse implements Callable<Integer> {
    @Option(names = "--alg", description = "RS256..RS512, PS256..PS512, ES256..ES512, ES256K (default: ES* for the EC key's curve, PS256 for RSA)")
    String alg;

    @Option(names = "--in", defaultValue = "-", paramLabel = "FILE", description = "what to sign; - is standard input (default)")
    Path in;

    KeySignCommand(Host host) {
        super(host);
    }

    @Override
    public Integer call() {
        byte[] data = KeyIo.read(in);
        PoolClient pool = pool();
        String algorithm = algorithm(pool, alg, KeyAlgorithms::defaultSignature);
        String digest = KeyIo.encode(KeyAlgorithms.digest(algorithm, data));
        JsonNode signed = pool.call("POST", "/keys/" + key() + "/sign", Map.of("alg", algorithm, "value", digest));
        print(signed.path("value").asText(), Map.of("kid", signed.path("kid").asText(), "alg", algorithm,
                "value", signed.path("value").asText()));
        return 0;
    }
}
