package org.hsmpool.cli.sd;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.InputFile;
import org.hsmpool.cli.common.UserError;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where an administrator's key passphrase comes from, first match wins: {@code --passphrase-file},
 * then {@value #VARIABLE}, then a prompt on the terminal (twice for a new key). Never a
 * command-line value: that would sit in the shell history and in every process listing, so
 * {@code --passphrase VALUE} is refused without repeating the value.
 *
 * <p>Why not picocli's {@code interactive = true}: it prompts only when the option is named on the
 * command line, asks once, and without a console falls back to reading standard input with the
 * prompt on standard output. Prompting here is the default, asks twice for a new key, and refuses
 * to run without a terminal instead of reading a pipe.
 */
public final class PassphraseOptions {

    /** The environment variable a script may set instead of a file. */
    public static final String VARIABLE = "HSMPOOL_ADMIN_PASSPHRASE";
    /** Shortest passphrase accepted for a new key (PBKDF2 slows guessing; it does not make "1234" safe). */
    public static final int MIN_NEW_LENGTH = 8;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "Read the key passphrase from the first line of FILE. Without it the environment"
                + " variable HSMPOOL_ADMIN_PASSPHRASE is used when set; else you are asked on the terminal.")
    Path file;

    @Option(names = "--passphrase", hidden = true, paramLabel = "VALUE")
    void refuseCommandLinePassphrase(String ignored) {
        throw new ParameterException(mixee.commandLine(), "a passphrase is never taken on the command line (it would stay"
                + " in the shell history and process list): answer the prompt, or use --passphrase-file FILE or "
                + VARIABLE);
    }

    /** The passphrase that opens {@code keyFile}; the caller zeroes it. */
    char[] forExistingKey(Host host, Path keyFile) {
        return fromFileOrVariable(host).orElseGet(() -> {
            requireTerminal(host);
            return ask(host, "Passphrase for " + keyFile + ": ");
        });
    }

    /** A passphrase for the new key file {@code keyFile}, asked twice when prompting; the caller zeroes it. */
    char[] forNewKey(Host host, Path keyFile) {
        char[] passphrase = fromFileOrVariable(host).orElse(null);
        if (passphrase == null) {
            requireTerminal(host);
            passphrase = ask(host, "New passphrase for " + keyFile + ": ");
            char[] again = ask(host, "The same passphrase again: ");
            boolean same = Arrays.equals(passphrase, again);
            Arrays.fill(again, '\0');
            if (!same) {
                Arrays.fill(passphrase, '\0');
                throw new UserError("the two passphrases differ; run the command again and type the same one twice");
            }
        }
        if (passphrase.length < MIN_NEW_LENGTH) {
            Arrays.fill(passphrase, '\0');
            throw new UserError("the passphrase is shorter than " + MIN_NEW_LENGTH
                    + " characters; choose a longer one (it is all that protects the key file)");
        }
        return passphrase;
    }

    private Optional<char[]> fromFileOrVariable(Host host) {
        if (file != null) {
            return Optional.of(firstLine(file));
        }
        return host.variable(VARIABLE).map(String::toCharArray);
    }

    private static void requireTerminal(Host host) {
        if (!host.terminal().present()) {
            throw new UserError("no passphrase given and no terminal to ask on; use --passphrase-file FILE or set "
                    + VARIABLE);
        }
    }

    private static char[] ask(Host host, String prompt) {
        char[] answer = host.terminal().readSecret(prompt);
        if (answer == null || answer.length == 0) {
            throw new UserError("no passphrase entered; run the command again and type it at the prompt");
        }
        return answer;
    }

    /** The first line of {@code file} without its line end, as OpenSSL's {@code -passin file:} reads it. */
    private static char[] firstLine(Path file) {
        byte[] bytes = InputFile.readBytes(file, "the passphrase file");
        CharBuffer text = null;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            int end = 0;
            while (end < text.limit() && text.get(end) != '\n') {
                end++;
            }
            if (end > 0 && text.get(end - 1) == '\r') {
                end--;
            }
            if (end == 0) {
                throw new UserError("the passphrase file " + file + " has an empty first line; put the passphrase on it");
            }
            char[] passphrase = new char[end];
            text.get(0, passphrase);
            return passphrase;
        } catch (CharacterCodingException e) {
            throw new UserError("the passphrase file " + file + " is not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (text != null && text.hasArray()) {
                Arrays.fill(text.array(), '\0');
            }
        }
    }
}
