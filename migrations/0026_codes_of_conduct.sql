-- Codes of conduct ([7/12]): each unit's own norms (chuẩn mực đạo đức), house rules (nội quy) and working
-- rules (quy chế), kept as versioned documents: a version is adopted on a day and holds until the next one.

CREATE TABLE conduct_kinds (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    sort INTEGER NOT NULL
);
INSERT INTO conduct_kinds (code, name, name_en, sort) VALUES
    ('code_of_conduct', 'Chuẩn mực đạo đức', 'Code of conduct', 10),
    ('house_rules', 'Nội quy', 'House rules', 20),
    ('working_rules', 'Quy chế làm việc', 'Working rules', 30);

-- One norm of a unit (its title is the name it is known by; its text is in its versions).
CREATE TABLE conduct_codes (
    id ${ID},
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    kind TEXT NOT NULL REFERENCES conduct_kinds(code),
    title TEXT NOT NULL,
    created_by BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX conduct_codes_org ON conduct_codes(org_id, kind);

-- Its versions, numbered from 1; the one in force on a day is the latest adopted on or before it.
-- document_id: the register's copy when the unit issued it as a document.
CREATE TABLE conduct_versions (
    id ${ID},
    code_id BIGINT NOT NULL REFERENCES conduct_codes(id),
    number INTEGER NOT NULL,
    adopted_on TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    document_id BIGINT REFERENCES documents(id),
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    UNIQUE (code_id, number),
    UNIQUE (code_id, adopted_on)
);
CREATE INDEX conduct_versions_day ON conduct_versions(adopted_on);
