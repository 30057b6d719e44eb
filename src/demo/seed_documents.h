// demo documents: the demo bloc's document register (see seed_documents.cpp).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "audit/audit.h"
#include "core/result.h"
#include "db/db.h"

namespace dv::demo {

// Registers the demo documents and their relations. `org_ids`: organization code -> id. Called
// inside the demo's transaction.
Status SeedDocuments(db::Connection& conn, const std::map<std::string, int64_t>& org_ids, const audit::Actor& actor,
                     int64_t now);

}  // namespace dv::demo
