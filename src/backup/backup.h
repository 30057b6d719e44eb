// backup: `dangvu backup` and `dangvu restore` — the database and its stored files in one zip archive
// with a manifest (manifest.h) that gives every part's size and SHA-256.
//
// Backup is online: the database is copied as one committed state while the server goes on writing
// (SQLite: VACUUM INTO; PostgreSQL: pg_dump on a snapshot exported by our own transaction), then the
// stored files that state references are added (they are written before their rows commit, so they
// exist). Restore checks every part's size and SHA-256 before it writes anything, refuses a target that
// holds data, then writes the database and the files and checks the audit chain.
//
// For the command line only (no HTTP): Backup sets the process umask for a moment, so no other thread
// should be creating files meanwhile.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "backup/manifest.h"
#include "core/result.h"

namespace dv::backup {

struct Options {
    std::string db_url;     // the database backed up, or restored into
    std::string files_dir;  // the stored files' directory
    std::string dangvu_version;
    int64_t now_ms = 0;
    // Called now and then with a phase ("snapshot", "archive", "check", "restore") and bytes done / total.
    std::function<void(std::string_view phase, int64_t done, int64_t total)> progress;
    // Restore: called once the archive and the empty target are checked, before anything is written (the
    // command line loads the audit key there: a restore without it would leave a chain nobody can verify).
    std::function<Status()> before_write;
    // The audit checkpoints file (DATA/audit.checkpoints): backed up as it is before the snapshot; on restore,
    // written from the archive (the caller moves an existing one aside first) and checked by `audit verify`.
    // Empty: none.
    std::string checkpoints_path;
};

struct BackupSummary {
    Manifest manifest;
    int64_t archive_bytes = 0;
};

// Writes the archive at `archive_path`, which must not exist yet (nothing is overwritten), readable by
// its owner only (the process umask is 077 while it is written). On failure nothing is left at
// `archive_path`. Errors: kConflict (the archive exists), kNotFound (a stored file the
// database references is missing), kInternal (database, tool or disk failures), each with a message
// for the operator.
Result<BackupSummary> Backup(const Options& opt, const std::string& archive_path);

struct IntoSummary {
    BackupSummary backup;
    std::string archive_path;
    std::vector<std::string> deleted;  // older archives removed to keep `keep`
};
// Backup into `dir`/ArchiveName(now), then deletes the oldest archives of `dir` beyond `keep` (>= 1).
Result<IntoSummary> BackupInto(const Options& opt, const std::string& dir, int keep, int utc_offset_minutes);

struct RestoreSummary {
    Manifest manifest;
    int64_t audit_rows = 0;
    int64_t checkpoints = 0;  // the archive's checkpoints that `audit verify` checked the chain against
};
// Restores the archive into an empty database and files directory. Refused with nothing written:
// kConflict when the target holds tables or files, kBadRequest when the archive is damaged (the message
// names the part) or is not a dangvu backup, kUnsupported for another engine or a newer schema.
// After writing, kInternal if `audit verify` fails on the restored database (under the key the process set:
// the key is not in the archive), against the archive's checkpoints when it holds them (kCheckpointsPart). An archive from before migration 0015 holds a plain chain: it is checked
// and keyed when the restored install first starts.
Result<RestoreSummary> Restore(const Options& opt, const std::string& archive_path);

}  // namespace dv::backup
