-- The leader lease's fencing epoch (docs/store.md "Leader lease"): one row. A manager that becomes
-- the leader increments epoch; every leader-only write checks, in its own transaction, that the
-- epoch is still the one its leader took, so a paused ex-leader's writes are refused.
CREATE TABLE leader_lease (
    id          INTEGER      NOT NULL PRIMARY KEY CHECK (id = 1),
    epoch       BIGINT       NOT NULL,
    holder      VARCHAR(200) NOT NULL,
    acquired_ms BIGINT       NOT NULL,
    renewed_ms  BIGINT       NOT NULL
);
INSERT INTO leader_lease (id, epoch, holder, acquired_ms, renewed_ms) VALUES (1, 0, '', 0, 0);
