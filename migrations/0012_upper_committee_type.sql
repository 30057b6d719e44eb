-- The party committees directly under a provincial committee that are not blocs ([4/12]): in 2025
-- the provincial agencies' bloc party organizations ended and "Đảng bộ các cơ quan Đảng tỉnh" and
-- "Đảng bộ Ủy ban nhân dân tỉnh" took their units. Same level as a bloc (above grassroots), so
-- everything that goes by levels treats them alike; the name says what they are.
INSERT INTO org_types (code, name, name_en, level, grassroots, holds_members, sort) VALUES
    ('upper_committee', 'Đảng bộ trực thuộc Tỉnh ủy', 'Party committee under the provincial committee', 1, 0, 0, 25);
