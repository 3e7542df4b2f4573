package org.hsmpool.pool.backup;

import java.time.Duration;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;

/**
 * Backups in an Azure Blob container reached with a SAS token (the Azure Storage SDK for Java, JDK
 * HTTP client): one virtual folder per backup. One try per call, bounded by the storage timeout, so
 * that an unreachable storage fails the job within it instead of hanging.
 */
final class BlobStorage implements BackupStorage {
    private final String containerUri;
    private final BlobContainerClient container;

    BlobStorage(String containerUri, String sasToken, Duration timeout) {
        this.containerUri = containerUri;
        int seconds = (int) Math.max(1, timeout.toSeconds());
        this.container = new BlobContainerClientBuilder().endpoint(containerUri).sasToken(sasToken)
                .httpClient(new JdkHttpClientBuilder().connectionTimeout(timeout).responseTimeout(timeout).build())
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, seconds, null, null, null))
                .buildClient();
    }

    @Override
    public void write(String folder, String name, byte[] content) {
        BlobClient blob = container.getBlobClient(folder + "/" + name);
        try {
            blob.upload(BinaryData.fromBytes(content), false);
        } catch (BlobStorageException e) {
            throw refused("write " + name + " of backup " + folder, e);
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    @Override
    public byte[] read(String folder, String name) {
        BlobClient blob = container.getBlobClient(folder + "/" + name);
        try {
            if (blob.getProperties().getBlobSize() > MAX_FILE) {
                throw BackupFailure.invalidBackup(name + " of backup " + folder + " is larger than a backup can be");
            }
            return blob.downloadContent().toBytes();
        } catch (BlobStorageException e) {
            throw refused("read " + name + " of backup " + folder, e);
        } catch (BackupFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    @Override
    public String folderUri(String folder) {
        return containerUri + "/" + folder;
    }

    private BackupFailure refused(String what, BlobStorageException e) {
        String code = e.getErrorCode() == null ? "HTTP " + e.getStatusCode() : e.getErrorCode().toString();
        String why = switch (e.getStatusCode()) {
            case 401, 403 -> "the SAS token does not allow it (check its permissions, expiry and signature)";
            case 404 -> "not found (the container or the backup folder does not exist)";
            case 409 -> "it exists already";
            default -> "the storage refused";
        };
        String errorCode = e.getStatusCode() == 404 ? "BackupNotFound"
                : e.getStatusCode() == 401 || e.getStatusCode() == 403 ? "StorageAccessDenied" : "StorageError";
        return new BackupFailure(errorCode, "cannot " + what + " in " + containerUri + ": " + why + " (" + code + ")");
    }

    private BackupFailure unreachable(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new BackupFailure("StorageUnavailable", "the storage at " + containerUri + " did not answer ("
                + root.getClass().getSimpleName() + ")");
    }
}
