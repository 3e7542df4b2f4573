package org.hsmpool.pool.backup;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import org.hsmpool.pool.config.PoolConfig;
import org.hsmpool.pool.api.KeyVaultException;

/**
 * Where a job's backup is, from the request's {@code storageResourceUri} and {@code token}: an Azure
 * Blob container ({@code https}, or {@code http} to this host only, as Azurite serves it, since a SAS
 * token must not cross a network in clear) with its SAS token, or a local directory ({@code file:}
 * URL or absolute path) under {@code hsmpool.pool.backup.directory} (default: {@code backups} next to the
 * store file). Everything wrong is a
 * BadParameter before a job starts; the token is never echoed.
 *
 * @param uri the container or directory as clients name it, without any token
 */
record BackupLocation(String uri, BackupStorage storage) {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    static BackupLocation of(String storageResourceUri, String token, PoolConfig config) {
        if (storageResourceUri == null || storageResourceUri.isBlank()) {
            throw KeyVaultException.badParameter("storageResourceUri is required: the blob container's URL, or a "
                    + "file: URL of a directory");
        }
        if (storageResourceUri.startsWith("/")) {
            return directory(Path.of(storageResourceUri), config);
        }
        URI uri;
        try {
            uri = new URI(storageResourceUri);
        } catch (URISyntaxException e) {
            throw KeyVaultException.badParameter("storageResourceUri is not a URL");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw KeyVaultException.badParameter("storageResourceUri carries a query: give the SAS token in 'token', "
                    + "not in the URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        switch (scheme) {
            case "file" -> {
                try {
                    return directory(Path.of(uri), config);
                } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                    throw KeyVaultException.badParameter("storageResourceUri is not a file: URL of a local directory");
                }
            }
            case "https", "http" -> {
                if (uri.getHost() == null || uri.getRawPath() == null || uri.getRawPath().length() < 2) {
                    throw KeyVaultException.badParameter("storageResourceUri must name a blob container "
                            + "(https://<account>.blob.core.windows.net/<container>)");
                }
                if (scheme.equals("http") && !LOOPBACK.contains(uri.getHost().toLowerCase(java.util.Locale.ROOT))) {
                    throw KeyVaultException.badParameter("a blob container is reached over https (http only on "
                            + "this host, e.g. Azurite): a SAS token must not travel in clear");
                }
                String sas = token == null ? "" : token.startsWith("?") ? token.substring(1) : token;
                if (sas.isBlank()) {
                    throw KeyVaultException.badParameter("token (the container's SAS token) is required for a blob "
                            + "container; managed identities are not supported");
                }
                String container = storageResourceUri.endsWith("/")
                        ? storageResourceUri.substring(0, storageResourceUri.length() - 1) : storageResourceUri;
                try {
                    return new BackupLocation(container,
                            new BlobStorage(container, sas, config.backup().storageTimeout()));
                } catch (RuntimeException e) {
                    throw KeyVaultException.badParameter("storageResourceUri is not a blob container URL the storage "
                            + "client accepts (" + e.getClass().getSimpleName() + ")");
                }
            }
            default -> throw KeyVaultException.badParameter("storageResourceUri must be an https URL of a blob "
                    + "container or a file: URL of a directory");
        }
    }

    private static BackupLocation directory(Path requested, PoolConfig config) {
        Path root = directoryRoot(config);
        Path dir = requested.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            Path realRoot = root.toRealPath();
            if (!dir.startsWith(root) || Files.exists(dir) && !dir.toRealPath().startsWith(realRoot)) {
                throw KeyVaultException.badParameter("a backup directory must lie under " + root
                        + " (hsmpool.pool.backup.directory)");
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw KeyVaultException.badParameter("the backup directory cannot be used: " + e.getClass().getSimpleName());
        }
        return new BackupLocation(dir.toUri().toString(), new DirectoryStorage(dir));
    }

    /** Where directory targets may lie: the configured directory, else {@code backups} next to the store file. */
    static Path directoryRoot(PoolConfig config) {
        Optional<Path> configured = config.backup().directory();
        Path root = configured.orElseGet(() -> {
            Path parent = config.store().toAbsolutePath().getParent();
            return (parent == null ? Path.of("/") : parent).resolve("backups");
        });
        return root.toAbsolutePath().normalize();
    }
}
