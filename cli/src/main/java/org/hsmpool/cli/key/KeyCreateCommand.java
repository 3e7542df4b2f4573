package org.hsmpool.cli.key;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.UserError;
import org.hsmpool.cli.remote.PoolClient;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hsmpool key create}: {@code POST /keys/{name}/create}. */
@Command(name = "create", description = "Creates a key in the pool's HSM tokens (or a new version of an existing key) and"
        + " prints its key id (kid).", footerHeading = "%nExamples:%n",
        footer = {"  hsmpool key create my-key                         # EC P-256", "  hsmpool key create doc-signer --type RSA --size 3072",
            "  hsmpool key create data-key --type oct --size 256 --ops encrypt,decrypt"})
public final class KeyCreateCommand extends KeyUse implements Callable<Integer> {
    @Option(names = "--type", defaultValue = "EC", description = "EC, RSA or oct (the pool makes EC-HSM, RSA-HSM, oct-HSM keys; default: ${DEFAULT-VALUE})")
    String type;

    @Option(names = "--curve", description = "EC curve: P-256 (default), P-384, P-521, P-256K")
    String curve;

    @Option(names = "--size", description = "RSA: 2048 (default), 3072, 4096; oct: 128, 192, 256 (default)")
    Integer size;

    @Option(names = "--ops", split = ",", description = "allowed operations, e.g. sign,verify (default: all the key type allows)")
    List<String> ops;

    KeyCreateCommand(Host host) {
        super(host);
    }

    @Override
    public Integer call() {
        String kty = switch (type.toUpperCase(Locale.ROOT).replace("-HSM", "")) {
            case "EC" -> "EC-HSM";
            case "RSA" -> "RSA-HSM";
            case "OCT" -> "oct-HSM";
            default -> throw new UserError("--type must be EC, RSA or oct, not '" + type + "'");
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kty", kty);
        if (kty.equals("EC-HSM")) {
            body.put("crv", curve == null ? "P-256" : curve);
        } else if (curve != null) {
            throw new UserError("--curve is for EC keys only");
        }
        if (kty.equals("RSA-HSM")) {
            body.put("key_size", size == null ? 2048 : size);
        } else if (kty.equals("oct-HSM")) {
            body.put("key_size", size == null ? 256 : size);
        } else if (size != null) {
            throw new UserError("--size is for RSA and oct keys; an EC key's size is its --curve");
        }
        if (ops != null) {
            body.put("key_ops", ops);
        }
        PoolClient pool = pool();
        JsonNode created = pool.call("POST", "/keys/" + key() + "/create", body);
        print(created.path("key").path("kid").asText(), created);
        return 0;
    }
}
