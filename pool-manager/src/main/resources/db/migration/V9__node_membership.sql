-- Node membership changed at run time (POST and DELETE /hsmpool/nodes; docs/operations.md, "Nodes"):
-- a node added through the API, or a node removed through it (one of the configuration's nodes
-- included). A manager's nodes are those of its configuration, plus the 'added' rows, minus the
-- 'removed' rows, so that every manager of the store agrees and a restart keeps what was changed.
CREATE TABLE node_membership (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    endpoint   VARCHAR(255) NOT NULL,
    status     VARCHAR(16)  NOT NULL CHECK (status IN ('added', 'removed')),
    changed_ms BIGINT       NOT NULL
);
