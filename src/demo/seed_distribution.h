// demo distribution: the demo's sending of a document for study (see seed_distribution.cpp).
#pragma once

#include "audit/audit.h"
#include "core/result.h"
#include "db/db.h"

namespace dv::demo {

// Registers the bloc's 2025 study plan under Chỉ thị 05-CT/TW, sends it to every party unit of the
// bloc (`bloc_id`) and records how each studied it. Called inside the demo seed's transaction while the
// bloc still stands, after the documents (it relates the plan to 05-CT/TW when that is registered).
Status SeedDistribution(db::Connection& conn, int64_t bloc_id, const audit::Actor& actor, int64_t now);

}  // namespace dv::demo
