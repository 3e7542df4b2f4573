-- The security-domain restore's transfer key (docs/security-domain.md, restore): which node issued
-- it, so that the upload may reach another manager than the one that handed out the key. No row
-- until a transfer key is issued; removed when the pool is activated or restored.
CREATE TABLE security_domain_transfer (
    id         INTEGER      NOT NULL PRIMARY KEY CHECK (id = 1),
    node_name  VARCHAR(64)  NOT NULL,
    key_sha256 VARCHAR(64)  NOT NULL,
    issued_ms  BIGINT       NOT NULL
);

