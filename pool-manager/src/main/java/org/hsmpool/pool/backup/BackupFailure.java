package org.hsmpool.pool.backup;

/**
 * Why a backup or restore job failed, with the error code its status shows. Messages never carry a
 * SAS token, key material or other secret.
 */
final class BackupFailure extends RuntimeException {
    private final String code;

    BackupFailure(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    BackupFailure(String code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }

    static BackupFailure invalidBackup(String message) {
        return new BackupFailure("InvalidBackup", message);
    }
}
