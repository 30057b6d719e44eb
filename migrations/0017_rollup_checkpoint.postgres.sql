-- Roll-ups at national scale ([5/12]); see docs/architecture.md "Storage → Roll-ups".
-- rollup_deltas again with the metric in the "C" collation: the facility reads ranges of metric names
-- (the birth-day histogram of one year, everything but that histogram), which must follow byte order
-- whatever the database's locale. Emptied: the members source changed meaning (age bands are read from a
-- histogram of birth years and days instead of rows dated at every birthday), so rollup_sources is
-- cleared and the next start rebuilds every source in one SQL pass (no manual step).
DROP TABLE rollup_deltas;
CREATE TABLE rollup_deltas (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    metric TEXT COLLATE "C" NOT NULL,
    day TEXT COLLATE "C" NOT NULL,
    delta BIGINT NOT NULL,
    PRIMARY KEY (org_id, metric, day)
);
DELETE FROM rollup_sources;

-- Checkpointed totals: for every (organization, metric) that has deltas, their sum up to and including
-- the checkpoint day (a row is kept even at zero, so it lists the metrics an organization has). A figure
-- as of D >= checkpoint is the total plus the deltas dated in (checkpoint, D]; before the checkpoint, the
-- deltas up to D. Writes dated on or before the checkpoint update the totals in the same transaction.
CREATE TABLE rollup_totals (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    metric TEXT COLLATE "C" NOT NULL,
    total BIGINT NOT NULL,
    PRIMARY KEY (org_id, metric)
);

-- The checkpoint day, one row; '0000-00-00' until the first rebuild or start-up moves it (to today).
CREATE TABLE rollup_checkpoint (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    day TEXT COLLATE "C" NOT NULL
);
INSERT INTO rollup_checkpoint (id, day) VALUES (1, '0000-00-00');
