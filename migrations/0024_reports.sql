-- Report templates and rounds ([6/12]). A template is a form office staff design (sections of fields,
-- rules as data); each change is a new version (`report_template_versions.form`, JSON) and a round keeps
-- the version it was opened with. A round asks units for one report each over a period, from an opening
-- day to a deadline (late_from = the day after it, written by the service: date arithmetic differs
-- between the engines). `round_units` holds each unit's current report (the draft as it is saved,
-- `report_values` JSON) and where it stands; `report_events` every submission (with the values as
-- submitted: the versions people compare), return (with the comment) and acceptance, never changed.
CREATE TABLE report_templates (
    id ${ID},
    owner_org_id BIGINT NOT NULL REFERENCES orgs(id),
    name TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX report_templates_owner ON report_templates(owner_org_id, id);

CREATE TABLE report_template_versions (
    id ${ID},
    template_id BIGINT NOT NULL REFERENCES report_templates(id),
    version INTEGER NOT NULL,
    form TEXT NOT NULL,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    UNIQUE (template_id, version)
);

CREATE TABLE report_rounds (
    id ${ID},
    template_version_id BIGINT NOT NULL REFERENCES report_template_versions(id),
    owner_org_id BIGINT NOT NULL REFERENCES orgs(id),
    title TEXT NOT NULL,
    period_kind TEXT NOT NULL CHECK (period_kind IN ('month', 'quarter', 'half', 'year', 'custom')),
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    opens_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    late_from TEXT NOT NULL,
    assigned_how TEXT NOT NULL CHECK (assigned_how IN ('list', 'subtree', 'grassroots')),
    assigned_under BIGINT REFERENCES orgs(id),
    document_id BIGINT REFERENCES documents(id),
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX report_rounds_owner ON report_rounds(owner_org_id, id);

-- status: not_started (nothing saved), draft, submitted (awaiting review), returned, accepted.
-- first_submitted_on decides on time or late. `top` is 1 when no unit above it reports in the round (set
-- when the round opens): only those reports' numbers are summed up the tree, since a grassroots
-- committee's report already holds what its cells reported to it.
CREATE TABLE round_units (
    id ${ID},
    round_id BIGINT NOT NULL REFERENCES report_rounds(id),
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    status TEXT NOT NULL CHECK (status IN ('not_started', 'draft', 'submitted', 'returned', 'accepted')),
    top INTEGER NOT NULL DEFAULT 1,
    report_values TEXT NOT NULL DEFAULT '{}',
    first_submitted_on TEXT,
    submitted_on TEXT,
    accepted_on TEXT,
    submissions INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    updated_by BIGINT,
    updated_at BIGINT NOT NULL,
    UNIQUE (round_id, org_id)
);
CREATE INDEX round_units_org ON round_units(org_id, round_id);
CREATE INDEX round_units_status ON round_units(round_id, status);

-- kind: submit (values: as submitted; seq: the submission's number), return (comment), accept.
CREATE TABLE report_events (
    id ${ID},
    round_unit_id BIGINT NOT NULL REFERENCES round_units(id),
    kind TEXT NOT NULL CHECK (kind IN ('submit', 'return', 'accept')),
    seq INTEGER NOT NULL DEFAULT 0,
    on_day TEXT NOT NULL,
    report_values TEXT,
    comment TEXT NOT NULL DEFAULT '',
    by_user BIGINT,
    at BIGINT NOT NULL
);
CREATE INDEX report_events_unit ON report_events(round_unit_id, id);

-- The numbers of each submission, for the roll-up: a number counts from the day it was submitted until
-- the day the next submission replaced it (to_on NULL while it is the latest). Table columns are summed
-- over their rows under "table.column".
CREATE TABLE report_numbers (
    round_unit_id BIGINT NOT NULL REFERENCES round_units(id),
    seq INTEGER NOT NULL,
    field TEXT NOT NULL,
    value BIGINT NOT NULL,
    from_on TEXT NOT NULL,
    to_on TEXT,
    PRIMARY KEY (round_unit_id, seq, field)
);
