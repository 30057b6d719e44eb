-- The level above the provinces ([2/10]): the whole party, for national deployments and the
-- synthetic national data set (dangvu gen). Types are data; sort keeps it first.
INSERT INTO org_types (code, name, name_en, level, grassroots, holds_members, sort) VALUES
    ('central', 'Trung ương', 'Central (the whole party)', -1, 0, 0, 5);
