-- Meetings ([7/12]): study conferences (hội nghị học tập, quán triệt), the monthly cell meeting (sinh hoạt
-- chi bộ thường kỳ) and the thematic one (sinh hoạt chuyên đề), each with the members invited and their
-- attendance; the year's theme (chuyên đề năm); and the rules of how often a unit must meet, as data.

-- Months from 1900-01 (idx 0) to 2199-12: the periods of the meeting rules are counted in them (a period of
-- n months starts at a month whose idx is a multiple of n: quarters in January, April, July, October).
CREATE TABLE calendar_months (
    idx INTEGER PRIMARY KEY,
    ym TEXT NOT NULL UNIQUE,          -- 'YYYY-MM'
    first_day TEXT NOT NULL UNIQUE    -- 'YYYY-MM-01'
);
INSERT INTO calendar_months (idx, ym, first_day)
WITH RECURSIVE m(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM m WHERE i < 3599)
SELECT i,
    CAST(1900 + i / 12 AS TEXT) || '-' || CASE WHEN i % 12 < 9 THEN '0' ELSE '' END || CAST(i % 12 + 1 AS TEXT),
    CAST(1900 + i / 12 AS TEXT) || '-' || CASE WHEN i % 12 < 9 THEN '0' ELSE '' END || CAST(i % 12 + 1 AS TEXT) || '-01'
FROM m;

-- Kinds of meeting, as data. study_form: how a document studied at it is recorded in the study register.
CREATE TABLE meeting_kinds (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    study_form TEXT NOT NULL CHECK (study_form IN ('conference', 'cell_meeting', 'other')),
    sort INTEGER NOT NULL
);
INSERT INTO meeting_kinds (code, name, name_en, study_form, sort) VALUES
    ('regular', 'Sinh hoạt chi bộ thường kỳ', 'Regular cell meeting', 'cell_meeting', 10),
    ('thematic', 'Sinh hoạt chuyên đề', 'Thematic cell meeting', 'cell_meeting', 20),
    ('regular_thematic', 'Sinh hoạt thường kỳ kết hợp chuyên đề', 'Regular meeting combined with a thematic one', 'cell_meeting', 30),
    ('conference', 'Hội nghị học tập, quán triệt', 'Study conference', 'conference', 40),
    ('other', 'Cuộc họp khác', 'Other meeting', 'other', 50);

-- Which rule a kind of meeting satisfies (a combined meeting counts as both).
CREATE TABLE meeting_kind_counts (
    kind_code TEXT NOT NULL REFERENCES meeting_kinds(code),
    counts_as TEXT NOT NULL CHECK (counts_as IN ('regular', 'thematic')),
    PRIMARY KEY (kind_code, counts_as)
);
INSERT INTO meeting_kind_counts (kind_code, counts_as) VALUES
    ('regular', 'regular'), ('thematic', 'thematic'), ('regular_thematic', 'regular'), ('regular_thematic', 'thematic');

-- How often a unit of a type must hold a meeting that counts as each rule: at least one in every period of
-- every_months months (Điều lệ Đảng: regular monthly; Hướng dẫn 12-HD/BTCTW: thematic at least quarterly).
-- A unit is expected to meet in a period when it stands, with such a type, on the period's first day.
CREATE TABLE meeting_rules (
    type_code TEXT NOT NULL REFERENCES org_types(code),
    counts_as TEXT NOT NULL CHECK (counts_as IN ('regular', 'thematic')),
    every_months INTEGER NOT NULL CHECK (every_months IN (1, 2, 3, 4, 6, 12)),
    PRIMARY KEY (type_code, counts_as)
);
INSERT INTO meeting_rules (type_code, counts_as, every_months) VALUES
    ('grassroots_cell', 'regular', 1), ('grassroots_cell', 'thematic', 3),
    ('attached_cell', 'regular', 1), ('attached_cell', 'thematic', 3);

-- The year's theme (chuyên đề năm), set by a unit for its subtree: one per unit and year.
CREATE TABLE themes (
    id ${ID},
    owner_org_id BIGINT NOT NULL REFERENCES orgs(id),
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (owner_org_id, year)
);
CREATE TABLE theme_documents (
    theme_id BIGINT NOT NULL REFERENCES themes(id),
    document_id BIGINT NOT NULL REFERENCES documents(id),
    PRIMARY KEY (theme_id, document_id)
);

-- status: planned (attendance not recorded yet) or held. invited/present/excused/absent count the
-- attendance rows (kept by the service, read by the roll-up source "meetings").
CREATE TABLE meetings (
    id ${ID},
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    kind TEXT NOT NULL REFERENCES meeting_kinds(code),
    held_on TEXT NOT NULL,
    starts_at TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    topic TEXT NOT NULL,
    theme_id BIGINT REFERENCES themes(id),
    minutes TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('planned', 'held')),
    invited INTEGER NOT NULL DEFAULT 0,
    present INTEGER NOT NULL DEFAULT 0,
    excused INTEGER NOT NULL DEFAULT 0,
    absent INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    updated_by BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX meetings_org ON meetings(org_id, held_on);
CREATE INDEX meetings_day ON meetings(held_on);

-- Documents of the register studied at a meeting.
CREATE TABLE meeting_documents (
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    document_id BIGINT NOT NULL REFERENCES documents(id),
    PRIMARY KEY (meeting_id, document_id)
);

-- Each member invited (every member of the unit's subtree on the day, as the tree stood then) and their
-- attendance. org_id: the member's cell on the day.
CREATE TABLE meeting_attendance (
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    member_id BIGINT NOT NULL REFERENCES members(id),
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    state TEXT NOT NULL CHECK (state IN ('present', 'excused', 'absent')),
    reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX meeting_attendance_member ON meeting_attendance(member_id, meeting_id);

-- Files of the minutes (content-addressed, stored_files).
CREATE TABLE meeting_files (
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, sha256)
);
