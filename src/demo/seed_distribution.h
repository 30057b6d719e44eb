// demo distribution: the demo's sending of a document for study (see seed_distribution.cpp).
#pragma once

#include "audit/audit.h"
#include "core/result.h"
#include "db/db.h"

namespace dv::demo {

// Registers the bloc's 2025 study plan under Chỉ thị 05-CT/TW, sends it to every party unit of the
// bloc and records how each studied it. Called at the end of the demo seed, inside its transaction,
// after the documents (it relates the plan to 05-CT/TW when that is registered).
Status SeedDistribution(db::Connection& conn, const audit::Actor& actor, int64_t now);

}  // namespace dv::demo
