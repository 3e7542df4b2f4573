package org.hsmpool.cli.key;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.UserError;
import org.hsmpool.cli.remote.PoolClient;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hsmpool key decrypt}: {@code POST /keys/{name}/decrypt}; writes the plaintext's bytes unchanged. */
@Command(name = "decrypt", description = {"Decrypts what 'encrypt' printed (base64url, or its JSON with iv and tag) and"
        + " writes the plaintext bytes to standard output or --out."},
        footerHeading = "%nExamples:%n", footer = {"  hsmpool key decrypt wrapper --in secret.enc",
            "  hsmpool key decrypt data-key --alg A256GCM --in notes.enc --out notes.txt"})
public final class KeyDecryptCommand extends KeyUse implements Callable<Integer> {
    @Option(names = "--alg", description = "the algorithm 'encrypt' used (default: as for 'encrypt')")
    String alg;

    @Option(names = "--in", defaultValue = "-", paramLabel = "FILE", description = "the ciphertext; - is standard input (default)")
    Path in;

    @Option(names = "--out", defaultValue = "-", paramLabel = "FILE", description = "where to write the plaintext; - is standard output (default)")
    Path out;

    KeyDecryptCommand(Host host) {
        super(host);
    }

    @Override
    public Integer call() throws IOException {
        String input = new String(KeyIo.read(in), StandardCharsets.UTF_8).strip();
        Map<String, Object> body = new LinkedHashMap<>();
        if (input.startsWith("{")) {
            JsonNode sealed;
            try {
                sealed = PoolClient.JSON.readTree(input);
            } catch (IOException e) {
                throw new UserError("the input " + in + " is not the JSON 'encrypt' prints; give it unchanged");
            }
            for (String field : new String[] {"value", "iv", "tag", "aad"}) {
                if (sealed.hasNonNull(field)) {
                    body.put(field, KeyIo.encode(KeyIo.decode("the input's " + field, sealed.get(field).asText())));
                }
            }
        } else {
            body.put("value", KeyIo.encode(KeyIo.decode("the input " + in, input)));
        }
        if (!body.containsKey("value")) {
            throw new UserError("the input " + in + " holds no 'value'; give what 'encrypt' printed");
        }
        PoolClient pool = pool();
        String key = key();
        body.put("alg", algorithm(pool, alg, KeyAlgorithms::defaultEncryption));
        byte[] plaintext = KeyIo.decode("the pool's answer", pool.call("POST", "/keys/" + key + "/decrypt", body).path("value").asText());
        if (output.json()) {
            if (!out.toString().equals("-")) {
                Files.write(out, plaintext);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("kid", key);
            json.put("alg", body.get("alg"));
            json.put(out.toString().equals("-") ? "value" : "out", out.toString().equals("-") ? KeyIo.encode(plaintext)
                    : out.toString());
            org.hsmpool.cli.common.OutputFormat.print(spec.commandLine().getOut(), json);
        } else if (out.toString().equals("-")) {
            System.out.write(plaintext);
            System.out.flush();
        } else {
            Files.write(out, plaintext);
        }
        return 0;
    }
}
