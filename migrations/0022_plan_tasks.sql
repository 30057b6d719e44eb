-- Plans and tasks ([6/12]). A plan is a document of type Kế hoạch in the register; its tasks hang on it.
-- Each task is assigned to units (task_units), chosen as a list, a subtree, or every grassroots
-- organization under a unit, expanded to the units active on the task's start date and stored (a unit
-- founded later is not asked). Each unit keeps its own status: not started, in progress, done (with the
-- day). Overdue is never stored: a unit is overdue on day D when it is not done by D and D is after the
-- due date (overdue_from = due_on + 1 day, written by the service, because date arithmetic differs
-- between the engines). `version` guards concurrent updates (a stale one answers 409).
CREATE TABLE plan_tasks (
    id ${ID},
    document_id BIGINT NOT NULL REFERENCES documents(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    lead_org_id BIGINT REFERENCES orgs(id),
    start_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    overdue_from TEXT NOT NULL,
    assigned_how TEXT NOT NULL CHECK (assigned_how IN ('list', 'subtree', 'grassroots')),
    assigned_under BIGINT REFERENCES orgs(id),
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX plan_tasks_document ON plan_tasks(document_id, id);

CREATE TABLE task_units (
    id ${ID},
    task_id BIGINT NOT NULL REFERENCES plan_tasks(id),
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done')),
    done_on TEXT,
    comment TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    updated_by BIGINT,
    updated_at BIGINT NOT NULL,
    UNIQUE (task_id, org_id)
);
CREATE INDEX task_units_org ON task_units(org_id, task_id);

-- Every status change of a unit on a task, with its comment and evidence (JSON: stored files by SHA-256
-- and name, documents of the register by id).
CREATE TABLE task_updates (
    id ${ID},
    task_unit_id BIGINT NOT NULL REFERENCES task_units(id),
    status TEXT NOT NULL,
    done_on TEXT,
    comment TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '[]',
    by_user BIGINT,
    at BIGINT NOT NULL
);
CREATE INDEX task_updates_unit ON task_updates(task_unit_id, id);
