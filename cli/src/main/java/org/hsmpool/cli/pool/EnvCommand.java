package org.hsmpool.cli.pool;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsmpool env}: shell lines that point HSMPOOL_URL, HSMPOOL_CA and HSMPOOL_TOKEN at a local pool. */
@Command(name = "env", description = {"Prints 'export' lines for a POSIX shell that set HSMPOOL_URL, HSMPOOL_CA and HSMPOOL_TOKEN"
        + " (the operator's token) to the local pool in DIR. Every hsmpool command that talks to a pool reads them, and so can"
        + " curl and your own programs.", "The output holds a bearer token: do not paste it where others read it."},
        footerHeading = "%nExamples:%n", footer = {"  eval \"$(hsmpool env)\"",
            "  curl --cacert \"$HSMPOOL_CA\" -H \"Authorization: Bearer $HSMPOOL_TOKEN\" \"$HSMPOOL_URL/keys?api-version=7.5\""})
public final class EnvCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = "${env:HSMPOOL_DIR:-.hsmpool}", description = "where the pool lives (default: ${DEFAULT-VALUE})")
    Path dir;

    @Override
    public Integer call() throws Exception {
        LocalPool pool = new LocalPool(dir, Path.of("."));
        JsonNode json = pool.readPoolJson();
        PrintWriter out = spec.commandLine().getOut();
        out.println("export HSMPOOL_URL=" + quote(json.path("url").asText()));
        out.println("export HSMPOOL_CA=" + quote(json.path("caCertificate").asText()));
        out.println("export HSMPOOL_TOKEN=" + quote(pool.operatorToken()));
        out.flush();
        return 0;
    }

    /** A single-quoted shell word: nothing inside is expanded. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
