package org.hsmpool.cli.common;

import java.io.Console;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a command takes from the machine it runs on besides its arguments and files: environment
 * variables and a terminal to ask a passphrase on. {@link #system()} is the real one; tests pass
 * their own, so that every command runs in-process.
 *
 * @param environment looks up an environment variable, {@code null} when unset
 * @param terminal where to ask for a secret without echoing it
 */
public record Host(Function<String, String> environment, Terminal terminal) {

    /** Set to 1 to print the stack trace of an internal error (never of an expected one). */
    public static final String DEBUG_VARIABLE = "HSMPOOL_DEBUG";

    public Host {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(terminal, "terminal");
    }

    public static Host system() {
        return new Host(System::getenv, Terminal.console());
    }

    /** The variable's value, or empty when it is unset or empty. */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(environment.apply(name)).filter(value -> !value.isEmpty());
    }

    public boolean debug() {
        return variable(DEBUG_VARIABLE).filter(value -> !value.equals("0")).isPresent();
    }

    /** A terminal that can ask for a secret without echoing it. */
    public interface Terminal {

        /** Whether there is someone to ask: false when standard input or output is not a terminal. */
        boolean present();

        /** Asks with {@code prompt}; returns {@code null} at end of input. Only called when present. */
        char[] readSecret(String prompt);

        /** The process's console ({@link System#console()}), which prompts and reads on the tty. */
        static Terminal console() {
            return new Terminal() {
                @Override
                public boolean present() {
                    return System.console() != null;
                }

                @Override
                public char[] readSecret(String prompt) {
                    Console console = System.console();
                    return console == null ? null : console.readPassword("%s", prompt);
                }
            };
        }
    }
}
