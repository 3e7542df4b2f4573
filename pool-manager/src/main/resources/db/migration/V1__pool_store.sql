-- The pool store, version 1. Portable SQL: SQLite and PostgreSQL both run this file as is.
-- Rules (docs/store.md): times are BIGINT epoch milliseconds (UTC); names, ids and states are
-- text checked by the store before writing (SQLite does not enforce VARCHAR lengths); binary
-- columns use the ${binary_type} placeholder (BLOB on SQLite, BYTEA on PostgreSQL); no AUTOINCREMENT,
-- SERIAL, upsert or RETURNING.

-- The one pool this store belongs to, and the public facts of its security domain.
CREATE TABLE pool (
    id                VARCHAR(32)  NOT NULL PRIMARY KEY,
    name              VARCHAR(200) NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    created_ms        BIGINT       NOT NULL,
    sd_domain_id      VARCHAR(32),
    sd_quorum         INTEGER,
    sd_shares         INTEGER,
    sd_blob_sha256    VARCHAR(64),
    sd_activated_ms   BIGINT
);

CREATE TABLE security_domain_admins (
    ordinal    INTEGER      NOT NULL PRIMARY KEY,
    thumbprint VARCHAR(128) NOT NULL UNIQUE
);

-- The node registry.
CREATE TABLE nodes (
    name         VARCHAR(64)  NOT NULL PRIMARY KEY,
    endpoint     VARCHAR(255) NOT NULL,
    state        VARCHAR(16)  NOT NULL,
    applied_seq  BIGINT       NOT NULL,
    last_seen_ms BIGINT
);

-- The replication log. seq is assigned from replication_log_head inside the writing transaction:
-- the head row is the lock that serialises log writers, and it keeps numbering gap-free even
-- after old entries are compacted away.
CREATE TABLE replication_log_head (
    id       INTEGER NOT NULL PRIMARY KEY,
    last_seq BIGINT  NOT NULL,
    CHECK (id = 1)
);
INSERT INTO replication_log_head (id, last_seq) VALUES (1, 0);

CREATE TABLE replication_log (
    seq        BIGINT      NOT NULL PRIMARY KEY,
    kind       VARCHAR(32) NOT NULL,
    key_name   VARCHAR(127),
    version_id VARCHAR(32),
    payload    ${binary_type} NOT NULL,
    created_ms BIGINT      NOT NULL
);

-- Keys: one row per name (live or soft-deleted), its versions, and their operations and tags.
CREATE TABLE keys (
    name       VARCHAR(127) NOT NULL PRIMARY KEY,
    created_ms BIGINT       NOT NULL
);

CREATE TABLE key_versions (
    version_id    VARCHAR(32)  NOT NULL PRIMARY KEY,
    key_name      VARCHAR(127) NOT NULL REFERENCES keys (name) ON DELETE CASCADE,
    created_seq   BIGINT       NOT NULL UNIQUE,
    key_type      VARCHAR(32)  NOT NULL,
    public_jwk    TEXT,
    sealed_key    ${binary_type} NOT NULL,
    enabled       BOOLEAN      NOT NULL,
    not_before_ms BIGINT,
    expires_ms    BIGINT,
    managed       BOOLEAN      NOT NULL,
    created_ms    BIGINT       NOT NULL,
    updated_ms    BIGINT       NOT NULL
);
CREATE INDEX key_versions_by_name ON key_versions (key_name, created_seq);

CREATE TABLE key_version_ops (
    version_id VARCHAR(32) NOT NULL REFERENCES key_versions (version_id) ON DELETE CASCADE,
    ordinal    INTEGER     NOT NULL,
    op         VARCHAR(32) NOT NULL,
    PRIMARY KEY (version_id, ordinal)
);

CREATE TABLE key_version_tags (
    version_id VARCHAR(32)  NOT NULL REFERENCES key_versions (version_id) ON DELETE CASCADE,
    tag_name   VARCHAR(512) NOT NULL,
    tag_value  VARCHAR(256) NOT NULL,
    PRIMARY KEY (version_id, tag_name)
);

-- A row here takes the name and all its versions out of the live view.
CREATE TABLE deleted_keys (
    key_name           VARCHAR(127)  NOT NULL PRIMARY KEY REFERENCES keys (name) ON DELETE CASCADE,
    deleted_ms         BIGINT        NOT NULL,
    scheduled_purge_ms BIGINT        NOT NULL,
    recovery_id        VARCHAR(1024) NOT NULL
);
CREATE INDEX deleted_keys_by_purge ON deleted_keys (scheduled_purge_ms, key_name);

-- Local RBAC.
CREATE TABLE role_assignments (
    id                 VARCHAR(36)   NOT NULL PRIMARY KEY,
    scope              VARCHAR(1024) NOT NULL,
    role_definition_id VARCHAR(512)  NOT NULL,
    principal_id       VARCHAR(256)  NOT NULL,
    UNIQUE (scope, role_definition_id, principal_id)
);
CREATE INDEX role_assignments_by_principal ON role_assignments (principal_id);

CREATE TABLE role_definitions (
    id               VARCHAR(36)  NOT NULL PRIMARY KEY,
    role_name        VARCHAR(512) NOT NULL,
    description      TEXT         NOT NULL,
    permissions_json TEXT         NOT NULL
);

CREATE TABLE role_definition_scopes (
    role_definition_id VARCHAR(36)   NOT NULL REFERENCES role_definitions (id) ON DELETE CASCADE,
    ordinal            INTEGER       NOT NULL,
    scope              VARCHAR(1024) NOT NULL,
    PRIMARY KEY (role_definition_id, ordinal)
);

-- The audit chain head (one row once the first audit record is written).
CREATE TABLE audit_head (
    id   INTEGER NOT NULL PRIMARY KEY,
    seq  BIGINT  NOT NULL,
    hash ${binary_type} NOT NULL,
    CHECK (id = 1)
);
