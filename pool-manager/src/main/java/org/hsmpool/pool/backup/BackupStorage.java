package org.hsmpool.pool.backup;

/**
 * Where a backup's files go: folders of named files in an Azure Blob container or a local
 * directory. Failures are {@link BackupFailure}s that say what the storage refused.
 */
interface BackupStorage {
    /** The largest file a restore reads. */
    long MAX_FILE = 512L << 20;

    /** Writes a new file; a file of that name in the folder is never overwritten. */
    void write(String folder, String name, byte[] content);

    byte[] read(String folder, String name);

    /** The folder's URL as a client names it (no SAS token). */
    String folderUri(String folder);
}
