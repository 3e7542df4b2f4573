-- Security-domain drills (docs/security-domain.md "Drill"): each row says that an administrator's
-- share of a domain opened inside a node, and who asked for the check. Public facts only: a
-- certificate thumbprint, a share index, a principal, a time. (V7: V6 is left to the settings of
-- the full backup, built in parallel.)
CREATE TABLE security_domain_drills (
    domain_id   VARCHAR(32)  NOT NULL,
    admin_x5t   VARCHAR(64)  NOT NULL,
    share_index INTEGER      NOT NULL,
    principal   VARCHAR(200) NOT NULL,
    checked_ms  BIGINT       NOT NULL
);
CREATE INDEX security_domain_drills_by_admin ON security_domain_drills (domain_id, admin_x5t, checked_ms);
