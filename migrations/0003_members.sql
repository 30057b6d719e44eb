-- Party members ([2/10]): the member record, and where each member belonged when (placements).

CREATE TABLE members (
    id ${ID},
    full_name TEXT NOT NULL,
    name_folded TEXT NOT NULL,     -- vn::Fold(full_name): search without diacritics
    sort_key TEXT NOT NULL,        -- vn::NameSortKeyHex(full_name): given name, family, middle (ICU "vi")
    gender TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    birth_date TEXT,
    ethnicity TEXT NOT NULL DEFAULT '',
    hometown TEXT NOT NULL DEFAULT '',
    admitted_on TEXT,              -- ngày vào Đảng
    official_on TEXT,              -- ngày chính thức
    card_number TEXT UNIQUE,       -- số thẻ đảng viên; NULL until issued
    party_position TEXT NOT NULL DEFAULT '',
    gov_position TEXT NOT NULL DEFAULT '',
    citizen_id TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    org_id BIGINT NOT NULL REFERENCES orgs(id),   -- the cell the member belongs to now
    status TEXT NOT NULL CHECK (status IN ('probationary', 'official', 'transferred_out', 'deceased', 'removed')),
    status_since TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX members_org ON members(org_id, sort_key);
CREATE INDEX members_status ON members(status);

-- One row per stretch of membership in one organization: [from_date, to_date).
CREATE TABLE member_placements (
    id ${ID},
    member_id BIGINT NOT NULL REFERENCES members(id),
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    from_date TEXT NOT NULL,
    to_date TEXT,
    reason TEXT NOT NULL CHECK (reason IN ('admitted', 'transfer_in', 'transfer', 'reorganization')),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX member_placements_member ON member_placements(member_id, from_date);
CREATE INDEX member_placements_org ON member_placements(org_id, from_date);

-- An account may be a member's own (role "member": own records only).
ALTER TABLE users ADD COLUMN member_id BIGINT REFERENCES members(id);
