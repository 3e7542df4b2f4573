package org.hsmpool.pool.backup;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.hsmpool.nodeapi.provision.OwnerOnly;

/** Backups in a local directory: one sub-directory (0700) per backup, files 0600. */
final class DirectoryStorage implements BackupStorage {
    private final Path root;

    DirectoryStorage(Path root) {
        this.root = root;
    }

    @Override
    public void write(String folder, String name, byte[] content) {
        Path dir = root.resolve(folder);
        try {
            OwnerOnly.directory(dir);
            Files.write(dir.resolve(name), content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            OwnerOnly.tightenIfPresent(dir.resolve(name));
        } catch (FileAlreadyExistsException e) {
            throw new BackupFailure("Conflict", "the backup folder " + folder + " already holds " + name);
        } catch (IOException e) {
            throw new BackupFailure("StorageUnavailable", "cannot write the backup under " + root + ": "
                    + e.getClass().getSimpleName());
        }
    }

    @Override
    public byte[] read(String folder, String name) {
        Path file = root.resolve(folder).resolve(name);
        try {
            if (Files.size(file) > MAX_FILE) {
                throw BackupFailure.invalidBackup(name + " of backup " + folder + " is larger than a backup can be");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BackupFailure("BackupNotFound", "no " + name + " in backup folder " + folder + " under " + root);
        } catch (IOException e) {
            throw new BackupFailure("StorageUnavailable", "cannot read backup " + folder + " under " + root + ": "
                    + e.getClass().getSimpleName());
        }
    }

    @Override
    public String folderUri(String folder) {
        return root.resolve(folder).toUri().toString();
    }
}
