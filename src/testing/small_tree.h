// small_tree: the organization tree the member and committee unit tests start from. Test-only.
//   R (bloc) ─┬─ A (grassroots committee) ─┬─ A1 (attached cell)
//             │                            └─ A2 (attached cell)
//             └─ B1 (grassroots cell)
// All founded 2016-01-01; codes double as names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "org/service.h"

namespace dv::testing {

struct SmallTree {
    int64_t root = 0, a = 0, a1 = 0, a2 = 0, b1 = 0;
};

inline SmallTree MakeSmallTree(db::Connection& conn, int64_t now, const std::string& today) {
    auto make = [&](std::optional<int64_t> parent, const char* code, const char* type) {
        return org::Create(conn, auth::Scope::System(), {parent, code, code, type, "2016-01-01", ""}, {}, now, today)
            .value()
            .id;
    };
    SmallTree t;
    t.root = make(std::nullopt, "R", "bloc");
    t.a = make(t.root, "A", "grassroots_committee");
    t.a1 = make(t.a, "A1", "attached_cell");
    t.a2 = make(t.a, "A2", "attached_cell");
    t.b1 = make(t.root, "B1", "grassroots_cell");
    return t;
}

}  // namespace dv::testing
