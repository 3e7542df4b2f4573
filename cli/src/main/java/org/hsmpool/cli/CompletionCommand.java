package org.hsmpool.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hsmpool completion bash|zsh}: the shell completion script picocli generates from the
 * command tree (commands, options, enum values). The script is bash's; zsh runs it through its
 * bash-completion emulation, which the zsh form loads first.
 */
@Command(name = "completion", description = {"Prints a shell completion script for hsmpool: every command, option and"
        + " fixed value. Load it in your shell's start-up file."},
        footerHeading = "%nExamples:%n", footer = {"  source <(hsmpool completion bash)       # in ~/.bashrc",
            "  source <(hsmpool completion zsh)        # in ~/.zshrc"})
final class CompletionCommand implements Callable<Integer> {
    /** The shells a script is made for. */
    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh")
    Shell shell;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (shell == Shell.zsh) {
            out.println("autoload -U +X compinit && compinit");
            out.println("autoload -U +X bashcompinit && bashcompinit");
        }
        out.print(AutoComplete.bash("hsmpool", spec.root().commandLine()));
        out.flush();
        return 0;
    }
}
