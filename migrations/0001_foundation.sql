-- Foundation: organizations (as far as scopes need them), users, role grants, sessions,
-- log-in throttling and the hash-chained audit log.
-- ${ID} expands to the engine's auto-increment primary key (see src/db/migrate.cpp).

CREATE TABLE orgs (
    id ${ID},
    parent_id BIGINT REFERENCES orgs(id),
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX orgs_parent ON orgs(parent_id);

-- Closure table: one row per (ancestor, descendant) pair, the organization itself included at
-- depth 0. "Is X inside the subtree of A" is one indexed look-up on both engines.
CREATE TABLE org_tree (
    ancestor_id BIGINT NOT NULL REFERENCES orgs(id),
    descendant_id BIGINT NOT NULL REFERENCES orgs(id),
    depth INTEGER NOT NULL,
    PRIMARY KEY (ancestor_id, descendant_id)
);
CREATE INDEX org_tree_descendant ON org_tree(descendant_id, ancestor_id);

CREATE TABLE users (
    id ${ID},
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE grants (
    id ${ID},
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'office', 'inspector', 'secretary', 'member')),
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, role, org_id)
);
CREATE INDEX grants_org ON grants(org_id);

-- The cookie holds a random token; only its SHA-256 is stored, so a database leak gives no sessions.
CREATE TABLE sessions (
    id ${ID},
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    ip TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
    id ${ID},
    username TEXT NOT NULL,
    ip TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_username ON login_failures(username, at);
CREATE INDEX login_failures_ip ON login_failures(ip, at);

-- The chain's head: the last sequence number and hash. Appending updates this single row first,
-- which serializes appenders on PostgreSQL (row lock) as SQLite's write lock already does.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    user_id BIGINT,
    username TEXT NOT NULL,
    ip TEXT NOT NULL,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id BIGINT,
    org_id BIGINT,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_user ON audit_log(user_id, id);
CREATE INDEX audit_log_entity ON audit_log(entity_type, entity_id);
CREATE INDEX audit_log_org ON audit_log(org_id, id);
