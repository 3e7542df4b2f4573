-- Service principals of the built-in token service (OAuth2 client credentials). The secret is
-- kept only as a salted hash ("pbkdf2-sha256$<iterations>$<salt>$<hash>", base64url): the store
-- never sees a client secret. object_id is what tokens carry as oid/sub and RBAC assigns roles to.
CREATE TABLE service_principals (
    client_id    VARCHAR(36)  NOT NULL PRIMARY KEY,
    object_id    VARCHAR(36)  NOT NULL UNIQUE,
    display_name VARCHAR(256) NOT NULL,
    secret_hash  VARCHAR(512) NOT NULL,
    created_ms   BIGINT       NOT NULL
);
