/**
 * {@code hsmpool backup create|restore|status}: full backups of a pool into an Azure Blob container
 * (URL and a SAS token read from a file or {@code $HSMPOOL_BACKUP_SAS}, never from the command line)
 * or a directory the pool manager writes, full and selective restores, and the jobs' status, over
 * the Managed HSM endpoints ({@code POST /backup}, {@code PUT /restore}, {@code PUT /keys/{name}/restore}).
 */
package org.hsmpool.cli.backup;
