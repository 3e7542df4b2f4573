package org.hsmpool.nodeapi.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
     * Initialise a new token with the given label and PINs, unless one with that label exists. The
     * PINs are passed to softhsm2-util on its command line, which only this machine's root and the
     * current user can read; use this for development tokens only.
     */
    public void initToken(String label, char[] userPin, char[] soPin) throws IOException {
        prepare();
        if (listLabels().contains(label)) {
            return;
        }
        run(List.of("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", new String(userPin),
                "--so-pin", new String(soPin)));
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

    private String run(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SOFTHSM2_CONF", confFile().toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("softhsm2-util did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running softhsm2-util", e);
        }
        if (p.exitValue() != 0) {
            // the output never contains a PIN: softhsm2-util does not echo its arguments
            throw new IOException("softhsm2-util " + command.get(1) + " failed (exit " + p.exitValue() + "): "
                    + out.trim());
        }
        return out;
    }
}
