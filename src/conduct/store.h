// conduct store: the only SQL over conduct_kinds, conduct_codes and conduct_versions. The caller has
// checked the unit (a request's permission is decided by the service).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "conduct/model.h"
#include "db/db.h"

namespace dv::conduct::store {

std::vector<Kind> Kinds(db::Connection& conn);
std::optional<Code> GetCode(db::Connection& conn, int64_t id, const std::string& on);
// The unit's norms (with the version in force on `on`), by kind then title; those adopted after `on` are
// listed too (in_force empty).
std::vector<Code> CodesOf(db::Connection& conn, int64_t org_id, const std::string& on);
std::optional<int64_t> FindCode(db::Connection& conn, int64_t org_id, const std::string& kind, const std::string& title);
std::vector<Version> Versions(db::Connection& conn, int64_t code_id);
int64_t InsertCode(db::Connection& conn, int64_t org_id, const std::string& kind, const std::string& title,
                   int64_t user_id, int64_t now);
int64_t InsertVersion(db::Connection& conn, const Version& v, int64_t user_id, int64_t now);

// The overview over the subtree of `under` (as the tree stands), units standing on `to`.
// which: "changed" (adopted a version in [from, to]), "none" (no version adopted by `to`), "all".
struct OverviewRows {
    std::vector<UnitRow> rows;
    int64_t total = 0;
};
OverviewRows Overview(db::Connection& conn, int64_t under, const std::string& from, const std::string& to,
                      const std::string& which, int64_t limit, int64_t offset);
struct Counts {
    int64_t units = 0, with_codes = 0, changed = 0, none = 0;
};
Counts CountsOf(db::Connection& conn, int64_t under, const std::string& from, const std::string& to);

}  // namespace dv::conduct::store
