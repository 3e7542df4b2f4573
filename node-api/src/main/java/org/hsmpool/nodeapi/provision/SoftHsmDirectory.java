package org.hsmpool.nodeapi.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A SoftHSM2 configuration and token directory owned by one node (or one test JVM). The library
 * reads {@code SOFTHSM2_CONF} once, at C_Initialize, so the process that uses these tokens must be
 * started with {@link #confFile()} in its environment.
 */
public final class SoftHsmDirectory {
    public static final String DEFAULT_LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";

    private final Path root;

    public SoftHsmDirectory(Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    public Path confFile() {
        return root.resolve("softhsm2.conf");
    }

    public Path tokenDir() {
        return root.resolve("tokens");
    }

    /** Create the directory and its configuration if they do not exist yet. */
    public SoftHsmDirectory prepare() throws IOException {
        Files.createDirectories(tokenDir());
        if (!Files.exists(confFile())) {
            Files.writeString(confFile(), "directories.tokendir = " + tokenDir() + "\n"
                    + "objectstore.backend = file\n" + "log.level = ERROR\n" + "slots.removable = false\n",
                    StandardCharsets.UTF_8);
        }
        return this;
    }

    /**
     * Initialise a new token with the given label and PINs, unless one with that label exists. No PIN
     * is ever in a process's arguments or environment (both readable in /proc): softhsm2-util reads
     * PINs only from a terminal (it refuses a pipe), so it runs under script(1), which gives it a
     * pseudo-terminal, and the PINs are typed into that terminal through standard input.
     */
    public void initToken(String label, char[] userPin, char[] soPin) throws IOException {
        prepare();
        if (listLabels().contains(label)) {
            return;
        }
        byte[] typed = TokenInitialisation.typedPins(soPin, userPin);
        try {
            TokenInitialisation.run(initTokenProcess(label), typed, List.of(soPin, userPin));
        } finally {
            Arrays.fill(typed, (byte) 0);
        }
        if (!listLabels().contains(label)) {
            throw new IOException("softhsm2-util reported success but there is no token '" + label + "'");
        }
    }

    /** The process that initialises a token: the label reaches it through the environment, the PINs never do. */
    ProcessBuilder initTokenProcess(String label) {
        ProcessBuilder pb = new ProcessBuilder(TokenInitialisation.COMMAND).redirectErrorStream(true);
        environment(pb);
        pb.environment().put(TokenInitialisation.LABEL_VARIABLE, label);
        return pb;
    }

    /** Labels of the initialised tokens in this directory. */
    public List<String> listLabels() throws IOException {
        String out = run(List.of("softhsm2-util", "--show-slots"));
        return out.lines().map(String::trim).filter(l -> l.startsWith("Label:"))
                .map(l -> l.substring("Label:".length()).trim()).filter(l -> !l.isEmpty()).toList();
    }

    /** Write a random PIN into a file readable only by its owner, or read the one already there. */
    public static char[] pinFile(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim().toCharArray();
        }
        Files.createDirectories(file.getParent());
        byte[] raw = new byte[12];
        new SecureRandom().nextBytes(raw);
        String pin = HexFormat.of().formatHex(raw);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, pin, StandardCharsets.UTF_8);
        return pin.toCharArray();
    }

    private void environment(ProcessBuilder pb) {
        pb.environment().put("SOFTHSM2_CONF", confFile().toString());
        pb.environment().put("SHELL", "/bin/sh");
        pb.environment().remove("HSMPOOL_NODE_TOKEN_PIN");
    }

    private String run(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        environment(pb);
        SoftHsmProcess.Result r = SoftHsmProcess.run(pb, new byte[0], "softhsm2-util");
        if (r.exitValue() != 0) {
            // these commands are given no PIN, so their output holds none
            throw new IOException("softhsm2-util " + command.get(1) + " failed (exit " + r.exitValue() + "): "
                    + r.output().trim());
        }
        return r.output();
    }
}
