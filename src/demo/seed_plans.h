// demo plans: tasks of the demo's plans given to units, and where each unit stands (see seed_plans.cpp).
#pragma once

#include <cstdint>

#include "audit/audit.h"
#include "core/result.h"
#include "db/db.h"

namespace dv::demo {

// Two tasks of the bloc's plan 86-KH/ĐUK (registered by SeedDistribution) for its grassroots units, while
// the bloc stands, and what each unit recorded: most on time, some late, some never.
Status SeedBlocTasks(db::Connection& conn, int64_t bloc_id, const audit::Actor& actor, int64_t now);
// The province committee's 2026 plan (Kế hoạch 45-KH/TU) with three tasks for its grassroots units, given
// after the accounts exist so their secretaries find the notices in the bell; some done, some overdue
// on the demo's today.
Status SeedProvincePlan(db::Connection& conn, int64_t province_id, const audit::Actor& actor, int64_t now);

}  // namespace dv::demo
