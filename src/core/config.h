// config: every setting declared once (name, type, default, description), read from command-line
// flags and DANGVU_* environment variables. Unknown flags are an error.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace dv::config {

struct Settings {
    std::string data_dir = "./data";
    std::string db_url;  // empty: the SQLite file <data_dir>/dangvu.db
    std::string listen = "127.0.0.1:8080";
    int threads = 0;  // 0: one per core
    int db_pool = 0;  // 0: threads + 2
    int64_t body_limit = 10 * 1024 * 1024;
    int64_t upload_limit = 20 * 1024 * 1024;  // a spreadsheet uploaded for import
    int64_t attachment_limit = 50 * 1024 * 1024;  // a document's attached file (scans are large)
    std::string files_dir;  // empty: <data_dir>/files (shared storage when several processes serve)
    int session_hours = 12;
    int64_t page_cache_bytes = 64 * 1024 * 1024;  // web/cache.h; 0: off
    bool secure_cookies = false;  // set when served behind TLS
    bool trust_proxy = false;     // take the client address from X-Forwarded-For (behind nginx)
    int utc_offset_minutes = 420;  // Vietnam, UTC+7, no daylight saving
    std::string access_log = "-";  // "-": standard output, "off", or a file path
    int shutdown_grace_seconds = 10;
    std::string audit_key;  // empty: <data_dir>/audit.key

    // The database URL actually used.
    std::string DatabaseUrl() const;
    // Where stored files (attachments) live.
    std::string FilesDir() const;
    // The audit chain's key file, and the file its checkpoints are appended to (audit/anchor.h).
    std::string AuditKeyPath() const;
    std::string AuditCheckpointsPath() const;
    // The largest multipart/form-data body the server reads: the larger of the two file limits.
    int64_t MultipartLimit() const;
};

enum class Scope { kGlobal, kServe };

struct SettingSpec {
    const char* name;  // flag name without "--", e.g. "data"
    const char* env;   // environment variable, e.g. "DANGVU_DATA"
    const char* type;  // "string", "int", "bool", "bytes"
    Scope scope;
    const char* help;
};

const std::vector<SettingSpec>& Specs();

// Reads the environment, then consumes the flags of `scope` (and global ones) from `args`,
// leaving everything else in place. Fails on a malformed value.
Status Apply(Settings& s, std::vector<std::string>& args, Scope scope);

// One line per setting, for --help.
std::string Describe(Scope scope);

}  // namespace dv::config
