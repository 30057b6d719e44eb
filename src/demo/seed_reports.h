// demo reports: the province committee's report template and its rounds (see seed_reports.cpp).
#pragma once

#include <cstdint>

#include "audit/audit.h"
#include "core/result.h"
#include "db/db.h"

namespace dv::demo {

// The template "Báo cáo kết quả thực hiện Chỉ thị 05-CT/TW" of the province committee and three rounds for
// its grassroots units (6 months of 2025, the year 2025, the year 2026 open on the demo's today), with
// reports on time, late, returned and sent again, returned, drafts and missing. After the accounts, so the
// secretaries find the notices.
Status SeedReports(db::Connection& conn, int64_t province_id, const audit::Actor& actor, int64_t now);

}  // namespace dv::demo
