-- Rotation policies, one per key name, as the API gave them (JSON). Purging the name removes it.
CREATE TABLE key_rotation_policies (
    key_name    VARCHAR(127) NOT NULL PRIMARY KEY REFERENCES keys (name) ON DELETE CASCADE,
    policy_json TEXT         NOT NULL,
    created_ms  BIGINT       NOT NULL,
    updated_ms  BIGINT       NOT NULL
);
