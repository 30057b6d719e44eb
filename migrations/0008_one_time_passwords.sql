-- One-time passwords ([4/12]): an account whose password was issued by someone else (bulk import,
-- an admin's reset) must choose its own before doing anything else. Set by auth::CreateAccounts and
-- auth::IssueOneTimePassword, cleared by the holder's own password change.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
