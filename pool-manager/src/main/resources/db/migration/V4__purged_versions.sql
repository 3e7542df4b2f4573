-- Tombstones: every key version id ever purged from this pool, so that no restore, import or
-- replay can bring a purged version back (issue 14 item 11). Kept for good: one short row per
-- version. Filled from the replication log for purges made before this table existed.
CREATE TABLE purged_versions (
    version_id VARCHAR(32)  NOT NULL PRIMARY KEY,
    key_name   VARCHAR(127) NOT NULL,
    purged_ms  BIGINT       NOT NULL
);
INSERT INTO purged_versions (version_id, key_name, purged_ms)
    SELECT version_id, MIN(key_name), MIN(created_ms) FROM replication_log
    WHERE kind = 'KEY_PURGED' AND version_id IS NOT NULL GROUP BY version_id;
