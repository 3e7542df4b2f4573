package org.hsmpool.cli.key;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.UserError;
import org.hsmpool.cli.remote.PoolClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hsmpool key verify}: hashes the input here, {@code POST /keys/{name}/verify} with the digest. */
@Command(name = "verify", description = {"Verifies a signature of the input (a file, or standard input) with the pool:"
        + " hashes the input as 'sign' does and sends the digest. Prints 'valid' and exits 0, or says it does not verify and exits 1."},
        footerHeading = "%nExamples:%n", footer = {"  hsmpool key verify my-key --in contract.pdf --signature \"$(cat contract.sig)\""})
public final class KeyVerifyCommand extends KeyUse implements Callable<Integer> {
    @Option(names = "--signature", required = true, paramLabel = "BASE64URL", description = "the signature, as 'sign' printed it")
    String signature;

    @Option(names = "--alg", description = "the signature algorithm (default: as for 'sign')")
    String alg;

    @Option(names = "--in", defaultValue = "-", paramLabel = "FILE", description = "what was signed; - is standard input (default)")
    Path in;

    KeyVerifyCommand(Host host) {
        super(host);
    }

    @Override
    public Integer call() {
        byte[] data = KeyIo.read(in);
        KeyIo.decode("the --signature", signature);
        PoolClient pool = pool();
        String key = key();
        String algorithm = algorithm(pool, alg, KeyAlgorithms::defaultSignature);
        String digest = KeyIo.encode(KeyAlgorithms.digest(algorithm, data));
        boolean valid = pool.call("POST", "/keys/" + key + "/verify",
                Map.of("alg", algorithm, "digest", digest, "value", signature.strip())).path("value").asBoolean(false);
        if (!valid) {
            throw new UserError("the signature does not verify with key " + key + " (" + algorithm
                    + "): the input, the key or the algorithm is not the one that signed");
        }
        print("valid", Map.of("kid", key, "alg", algorithm, "value", true));
        return 0;
    }
}
