/**
 * Full backup and restore of a pool, selective key restore, and the pool settings, as on Managed
 * HSM (issue 17): the REST resources ({@code /backup}, {@code /restore}, {@code /keys/{name}/restore},
 * {@code /settings}), the jobs that run them ({@link org.hsmpool.pool.backup.BackupJobs}), the backup
 * document and its seal under the pool MAC key H ({@link org.hsmpool.pool.backup.FullBackupDocument},
 * {@link org.hsmpool.pool.backup.BackupSeal}), and where backups go: an Azure Blob container through a
 * SAS token, or a local directory ({@link org.hsmpool.pool.backup.BackupStorage}).
 */
package org.hsmpool.pool.backup;
