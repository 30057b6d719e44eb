-- Documents ([3/10]): the registry of directives, regulations, plans, reports… with their numbers,
-- the relations between them (a plan implements a directive, a report reports on a plan) and their
-- attached files. Types and issuing bodies are data, not code.

-- Kinds of document (Quy định 66-QĐ/TW for the party ones). `code` is what refs::Reference.type_code
-- reads; `abbreviation` the letters of the symbol ("CT" in 05-CT/TW).
CREATE TABLE document_types (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    abbreviation TEXT NOT NULL,
    system TEXT NOT NULL CHECK (system IN ('party', 'state', 'both')),
    sort INTEGER NOT NULL
);
INSERT INTO document_types (code, name, name_en, abbreviation, system, sort) VALUES
    ('resolution', 'Nghị quyết', 'Resolution', 'NQ', 'both', 10),
    ('directive', 'Chỉ thị', 'Directive', 'CT', 'both', 20),
    ('conclusion', 'Kết luận', 'Conclusion', 'KL', 'party', 30),
    ('regulation', 'Quy định', 'Regulation', 'QĐ', 'party', 40),
    ('decision', 'Quyết định', 'Decision', 'QĐ', 'both', 50),
    ('rules', 'Quy chế', 'Rules', 'QC', 'party', 60),
    ('guidance', 'Hướng dẫn', 'Guidance', 'HD', 'party', 70),
    ('plan', 'Kế hoạch', 'Plan', 'KH', 'both', 80),
    ('program', 'Chương trình', 'Programme', 'CTr', 'both', 90),
    ('report', 'Báo cáo', 'Report', 'BC', 'both', 100),
    ('notice', 'Thông báo', 'Notice', 'TB', 'both', 110),
    ('instruction', 'Thông tri', 'Instruction', 'TT', 'party', 120),
    ('submission', 'Tờ trình', 'Submission', 'TTr', 'both', 130),
    ('letter', 'Công văn', 'Official letter', 'CV', 'both', 140),
    ('minutes', 'Biên bản', 'Minutes', 'BB', 'both', 150),
    ('law', 'Luật', 'Law', '', 'state', 200),
    ('decree', 'Nghị định', 'Decree', 'NĐ', 'state', 210),
    ('circular', 'Thông tư', 'Circular', 'TT', 'state', 220);

-- Issuing bodies by the code that ends a symbol ("ĐUK" in 01-QĐ/ĐUK, "UBND" in 1234/QĐ-UBND): the
-- form fills the body's name from here; a document keeps the name it was registered with.
CREATE TABLE document_issuers (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    sort INTEGER NOT NULL
);
INSERT INTO document_issuers (code, name, sort) VALUES
    ('TW', 'Ban Chấp hành Trung ương Đảng', 10),
    ('BTCTW', 'Ban Tổ chức Trung ương', 20),
    ('BTGTW', 'Ban Tuyên giáo Trung ương', 30),
    ('BTGDVTW', 'Ban Tuyên giáo và Dân vận Trung ương', 35),
    ('VPTW', 'Văn phòng Trung ương Đảng', 40),
    ('UBKTTW', 'Ủy ban Kiểm tra Trung ương', 50),
    ('TU', 'Tỉnh ủy', 60),
    ('BTCTU', 'Ban Tổ chức Tỉnh ủy', 70),
    ('BTGTU', 'Ban Tuyên giáo Tỉnh ủy', 80),
    ('UBKTTU', 'Ủy ban Kiểm tra Tỉnh ủy', 90),
    ('ĐUK', 'Đảng ủy Khối các cơ quan tỉnh', 100),
    ('UBKTĐUK', 'Ủy ban Kiểm tra Đảng ủy Khối', 110),
    ('ĐU', 'Đảng ủy cơ sở', 120),
    ('CB', 'Chi bộ', 130),
    ('QH', 'Quốc hội', 200),
    ('CP', 'Chính phủ', 210),
    ('TTg', 'Thủ tướng Chính phủ', 220),
    ('UBND', 'Ủy ban nhân dân tỉnh', 230),
    ('HĐND', 'Hội đồng nhân dân tỉnh', 240);

CREATE TABLE documents (
    id ${ID},
    type_code TEXT NOT NULL REFERENCES document_types(code),
    system TEXT NOT NULL CHECK (system IN ('party', 'state')),
    symbol TEXT NOT NULL DEFAULT '',      -- normalized "05-CT/TW", "30/2020/NĐ-CP"; '' while a draft has none
    number TEXT NOT NULL DEFAULT '',      -- "05"
    issuer_code TEXT NOT NULL DEFAULT '', -- "TW", "ĐUK"
    issuer_name TEXT NOT NULL DEFAULT '', -- "Ban Chấp hành Trung ương Đảng"
    issued_on TEXT,                       -- ngày ban hành
    effective_on TEXT,                    -- ngày có hiệu lực; NULL: from the day it is issued
    expires_on TEXT,                      -- ngày hết hiệu lực; NULL: until replaced
    title TEXT NOT NULL,                  -- trích yếu
    signer TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',        -- full text
    owner_org_id BIGINT NOT NULL REFERENCES orgs(id), -- whose register holds it
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'internal')),
    status TEXT NOT NULL CHECK (status IN ('draft', 'issued')),
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX documents_symbol ON documents(symbol);
CREATE INDEX documents_owner ON documents(owner_org_id, issued_on);
CREATE INDEX documents_issued ON documents(issued_on, id);
CREATE INDEX documents_type ON documents(type_code, issued_on);

-- "from implements to": a plan (from) implements a directive (to). Kinds: implements, guides,
-- replaces, amends, reports_on. No cycles (the service refuses one).
CREATE TABLE document_relations (
    id ${ID},
    from_id BIGINT NOT NULL REFERENCES documents(id),
    to_id BIGINT NOT NULL REFERENCES documents(id),
    kind TEXT NOT NULL CHECK (kind IN ('implements', 'guides', 'replaces', 'amends', 'reports_on')),
    created_at BIGINT NOT NULL,
    UNIQUE (from_id, to_id, kind)
);
CREATE INDEX document_relations_to ON document_relations(to_id);

-- Stored files, content-addressed: the bytes live in <data_dir>/files/ab/cdef… named by their
-- SHA-256, written once whoever uploads them again.
CREATE TABLE stored_files (
    sha256 TEXT PRIMARY KEY,
    size BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE document_attachments (
    id ${ID},
    document_id BIGINT NOT NULL REFERENCES documents(id),
    sha256 TEXT NOT NULL REFERENCES stored_files(sha256),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    removed_at BIGINT
);
CREATE INDEX document_attachments_doc ON document_attachments(document_id);

-- Distribution (học tập, quán triệt): office staff send a document to units with a deadline for
-- studying it; each unit records receipt and when and how it studied it.
CREATE TABLE document_distributions (
    id ${ID},
    document_id BIGINT NOT NULL REFERENCES documents(id),
    sent_on TEXT NOT NULL,
    deadline TEXT NOT NULL,               -- study by this day
    note TEXT NOT NULL DEFAULT '',
    sent_by BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX document_distributions_doc ON document_distributions(document_id);

-- One unit's copy: a unit receives a document once (a later sending to it keeps the first row).
CREATE TABLE document_recipients (
    id ${ID},
    distribution_id BIGINT NOT NULL REFERENCES document_distributions(id),
    document_id BIGINT NOT NULL REFERENCES documents(id),
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    received_on TEXT,                     -- acknowledged receipt
    studied_on TEXT,                      -- studied (học tập, quán triệt)
    study_form TEXT CHECK (study_form IN ('conference', 'cell_meeting', 'self_study', 'other')),
    attendees INTEGER,                    -- members who attended
    members_total INTEGER,                -- members of the unit's subtree that day
    meeting_ref TEXT NOT NULL DEFAULT '', -- the conference or meeting ([5/10] links it)
    note TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT,
    recorded_at BIGINT,
    UNIQUE (document_id, org_id)
);
CREATE INDEX document_recipients_org ON document_recipients(org_id, document_id);
