package org.hsmpool.nodeapi.provision;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files and directories only their owner may read: 0600 and 0700. A pool's directory holds PINs,
 * keys, the store and the audit log, and its processes run as one user, so nothing in it is for
 * anyone else. Where the file system has no POSIX modes, nothing is changed.
 */
public final class OwnerOnly {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private OwnerOnly() {
    }

    /** The directory (and any missing parent, with the default mode), then 0700 on it. */
    public static Path directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        chmod(dir, DIRECTORY);
        return dir;
    }

    /** The file, created empty and 0600 if missing, otherwise set to 0600. */
    public static Path file(Path file) throws IOException {
        if (!posix()) {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            return file;
        }
        try {
            Files.createFile(file, attribute(FILE));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            chmod(file, FILE);
        }
        return file;
    }

    /** Write the text (UTF-8) to a file that is 0600 before any byte is in it. */
    public static Path writeString(Path file, CharSequence text) throws IOException {
        return Files.writeString(file(file), text, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** 0600 on the file if it exists. */
    public static void tightenIfPresent(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            chmod(file, FILE);
        }
    }

    /**
     * 0700 on every directory and 0600 on every file under {@code root}, root included; symbolic
     * links are left as they are and not followed.
     */
    public static void tree(Path root) throws IOException {
        if (!posix()) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.toList();
        }
        for (Path p : all) {
            if (Files.isSymbolicLink(p)) {
                continue;
            }
            try {
                chmod(p, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY : FILE);
            } catch (java.nio.file.NoSuchFileException gone) {
                // removed while we walked (a rotation's scratch file): nothing left to protect
            }
        }
    }

    public static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> mode) {
        return PosixFilePermissions.asFileAttribute(mode);
    }

    private static void chmod(Path p, Set<PosixFilePermission> mode) throws IOException {
        if (posix() && !Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(mode)) {
            Files.setPosixFilePermissions(p, mode);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
