package org.hsmpool.cli.backup;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.InputFile;
import org.hsmpool.cli.common.UserError;

/**
 * Where a backup goes or comes from, as the REST API wants it ({@code storageResourceUri},
 * {@code token}): a blob container URL with its SAS token from {@code --sas-file} or
 * {@code $HSMPOOL_BACKUP_SAS}, or a directory (an absolute path or {@code file:} URL, on the pool
 * manager's machine, under its {@code hsmpool.pool.backup.directory}).
 */
final class BackupTarget {
    static final String SAS_VARIABLE = "HSMPOOL_BACKUP_SAS";

    private BackupTarget() {
    }

    /** {@code {storageResourceUri, token?}} for a container or directory. */
    static Map<String, Object> parameters(String where, Path sasFile, Host host) {
        String uri;
        boolean blob;
        if (where.startsWith("https://") || where.startsWith("http://")) {
            if (where.contains("?")) {
                throw new UserError("give the container URL without its SAS token, and the token in --sas-file or $"
                        + SAS_VARIABLE + ": a command line shows in 'ps' to every user");
            }
            uri = where;
            blob = true;
        } else if (where.startsWith("file:")) {
            uri = URI.create(where).toString();
            blob = false;
        } else {
            uri = Path.of(where).toAbsolutePath().normalize().toUri().toString();
            blob = false;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("storageResourceUri", uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri);
        if (blob) {
            Optional<String> sas = sasFile != null ? Optional.of(InputFile.readText(sasFile, "SAS token").trim())
                    : host.variable(SAS_VARIABLE);
            p.put("token", sas.filter(s -> !s.isBlank()).orElseThrow(() -> new UserError("a blob container needs a SAS "
                    + "token: give --sas-file FILE (mode 0600) or set $" + SAS_VARIABLE)));
        } else if (sasFile != null) {
            throw new UserError("--sas-file is for blob containers; a directory needs none");
        }
        return p;
    }

    /** A backup's folder URL split into its container (or directory) and the folder's name, as the SDKs do. */
    static String[] split(String folderUrl) {
        String u = folderUrl.endsWith("/") ? folderUrl.substring(0, folderUrl.length() - 1) : folderUrl;
        int slash = u.lastIndexOf('/');
        if (slash <= 0 || slash == u.length() - 1) {
            throw new UserError("--from names one backup: the URL or path 'hsmpool backup create' printed "
                    + "(the container or directory, then the backup's folder)");
        }
        return new String[] {u.substring(0, slash), u.substring(slash + 1)};
    }
}
