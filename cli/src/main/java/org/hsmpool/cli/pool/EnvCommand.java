package org.hsmpool.cli.pool;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hsmpool.cli.common.OutputFormat;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hsmpool env}: shell lines that point HSMPOOL_URL, HSMPOOL_CA and HSMPOOL_TOKEN at a local
 * pool; with {@code --sdk}, a client program for this pool in the official Azure SDK of a language
 * (its URL and CA filled in, the token taken from HSMPOOL_TOKEN at run time, never written into it).
 */
@Command(name = "env", description = {"Prints 'export' lines for a POSIX shell that set HSMPOOL_URL, HSMPOOL_CA and HSMPOOL_TOKEN"
        + " (the operator's token) to the local pool in DIR. Every hsmpool command that talks to a pool reads them, and so can"
        + " curl and your own programs.", "The output holds a bearer token: do not paste it where others read it.",
    "With --sdk, prints instead a small client of this pool (it lists the keys) for the official Azure SDK of java, js or"
        + " python, or for the az CLI: the pool's URL and CA are in it, how to run it is in its first lines, and it reads"
        + " the token from HSMPOOL_TOKEN."},
        footerHeading = "%nExamples:%n", footer = {"  eval \"$(hsmpool env)\"",
            "  curl --cacert \"$HSMPOOL_CA\" -H \"Authorization: Bearer $HSMPOOL_TOKEN\" \"$HSMPOOL_URL/keys?api-version=7.5\"",
            "  hsmpool env --sdk java > HsmPoolClient.java", "  hsmpool env --sdk python > hsmpool_client.py"})
public final class EnvCommand implements Callable<Integer> {
    /** The languages of {@code --sdk} and the file each snippet is meant to be saved as. */
    enum Sdk {
        java("HsmPoolClient.java"), js("hsmpool-client.mjs"), python("hsmpool_client.py"), az("hsmpool-client.sh");

        final String file;

        Sdk(String file) {
            this.file = file;
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = "${env:HSMPOOL_DIR:-.hsmpool}", description = "where the pool lives (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--sdk", paramLabel = "LANGUAGE", description = "java, js, python or az: print a client of this pool instead")
    Sdk sdk;

    @Mixin
    OutputFormat output;

    @Override
    public Integer call() throws Exception {
        LocalPool pool = new LocalPool(dir, Path.of("."));
        JsonNode json = pool.poolJson().read();
        String url = json.path("url").asText();
        String ca = json.path("caCertificate").asText();
        PrintWriter out = spec.commandLine().getOut();
        if (sdk != null) {
            String snippet = snippet(sdk, url, ca);
            if (output.json()) {
                OutputFormat.print(out, Map.of("sdk", sdk.name(), "file", sdk.file, "snippet", snippet));
            } else {
                out.print(snippet);
                out.flush();
            }
            return 0;
        }
        if (output.json()) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("HSMPOOL_URL", url);
            env.put("HSMPOOL_CA", ca);
            env.put("HSMPOOL_TOKEN", pool.operatorToken());
            OutputFormat.print(out, env);
            return 0;
        }
        out.println("export HSMPOOL_URL=" + quote(url));
        out.println("export HSMPOOL_CA=" + quote(ca));
        out.println("export HSMPOOL_TOKEN=" + quote(pool.operatorToken()));
        out.flush();
        return 0;
    }

    /** The snippet of {@code sdk} with this pool's URL and CA certificate path filled in. */
    static String snippet(Sdk sdk, String url, String ca) throws IOException {
        try (InputStream in = EnvCommand.class.getResourceAsStream("sdk/" + sdk.file)) {
            if (in == null) {
                throw new IllegalStateException("the " + sdk + " snippet is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@URL@", url).replace("@CA@", ca);
        }
    }

    /** A single-quoted shell word: nothing inside is expanded. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
