-- Roll-ups ([5/12]): figures over a subtree as of any date, from maintained aggregates.
-- rollup_deltas holds, for every organization and metric, the days on which the figure over its
-- subtree (the tree as of that day, from org_versions) changes and by how much: the figure as of D is
-- the sum of the deltas dated on or before D. Kept in the same transaction as each write
-- (src/rollup); rows with a zero delta are not kept. Days are 'YYYY-MM-DD' text as elsewhere.
CREATE TABLE rollup_deltas (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    metric TEXT NOT NULL,
    day TEXT NOT NULL,
    delta BIGINT NOT NULL,
    PRIMARY KEY (org_id, metric, day)
);

-- The metric sources whose deltas are built, with the version of their definition. At start-up a
-- source missing here (this migration, on a database that already holds members; a feature that
-- registers a new source) or built at an older version is rebuilt in one SQL pass: no manual step.
CREATE TABLE rollup_sources (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    built_at BIGINT NOT NULL
);
