-- Committee positions ([2/10]): who holds which seat on an organization's committee (cấp ủy), from
-- when to when. The seats are data: a deployment adds "ủy viên ban thường vụ" without code.

CREATE TABLE committee_roles (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    max_holders INTEGER,          -- at one time; NULL: any number
    sort INTEGER NOT NULL
);
INSERT INTO committee_roles (code, name, name_en, max_holders, sort) VALUES
    ('secretary', 'Bí thư', 'Secretary', 1, 10),
    ('deputy_secretary', 'Phó Bí thư', 'Deputy secretary', NULL, 20),
    ('standing_member', 'Ủy viên Ban Thường vụ', 'Standing committee member', NULL, 30),
    ('committee_member', 'Cấp ủy viên', 'Committee member', NULL, 40);

-- One term in one seat: [from_date, to_date).
CREATE TABLE committee_positions (
    id ${ID},
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    member_id BIGINT NOT NULL REFERENCES members(id),
    role_code TEXT NOT NULL REFERENCES committee_roles(code),
    from_date TEXT NOT NULL,
    to_date TEXT,
    decision TEXT NOT NULL DEFAULT '',   -- e.g. "Quyết định số 12-QĐ/ĐUK"
    end_reason TEXT NOT NULL DEFAULT '', -- term_end, replaced, transfer, status, reorganization
    created_at BIGINT NOT NULL
);
CREATE INDEX committee_positions_org ON committee_positions(org_id, from_date);
CREATE INDEX committee_positions_member ON committee_positions(member_id, from_date);
