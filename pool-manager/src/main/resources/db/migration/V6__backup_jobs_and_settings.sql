-- Full backup and restore jobs (issue 17): one row per job, so that a job's status outlives the
-- manager that ran it, and "one backup or restore at a time" holds across managers (the store
-- refuses a second job while one is InProgress). No SAS token or other secret is stored.
CREATE TABLE backup_jobs (
    job_id         VARCHAR(32)   NOT NULL PRIMARY KEY,
    kind           VARCHAR(16)   NOT NULL CHECK (kind IN ('BACKUP', 'RESTORE', 'KEY_RESTORE')),
    status         VARCHAR(16)   NOT NULL CHECK (status IN ('InProgress', 'Succeeded', 'Failed')),
    status_details VARCHAR(1024),
    error_code     VARCHAR(64),
    error_message  VARCHAR(1024),
    location       VARCHAR(2048) NOT NULL,
    key_name       VARCHAR(127),
    started_ms     BIGINT        NOT NULL,
    ended_ms       BIGINT
);
CREATE INDEX backup_jobs_status ON backup_jobs (status);

-- Pool settings (GET/PATCH /settings): name to value, both text as the API carries them. A setting
-- without a row has its default (in code).
CREATE TABLE pool_settings (
    name  VARCHAR(128) NOT NULL PRIMARY KEY,
    value VARCHAR(256) NOT NULL
);
