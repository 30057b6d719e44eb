-- Organizations with types and history ([2/10]): types are data; every organization has dated
-- versions (name, parent, type) and the reorganization events that produced them.
-- Dates are 'YYYY-MM-DD' text; a version holds on [valid_from, valid_to).

CREATE TABLE org_types (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    level INTEGER NOT NULL,           -- 0 province, 1 above grassroots, 2 grassroots, 3 inside grassroots, 4 group
    grassroots INTEGER NOT NULL DEFAULT 0,
    holds_members INTEGER NOT NULL DEFAULT 0,  -- cells: members belong to these
    sort INTEGER NOT NULL
);
INSERT INTO org_types (code, name, name_en, level, grassroots, holds_members, sort) VALUES
    ('provincial_committee', 'Tỉnh ủy', 'Provincial party committee', 0, 0, 0, 10),
    ('bloc', 'Đảng bộ Khối', 'Bloc party organization', 1, 0, 0, 20),
    ('grassroots_committee', 'Đảng bộ cơ sở', 'Grassroots party committee', 2, 1, 0, 30),
    ('grassroots_cell', 'Chi bộ cơ sở', 'Grassroots party cell', 2, 1, 1, 40),
    ('sub_committee', 'Đảng bộ bộ phận', 'Partial party committee', 3, 0, 0, 50),
    ('attached_cell', 'Chi bộ trực thuộc', 'Attached party cell', 3, 0, 1, 60),
    ('party_group', 'Tổ đảng', 'Party group', 4, 0, 1, 70);

ALTER TABLE orgs ADD COLUMN type_code TEXT REFERENCES org_types(code);
ALTER TABLE orgs ADD COLUMN founded_on TEXT;
ALTER TABLE orgs ADD COLUMN ended_on TEXT;  -- merged, split or dissolved on this date; NULL while active
-- The name folded for search (no diacritics, đ -> d, lower case), so "so tai chinh" finds
-- "Sở Tài chính". Written by the server (SQL cannot fold Vietnamese); rows from before this
-- migration are filled in at start-up (org::store::FillFoldedNames).
ALTER TABLE orgs ADD COLUMN name_folded TEXT;

-- Types of the organizations that exist already, from their place in the tree.
UPDATE orgs SET type_code = CASE
    WHEN parent_id IS NULL THEN 'bloc'
    WHEN EXISTS (SELECT 1 FROM orgs c WHERE c.parent_id = orgs.id) THEN 'grassroots_committee'
    WHEN parent_id IN (SELECT r.id FROM orgs r WHERE r.parent_id IS NULL) THEN 'grassroots_cell'
    ELSE 'attached_cell' END;
UPDATE orgs SET founded_on = '2000-01-01';

CREATE TABLE org_events (
    id ${ID},
    kind TEXT NOT NULL CHECK (kind IN ('create', 'rename', 'move', 'retype', 'merge', 'split', 'dissolve')),
    effective_on TEXT NOT NULL,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    target_id BIGINT REFERENCES orgs(id),  -- merge: the organization merged into; move: the new parent
    details TEXT NOT NULL,                  -- JSON: what changed
    decision TEXT NOT NULL DEFAULT '',      -- the decision that ordered it, e.g. "Quyết định số 123-QĐ/ĐUK"
    created_at BIGINT NOT NULL,
    created_by BIGINT
);
CREATE INDEX org_events_org ON org_events(org_id, effective_on);
CREATE INDEX org_events_target ON org_events(target_id);

CREATE TABLE org_versions (
    id ${ID},
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    parent_id BIGINT REFERENCES orgs(id),
    name TEXT NOT NULL,
    type_code TEXT NOT NULL REFERENCES org_types(code),
    event_id BIGINT REFERENCES org_events(id)
);
CREATE INDEX org_versions_org ON org_versions(org_id, valid_from);
CREATE INDEX org_versions_parent ON org_versions(parent_id, valid_from);

INSERT INTO org_versions (org_id, valid_from, valid_to, parent_id, name, type_code)
SELECT id, founded_on, NULL, parent_id, name, type_code FROM orgs;
