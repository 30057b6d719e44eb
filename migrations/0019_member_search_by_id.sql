-- Member name search past the count's cap ([5/12]): the page is now read tier by tier in the order members
-- were registered (id), not in name order (src/member/store.cpp PageByTiers: at 6,000,000 members a walk in
-- name order for a frequent family name read most members whose given name sorts first before the first
-- match, 170-360 ms). The given-name tier walks this index: one given name's members in id order. The
-- expression is migration 0018's, letter for letter (the store repeats it). members_name_order (sort_key,
-- id) stays: every list below the cap is in name order.
DROP INDEX IF EXISTS members_given_name;
CREATE INDEX members_given_id ON members(substr(name_folded, length(rtrim(name_folded, replace(name_folded, ' ', ''))) + 1), id);
