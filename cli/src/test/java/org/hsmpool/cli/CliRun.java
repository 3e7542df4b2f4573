package org.hsmpool.cli;

import org.hsmpool.cli.common.Host;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code hsmpool} in-process, as {@link HsmPool#main} would, with captured stdout and stderr,
 * chosen environment variables and a scripted terminal.
 */
public final class CliRun {

    private final Map<String, String> environment = new HashMap<>();
    private final Deque<String> answers = new ArrayDeque<>();
    private final List<String> prompts = new ArrayList<>();
    private boolean terminal;

    public static CliRun withoutTerminal() {
        return new CliRun();
    }

    /** A terminal that answers each prompt with the next of {@code answers}, then end of input. */
    public static CliRun withTerminal(String... answers) {
        CliRun run = new CliRun();
        run.terminal = true;
        run.answers.addAll(List.of(answers));
        return run;
    }

    public CliRun env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** The prompts the command showed, in order. */
    public List<String> prompts() {
        return prompts;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Host host = new Host(environment::get, new Host.Terminal() {
            @Override
            public boolean present() {
                return terminal;
            }

            @Override
            public char[] readSecret(String prompt) {
                prompts.add(prompt);
                String answer = answers.poll();
                return answer == null ? null : answer.toCharArray();
            }
        });
        CommandLine cli = HsmPool.commandLine(host);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** What a run left: its exit code and everything it printed. */
    public record Result(int exitCode, String out, String err) {

        public String printed() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
