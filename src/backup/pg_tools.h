// pg_tools: runs Debian's postgresql-client tools (pg_dump, pg_restore) for the PostgreSQL backup. The
// password goes to them through PGPASSWORD in their environment, never on their command line.
#pragma once

#include <string>

#include "core/result.h"

namespace dv::backup {

// pg_dump in custom format of the database at `url`, as of the exported `snapshot`, to `out_path`
// (removed again on failure). Errors carry the tool's first line of stderr.
Status PgDump(const std::string& url, const std::string& snapshot, const std::string& out_path);
// pg_restore of a custom-format dump into the (empty) database at `url`, in one transaction.
Status PgRestore(const std::string& url, const std::string& dump_path);

}  // namespace dv::backup
