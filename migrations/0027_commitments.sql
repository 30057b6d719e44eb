-- Personal commitments ([7/12]): what each member registers to do in a year (bản đăng ký làm theo), the
-- secretary's approval, the member's self-assessment at year end and the secretary's review.

-- The dates of a year, set by the office: members with no commitment approved or submitted by register_by
-- are reminded; self-assessment opens on assess_from. A year without a row: 31 March and 15 November.
CREATE TABLE commitment_years (
    year INTEGER PRIMARY KEY,
    register_by TEXT NOT NULL,
    assess_from TEXT NOT NULL,
    updated_by BIGINT,
    updated_at BIGINT NOT NULL
);

-- One per member and year. status: draft -> submitted -> approved (or returned -> submitted again);
-- then assessment: none -> submitted -> reviewed (or returned -> submitted again).
-- org_id: the member's cell when it was last submitted (where it is counted and who approves it).
CREATE TABLE commitments (
    id ${ID},
    member_id BIGINT NOT NULL REFERENCES members(id),
    year INTEGER NOT NULL,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    theme_id BIGINT REFERENCES themes(id),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    assessment TEXT NOT NULL DEFAULT 'none' CHECK (assessment IN ('none', 'submitted', 'reviewed', 'returned')),
    return_note TEXT NOT NULL DEFAULT '',
    review_note TEXT NOT NULL DEFAULT '',
    submitted_on TEXT,
    approved_on TEXT,
    approved_by BIGINT,
    assessed_on TEXT,
    reviewed_on TEXT,
    reviewed_by BIGINT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (member_id, year)
);
CREATE INDEX commitments_org ON commitments(org_id, year, status);
-- The hourly reminders: what waits for a secretary, and since when.
CREATE INDEX commitments_waiting ON commitments(year, status, submitted_on);
CREATE INDEX commitments_assessing ON commitments(year, assessment, assessed_on);

-- Its items in order; result and note: the member's self-assessment.
CREATE TABLE commitment_items (
    commitment_id BIGINT NOT NULL REFERENCES commitments(id),
    position INTEGER NOT NULL,
    body TEXT NOT NULL,
    result TEXT CHECK (result IN ('done', 'partly', 'not_done')),
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commitment_id, position)
);

-- Reminders sent (each once per member, year and kind).
CREATE TABLE commitment_reminders (
    year INTEGER NOT NULL,
    member_id BIGINT NOT NULL REFERENCES members(id),
    kind TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (year, member_id, kind)
);
