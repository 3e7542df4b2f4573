package org.hsmpool.cli.pool;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.hsmpool.cli.common.UserError;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsmpool logs}: the end of the manager's or a node's log of a local pool, optionally followed. */
@Command(name = "logs", description = {"Prints the last lines of the manager's log (DIR/manager.log) or, with --node, of a node's"
        + " log (DIR/NAME/node.log); with --follow, keeps printing what is appended until interrupted (Ctrl-C).",
    "The logs never hold keys, PINs, shares or tokens."},
        footerHeading = "%nExamples:%n", footer = {"  hsmpool logs", "  hsmpool logs --node node-2 --lines 200",
            "  hsmpool logs --follow | grep -i eject"})
public final class LogsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = "${env:HSMPOOL_DIR:-.hsmpool}", description = "where the pool lives (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--node", paramLabel = "NAME", description = "a node's log instead of the manager's")
    String node;

    @Option(names = {"-n", "--lines"}, defaultValue = "50", description = "how many of the last lines (default: ${DEFAULT-VALUE})")
    int lines;

    @Option(names = {"-f", "--follow"}, description = "keep printing lines as they are appended")
    boolean follow;

    @picocli.CommandLine.Mixin
    org.hsmpool.cli.common.OutputFormat output;

    @Override
    public Integer call() throws Exception {
        if (output.json() && follow) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--follow prints lines as they come;"
                    + " it does not go with -o json");
        }
        Path log = log();
        PrintWriter out = spec.commandLine().getOut();
        Deque<String> last = new ArrayDeque<>();
        try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
            all.forEach(l -> {
                last.addLast(l);
                if (last.size() > Math.max(0, lines)) {
                    last.removeFirst();
                }
            });
        }
        if (output.json()) {
            org.hsmpool.cli.common.OutputFormat.print(out, java.util.Map.of("file", log.toString(), "lines", java.util.List.copyOf(last)));
            return 0;
        }
        last.forEach(out::println);
        out.flush();
        if (follow) {
            follow(log, out);
        }
        return 0;
    }

    private Path log() {
        Path d = dir.toAbsolutePath();
        if (node != null && !node.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new UserError("'" + node + "' is not a node name; see 'hsmpool status' for the names");
        }
        Path log = node == null ? d.resolve("manager.log") : d.resolve(node).resolve("node.log");
        if (!Files.exists(log)) {
            throw new UserError("no log " + log + (node == null ? "; has the pool in " + d + " been started ('hsmpool up')?"
                    : "; is " + node + " a node of the pool in " + d + "? See 'hsmpool status'"));
        }
        return log;
    }

    private static void follow(Path log, PrintWriter out) throws IOException, InterruptedException {
        long position = Files.size(log);
        while (!Thread.currentThread().isInterrupted()) {
            long size = Files.size(log);
            if (size < position) {
                position = 0; // the log was truncated or replaced
            }
            if (size > position) {
                try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                    f.seek(position);
                    byte[] appended = new byte[(int) Math.min(size - position, 1 << 20)];
                    f.readFully(appended);
                    position += appended.length;
                    out.print(new String(appended, StandardCharsets.UTF_8));
                    out.flush();
                }
            }
            Thread.sleep(250);
        }
    }
}
