-- The security-domain restore's transfer key (docs/security-domain.md, restore): which node issued
-- it, so that the upload may reach another manager than the one that handed out the key. No row
-- until a transfer key is issued; removed when the pool is activated or restored.
CREATE TABLE security_domain_transfer (
    id         INTEGER      NOT NULL PRIMARY KEY CHECK (id = 1),
    node_name  VARCHAR(64)  NOT NULL,
    key_sha256 VARCHAR(64)  NOT NULL,
    issued_ms  BIGINT       NOT NULL
);

-- The version of what managers keep in memory (docs/store.md, "Several managers: read caches"): every
-- write that changes the pool row, a key or RBAC counts it up in its own transaction (and notifies the
-- other managers on PostgreSQL), so a manager that reads it can tell whether it missed a change.
CREATE TABLE store_changes (
    id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    version BIGINT  NOT NULL
);
INSERT INTO store_changes (id, version) VALUES (1, 0);
