// audit/present: how an audit entry reads to a person — its changes as labelled before → after rows,
// personal identifiers masked for readers who may not see them, and the page of the entity it is about.
// Pure functions over Entry (no database, no HTTP): the routes translate the keys they return.
//
// Masking rule: citizen id, phone, party card number and birth date (members' personal identifiers,
// also inside bulk-import rows) are shown in full only to a reader whose admin grant covers the entry's
// organization (Entry::identifiers_visible). Office staff read the log to see who did what: they see
// "•••••••••123" and "••/••/1980". The member's own page keeps its own rules.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "audit/audit.h"

namespace dv::audit {

// One changed (or, for a creation or deletion, present) field.
struct Change {
    std::string field;   // "citizen_id"; nested: "term.from_date"
    std::string before;  // display text ("" when absent): dates d/m/yyyy, true/false as "true"/"false"
    std::string after;
};

// The fields to show for an entry: for an update those whose value differs, for a creation every
// non-empty field of `after`, for a deletion every field of `before`. Ids that duplicate a name beside
// them (org_id next to org_name) and hashes are left out. Identifiers masked unless `show_identifiers`.
std::vector<Change> Changes(const Entry& e, bool show_identifiers);

// True for the fields masked by the rule above.
bool IsIdentifier(std::string_view field);
// "•••••••••123" (all but the last three characters), "••/••/1980" for a birth date; "" stays "".
std::string Mask(std::string_view field, std::string_view value);
// A JSON text with every identifier field masked, at any depth (for the API's before/after).
std::string MaskJson(std::string_view json);

// The page of the entity an entry is about, or "" when there is none to open (sessions, bulk imports).
// Readers of the log (admin, office) may read organizations, members and documents in their subtree;
// only `can_manage_users` readers get the link to an account.
std::string EntityHref(const Entry& e, bool can_manage_users);
// A name for the entity taken from the entry's own data (a member's full name, an organization's or a
// document's name, a user name), or "" when the entry holds none.
std::string EntityName(const Entry& e);

// "member.transfer" -> "member transfer": the readable form of a key with no translation.
std::string Readable(std::string_view key);

// Every action the services record, grouped by entity kind: the choices of the audit page's filter.
// A feature that adds an action adds it here and its label under audit.actions in i18n.
const std::vector<std::string>& KnownActions();
const std::vector<std::string>& KnownEntityTypes();

}  // namespace dv::audit
