// manifest: what a backup archive holds — the manifest written as manifest.json at its top, the names
// of its parts, and which archives of a --into directory to delete. Pure functions, no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace dv::backup {

// The manifest's own format; a reader refuses a version it does not know.
constexpr int kFormatVersion = 1;
constexpr const char* kManifestName = "manifest.json";
// The database part: a SQLite file, or a pg_dump custom-format archive.
constexpr const char* kSqlitePart = "database/dangvu.sqlite3";
constexpr const char* kPostgresPart = "database/dangvu.pgdump";
// The audit checkpoints file (DATA/audit.checkpoints) as it was just before the snapshot: every line in it
// names a head the snapshot holds, so the restore's `audit verify` checks the restored chain against it.
// Absent from archives made before it was added, and when the file did not exist.
constexpr const char* kCheckpointsPart = "audit/audit.checkpoints";

struct Part {
    std::string name;    // path inside the archive: a kind of database part, or files/ab/cdef… (SHA-256)
    int64_t size = 0;    // bytes
    std::string sha256;  // lower-case hex
    friend bool operator==(const Part&, const Part&) = default;
};

struct Manifest {
    int format = kFormatVersion;
    std::string dangvu_version;
    std::string engine;       // "sqlite" or "postgres"
    int64_t created_at = 0;   // ms since the epoch, UTC: when the database snapshot was taken
    int schema_version = 0;   // the highest migration applied in the snapshot
    std::vector<Part> parts;  // the database part first, then the checkpoints (if any), then the stored files
    friend bool operator==(const Manifest&, const Manifest&) = default;
};

std::string ToJson(const Manifest& m);
// Reads and checks a manifest: known format, engine, one database part of that engine, part names
// that cannot leave the restore directory, files named by their own SHA-256, no name twice.
// The database part, the checkpoints part or a stored file.
bool IsFilePart(const Part& p);
// How many stored files the manifest lists.
int64_t FileCount(const Manifest& m);
Result<Manifest> ParseManifest(std::string_view json);

// The archive part of a stored file, and the stored file's path under the files directory.
std::string FilePartName(const std::string& sha256);
std::string FileRelativePath(const std::string& sha256);  // "ab/cdef…", as document attachments store it
bool IsSha256Hex(std::string_view s);

// "dangvu-YYYYMMDD-HHMMSS.zip" at local time `now_ms` (a fixed UTC offset, so names sort by time).
std::string ArchiveName(int64_t now_ms, int utc_offset_minutes);
// Of the names in a --into directory, the archives to delete so that the newest `keep` remain, oldest
// first. Only names ArchiveName could have made count: other files, and libzip's half-written
// temporaries, are never touched.
std::vector<std::string> ToPrune(std::vector<std::string> names, int keep);

}  // namespace dv::backup
