// demo codes of conduct and commitments (see seed_commitments.cpp).
#pragma once

#include <cstdint>
#include <string>

#include "audit/audit.h"
#include "core/result.h"
#include "db/db.h"

namespace dv::demo {

// For most units at grassroots level and below standing on `today`: a code of conduct adopted between their
// founding and 2024 (revised in 2025 or 2026 by some), working rules for half of them, house rules for some.
Status SeedConduct(db::Connection& conn, const std::string& today, const audit::Actor& actor, int64_t now);

// Members' commitments: 2025's for nine members in ten, approved, self-assessed and reviewed; 2026's for
// most, submitted in the first quarter and mostly approved, a few still waiting or returned, some already
// self-assessed since assessment opened (15 November), some of those reviewed. The account holder
// `unregistered_member` (the demo's member account) has none for 2026, so their home page asks for it.
Status SeedCommitments(db::Connection& conn, const std::string& today, int64_t unregistered_member,
                       const audit::Actor& actor, int64_t now);

}  // namespace dv::demo
