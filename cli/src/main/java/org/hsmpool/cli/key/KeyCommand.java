package org.hsmpool.cli.key;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hsmpool key}: the group of key commands. */
@Command(name = "key", description = "Creates, lists and uses keys of a pool over its REST API, for quick use from a shell.",
        subcommands = {KeyCreateCommand.class, KeyListCommand.class, KeySignCommand.class, KeyVerifyCommand.class,
            KeyEncryptCommand.class, KeyDecryptCommand.class, KeyAttestCommand.class},
        footerHeading = "%nExamples:%n", footer = {"  hsmpool key create my-key --type EC --curve P-256",
            "  printf hello | hsmpool key sign my-key > hello.sig",
            "  printf hello | hsmpool key verify my-key --signature \"$(cat hello.sig)\""})
public final class KeyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a key command is missing");
    }
}
