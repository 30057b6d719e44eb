-- The audit chain becomes keyed (HMAC-SHA256 with a key kept outside the database, docs/architecture.md
-- "Audit log"). SQL cannot compute the keyed hashes: the binary rehashes an existing plain chain once, after
-- checking it, and then sets keyed = 1 (audit::KeyChain).
ALTER TABLE audit_head ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;
