package org.hsmpool.cli.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a command's output file whole or not at all: into a temporary file in the same directory,
 * created with its final permissions (so a private key is never readable by others, not even for a
 * moment), then renamed into place. An existing file is replaced only when asked.
 */
public final class OutputFile {

    /** rw------- : private keys and shares. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** rw-r--r-- : certificates, which are public. */
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private OutputFile() {
    }

    /**
     * Writes {@code content} to {@code file} with {@code permissions} (where the file system has
     * POSIX permissions).
     *
     * @param replace whether an existing file may be replaced; otherwise it is a {@link UserError}
     */
    public static void write(Path file, String content, Set<PosixFilePermission> permissions, boolean replace) {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        if (Files.isDirectory(target)) {
            throw new UserError(file + " is a directory; give a file name to write to");
        }
        if (!replace && Files.exists(target)) {
            throw new UserError(file + " already exists; choose another name, or add --force to replace it");
        }
        if (!Files.isDirectory(directory)) {
            throw new UserError("cannot write " + file + ": the directory " + directory + " does not exist");
        }
        Path temporary = null;
        try {
            temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp", attributes(directory, permissions));
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            if (replace) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.move(temporary, target);
            }
            temporary = null;
        } catch (FileAlreadyExistsException e) {
            throw new UserError(file + " already exists; choose another name, or add --force to replace it");
        } catch (AccessDeniedException e) {
            throw new UserError("cannot write " + file + ": permission denied in " + directory);
        } catch (NoSuchFileException e) {
            throw new UserError("cannot write " + file + ": the directory " + directory + " does not exist");
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage());
        } finally {
            deleteQuietly(temporary);
        }
    }

    /** Creates {@code directory} and its missing parents, owner-only, unless it exists. */
    public static void createDirectories(Path directory) {
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectories(directory, attributes(directory.toAbsolutePath().getRoot(),
                    PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            throw new UserError(directory + " exists and is not a directory; give a directory with --out");
        } catch (IOException e) {
            throw new UserError("cannot create the directory " + directory + ": " + e.getMessage());
        }
    }

    private static FileAttribute<?>[] attributes(Path onFileSystem, Set<PosixFilePermission> permissions) {
        boolean posix = onFileSystem.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a left-over temporary file holds nothing the target would not have held
            }
        }
    }
}
