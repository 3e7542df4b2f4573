package org.hsmpool.cli.key;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.remote.PoolClient;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hsmpool key encrypt}: {@code POST /keys/{name}/encrypt}. */
@Command(name = "encrypt", description = {"Encrypts the input (a file, or standard input) with a key of the pool.",
    "Prints the ciphertext, base64url; for AES algorithms, which also give an iv and a tag, one line of JSON"
        + " {\"value\",\"iv\",\"tag\"} instead. 'decrypt' takes either form as its input."},
        footerHeading = "%nExamples:%n", footer = {"  hsmpool key create wrapper --type RSA",
            "  printf secret | hsmpool key encrypt wrapper > secret.enc", "  hsmpool key decrypt wrapper --in secret.enc",
            "  hsmpool key encrypt data-key --alg A256GCM --in notes.txt > notes.enc"})
public final class KeyEncryptCommand extends KeyUse implements Callable<Integer> {
    @Option(names = "--alg", description = "RSA-OAEP, RSA-OAEP-256, RSA1_5, A128GCM..A256GCM, A128CBCPAD.. (default: RSA-OAEP-256 for RSA, A256GCM for oct)")
    String alg;

    @Option(names = "--aad", paramLabel = "BASE64URL", description = "additional authenticated data (GCM only)")
    String aad;

    @Option(names = "--in", defaultValue = "-", paramLabel = "FILE", description = "the plaintext; - is standard input (default)")
    Path in;

    KeyEncryptCommand(Host host) {
        super(host);
    }

    @Override
    public Integer call() throws Exception {
        byte[] plaintext = KeyIo.read(in);
        PoolClient pool = pool();
        String key = key();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("alg", algorithm(pool, alg, KeyAlgorithms::defaultEncryption));
        body.put("value", KeyIo.encode(plaintext));
        if (aad != null) {
            body.put("aad", aad);
        }
        JsonNode result = pool.call("POST", "/keys/" + key + "/encrypt", body);
        if (result.has("iv") || result.has("tag")) {
            Map<String, String> sealed = new LinkedHashMap<>();
            for (String field : new String[] {"value", "iv", "tag", "aad"}) {
                if (result.hasNonNull(field)) {
                    sealed.put(field, result.get(field).asText());
                }
            }
            print(PoolClient.JSON.writeValueAsString(sealed), result);
        } else {
            print(result.path("value").asText(), result);
        }
        return 0;
    }
}
