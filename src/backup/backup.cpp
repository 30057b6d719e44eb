// backup: writing and restoring the archive (libzip, streamed from and to disk).
#include "backup/backup.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>

#include "audit/anchor.h"
#include "audit/audit.h"
#include "backup/pg_tools.h"
#include "backup/store.h"
#include "core/crypto.h"
#include "db/db.h"
#include "db/migrate.h"

namespace dv::backup {

namespace {

namespace fs = std::filesystem;

constexpr size_t kChunk = size_t{1} << 20;            // bytes read or written at a time
constexpr zip_uint64_t kMaxManifestBytes = 64 << 20;  // about 400,000 files' lines; more is not one of ours

std::string Errno() { return std::strerror(errno); }

// A working directory next to the archive (same file system, so no copy through a small /tmp),
// removed with everything in it however the backup ends.
class TempDir {
public:
    static Result<TempDir> In(const fs::path& parent) {
        std::string pattern = (parent / ".dangvu-backup-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr)
            return Error::Internal("cannot create a working directory in " + parent.string() + ": " + Errno());
        return TempDir(pattern);
    }
    TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
    TempDir& operator=(TempDir&&) = delete;
    ~TempDir() {
        std::error_code ec;
        if (!path_.empty()) fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }

private:
    explicit TempDir(fs::path p) : path_(std::move(p)) {}
    fs::path path_;
};

// Makes a file or directory durable: a backup that a power cut can leave half-written is no backup.
Status Sync(const fs::path& path, bool directory) {
    int fd = open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
        std::string why = Errno();
        if (fd >= 0) close(fd);
        return Error::Internal("cannot sync " + path.string() + ": " + why);
    }
    close(fd);
    return {};
}

// Size and SHA-256 of a file on disk, streamed.
Result<Part> HashFile(const fs::path& path, std::string name) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error::Internal("cannot read " + path.string() + ": " + Errno());
    crypto::Sha256 sha;
    std::string buf(kChunk, '\0');
    int64_t size = 0;
    for (;;) {
        ssize_t n = read(fd, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            std::string why = Errno();
            close(fd);
            return Error::Internal("cannot read " + path.string() + ": " + why);
        }
        if (n == 0) break;
        sha.Update(std::string_view(buf.data(), static_cast<size_t>(n)));
        size += n;
    }
    close(fd);
    return Part{std::move(name), size, sha.Hex()};
}

std::string ZipError(zip_error_t* e) { return zip_error_strerror(e); }

// ---- writing ----

struct ZipDiscard {
    void operator()(zip_t* z) const { zip_discard(z); }
};

struct ProgressState {
    const Options* opt;
    int64_t total;  // bytes of all parts
};

void OnZipProgress(zip_t*, double fraction, void* state) {
    const auto* s = static_cast<ProgressState*>(state);
    s->opt->progress("archive", static_cast<int64_t>(fraction * static_cast<double>(s->total)), s->total);
}

Status AddFile(zip_t* z, const std::string& name, const fs::path& from, bool compress) {
    zip_source_t* src = zip_source_file(z, from.c_str(), 0, 0);  // 0: to the end of the file
    if (src == nullptr) return Error::Internal("cannot add " + from.string() + ": " + zip_strerror(z));
    zip_int64_t index = zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
        zip_source_free(src);
        return Error::Internal("cannot add " + name + ": " + zip_strerror(z));
    }
    if (zip_set_file_compression(z, static_cast<zip_uint64_t>(index), compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) != 0)
        return Error::Internal("cannot set the compression of " + name + ": " + zip_strerror(z));
    return {};
}

// The archive: the manifest, the database part (a SQLite file compresses well; a pg_dump custom archive
// is compressed already), and the stored files as they are (scans and office files are compressed).
// libzip writes to a temporary file beside `path` and renames it at the end, so `path` is whole or absent.
Status WriteArchive(const Options& opt, const std::string& path, const Manifest& m, const fs::path& database,
                    const fs::path& checkpoints) {
    int zerr = 0;
    std::unique_ptr<zip_t, ZipDiscard> z(zip_open(path.c_str(), ZIP_CREATE | ZIP_EXCL, &zerr));
    if (!z) {
        zip_error_t e;
        zip_error_init_with_code(&e, zerr);
        std::string why = ZipError(&e);
        zip_error_fini(&e);
        if (zerr == ZIP_ER_EXISTS) return Error::Conflict(path + " already exists; backups are never overwritten");
        return Error::Internal("cannot create " + path + ": " + why);
    }
    const std::string manifest = ToJson(m);
    zip_source_t* msrc = zip_source_buffer(z.get(), manifest.data(), manifest.size(), 0);
    if (msrc == nullptr || zip_file_add(z.get(), kManifestName, msrc, ZIP_FL_ENC_UTF_8) < 0) {
        if (msrc != nullptr) zip_source_free(msrc);
        return Error::Internal("cannot add the manifest: " + std::string(zip_strerror(z.get())));
    }
    DV_TRY(AddFile(z.get(), m.parts.front().name, database, m.engine == "sqlite"));
    for (size_t i = 1; i < m.parts.size(); ++i) {
        const Part& p = m.parts[i];
        DV_TRY(AddFile(z.get(), p.name,
                       IsFilePart(p) ? fs::path(opt.files_dir) / FileRelativePath(p.sha256) : checkpoints, !IsFilePart(p)));
    }
    ProgressState state{&opt, 0};
    for (const auto& p : m.parts) state.total += p.size;
    if (opt.progress) zip_register_progress_callback_with_state(z.get(), 0.01, OnZipProgress, nullptr, &state);
    // The archive holds every member's personal data and the password hashes: readable by its owner only,
    // from the moment libzip creates its temporary file (umask, as there is no mode to pass to it).
    const mode_t umask_before = umask(077);
    const int closed = zip_close(z.get());
    umask(umask_before);
    if (closed != 0) return Error::Internal("cannot write " + path + ": " + zip_strerror(z.get()));
    z.release();  // zip_close freed it
    DV_TRY(Sync(path, false));
    return Sync(fs::absolute(path).parent_path(), true);
}

// The database as one committed state, into `work`; returns what that state holds.
Result<store::Contents> Snapshot(const Options& opt, Manifest& m, const fs::path& work, fs::path& database) {
    auto live = db::Open(opt.db_url);
    if (live->engine() == db::Engine::kSqlite) {
        m.engine = "sqlite";
        database = work / "dangvu.sqlite3";
        store::SqliteSnapshot(*live, database.string());
        live.reset();
        auto copy = db::Open(database.string());
        return store::Read(*copy);
    }
    m.engine = "postgres";
    database = work / "dangvu.pgdump";
    const std::string snapshot = store::BeginExportedSnapshot(*live);
    auto dumped = PgDump(opt.db_url, snapshot, database.string());
    if (!dumped.ok()) {
        store::EndSnapshot(*live);
        return dumped.take_error();
    }
    auto contents = store::Read(*live);
    store::EndSnapshot(*live);
    return contents;
}

// ---- reading ----

struct ZipFileClose {
    void operator()(zip_file_t* f) const { zip_fclose(f); }
};

Error Damaged(const std::string& part, const std::string& why) {
    return Error::BadRequest("the archive is damaged: " + part + " " + why + "; nothing was restored");
}

// Streams one entry of the archive to `sink` (which may be empty, to check only) and checks its size and
// SHA-256 against the manifest's part.
Status StreamPart(zip_t* z, const Part& part, const std::function<Status(std::string_view)>& sink,
                  const std::function<void(int64_t)>& advanced) {
    std::unique_ptr<zip_file_t, ZipFileClose> f(zip_fopen(z, part.name.c_str(), 0));
    if (!f) return Damaged(part.name, "cannot be read (" + std::string(zip_strerror(z)) + ")");
    crypto::Sha256 sha;
    std::string buf(kChunk, '\0');
    int64_t size = 0;
    for (;;) {
        zip_int64_t n = zip_fread(f.get(), buf.data(), buf.size());
        if (n < 0) return Damaged(part.name, "fails its check (" + ZipError(zip_file_get_error(f.get())) + ")");
        if (n == 0) break;
        std::string_view piece(buf.data(), static_cast<size_t>(n));
        sha.Update(piece);
        size += n;
        if (size > part.size) return Damaged(part.name, "is larger than its manifest says");
        if (sink) DV_TRY(sink(piece));
        if (advanced) advanced(n);
    }
    if (size != part.size) return Damaged(part.name, "is smaller than its manifest says");
    if (sha.Hex() != part.sha256) return Damaged(part.name, "fails its SHA-256 sum");
    return {};
}

// Writes one part to `dest` through a temporary name beside it, checked on the way.
Status ExtractPart(zip_t* z, const Part& part, const fs::path& dest, const std::function<void(int64_t)>& advanced) {
    const fs::path tmp = dest.string() + ".restoring";
    int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) return Error::Internal("cannot write " + tmp.string() + ": " + Errno());
    auto sink = [&](std::string_view piece) -> Status {
        while (!piece.empty()) {
            ssize_t n = write(fd, piece.data(), piece.size());
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) return Error::Internal("cannot write " + tmp.string() + ": " + Errno());
            piece.remove_prefix(static_cast<size_t>(n));
        }
        return {};
    };
    Status st = StreamPart(z, part, sink, advanced);
    if (st.ok() && fsync(fd) != 0) st = Error::Internal("cannot sync " + tmp.string() + ": " + Errno());
    close(fd);
    std::error_code ec;
    if (st.ok()) {
        fs::rename(tmp, dest, ec);
        if (ec) st = Error::Internal("cannot rename " + tmp.string() + ": " + ec.message());
    }
    if (!st.ok()) fs::remove(tmp, ec);
    return st;
}

Result<std::string> ReadManifestText(zip_t* z) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z, kManifestName, 0, &st) != 0)
        return Error::BadRequest("the archive has no manifest.json: it is not a dangvu backup");
    if ((st.valid & ZIP_STAT_SIZE) == 0 || st.size > kMaxManifestBytes)
        return Error::BadRequest("the archive's manifest.json is too large to be a dangvu manifest");
    std::unique_ptr<zip_file_t, ZipFileClose> f(zip_fopen(z, kManifestName, 0));
    if (!f) return Damaged(kManifestName, "cannot be read");
    std::string text;
    char buf[65536];
    for (zip_int64_t n; (n = zip_fread(f.get(), buf, sizeof buf)) != 0;) {
        if (n < 0 || text.size() + static_cast<size_t>(n) > st.size)
            return Damaged(kManifestName, "fails its check (" + ZipError(zip_file_get_error(f.get())) + ")");
        text.append(buf, static_cast<size_t>(n));
    }
    return text;
}

// The archive names exactly the manifest and the manifest's parts.
Status CheckEntries(zip_t* z, const Manifest& m) {
    std::set<std::string> listed{kManifestName};
    for (const auto& p : m.parts) listed.insert(p.name);
    zip_int64_t n = zip_get_num_entries(z, 0);
    std::set<std::string> present;
    for (zip_int64_t i = 0; i < n; ++i) {
        const char* name = zip_get_name(z, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_GUESS);
        if (name == nullptr) return Error::BadRequest("the archive has an entry without a name");
        if (listed.count(name) == 0)
            return Error::BadRequest(std::string("the archive holds ") + name + ", which its manifest does not list");
        present.insert(name);
    }
    for (const auto& p : m.parts) {
        if (present.count(p.name) == 0) return Damaged(p.name, "is missing");
    }
    return {};
}

// A target the restore may write into: no tables in the database, no files in the files directory.
Status CheckEmptyTarget(const Options& opt) {
    const std::string sqlite = db::SqlitePath(opt.db_url);
    if (sqlite.empty() || (fs::exists(sqlite) && fs::file_size(sqlite) > 0)) {
        auto conn = db::Open(opt.db_url);
        if (int64_t tables = store::CountTables(*conn); tables > 0)
            return Error::Conflict("the database " + db::RedactUrl(opt.db_url) + " is not empty (" +
                                   std::to_string(tables) + " tables); restore into an empty one");
    }
    std::error_code ec;
    if (fs::exists(opt.files_dir)) {
        for (auto it = fs::recursive_directory_iterator(opt.files_dir, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (!it->is_directory())
                return Error::Conflict("the files directory " + opt.files_dir + " is not empty (" +
                                       it->path().string() + "); restore into an empty one");
        }
        if (ec) return Error::Internal("cannot read " + opt.files_dir + ": " + ec.message());
    }
    return {};
}

// A bytes counter for a phase's progress.
std::function<void(int64_t)> Counter(const Options& opt, const char* phase, int64_t total, int64_t& done) {
    if (!opt.progress) return {};
    return [&opt, phase, total, &done](int64_t n) {
        done += n;
        opt.progress(phase, done, total);
    };
}

Status RestoreDatabase(const Options& opt, zip_t* z, const Manifest& m, const std::function<void(int64_t)>& advanced) {
    const Part& part = m.parts.front();
    const std::string sqlite = db::SqlitePath(opt.db_url);
    std::error_code ec;
    if (!sqlite.empty()) {
        const fs::path path = fs::absolute(sqlite);
        fs::create_directories(path.parent_path(), ec);
        if (ec) return Error::Internal("cannot create " + path.parent_path().string() + ": " + ec.message());
        // An existing file has no tables (CheckEmptyTarget): it and its WAL give way to the restored one.
        for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix, ec);
        DV_TRY(ExtractPart(z, part, path, advanced));
        return Sync(path.parent_path(), true);
    }
    // pg_restore needs the dump as a file; it goes beside the files directory, on the server's disk.
    const fs::path parent = fs::absolute(opt.files_dir).parent_path();
    fs::create_directories(parent, ec);
    if (ec) return Error::Internal("cannot create " + parent.string() + ": " + ec.message());
    DV_ASSIGN_OR_RETURN(TempDir work, TempDir::In(parent));
    const fs::path dump = work.path() / "dangvu.pgdump";
    DV_TRY(ExtractPart(z, part, dump, advanced));
    return PgRestore(opt.db_url, dump.string());
}

Status RestoreFiles(const Options& opt, zip_t* z, const Manifest& m, const std::function<void(int64_t)>& advanced) {
    std::error_code ec;
    fs::create_directories(opt.files_dir, ec);
    if (ec) return Error::Internal("cannot create " + opt.files_dir + ": " + ec.message());
    for (size_t i = 1; i < m.parts.size(); ++i) {
        if (!IsFilePart(m.parts[i])) continue;
        const fs::path dest = fs::path(opt.files_dir) / FileRelativePath(m.parts[i].sha256);
        fs::create_directories(dest.parent_path(), ec);
        if (ec) return Error::Internal("cannot create " + dest.parent_path().string() + ": " + ec.message());
        DV_TRY(ExtractPart(z, m.parts[i], dest, advanced));
    }
    return {};
}

// The checkpoints file's complete lines, copied to `copy` (a line being appended right now is left for the
// next backup). False when there is no such file.
Result<bool> CopyCheckpoints(const Options& opt, const fs::path& copy) {
    if (opt.checkpoints_path.empty() || !fs::exists(opt.checkpoints_path)) return false;
    DV_ASSIGN_OR_RETURN(auto lines, audit::ReadCheckpoints(opt.checkpoints_path));
    std::string text;
    for (const auto& c : lines) text += std::to_string(c.seq) + " " + c.hash + " " + std::to_string(c.at) + "\n";
    int fd = open(copy.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return Error::Internal("cannot write " + copy.string() + ": " + Errno());
    const bool whole = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    close(fd);
    if (!whole) return Error::Internal("cannot write " + copy.string());
    return true;
}

// The checkpoints part into its place, readable by the server's account only (as AppendCheckpoint makes it).
Status RestoreCheckpoints(const Options& opt, zip_t* z, const Part& part, const std::function<void(int64_t)>& advanced) {
    const fs::path dest = fs::absolute(opt.checkpoints_path);
    std::error_code ec;
    fs::create_directories(dest.parent_path(), ec);
    if (ec) return Error::Internal("cannot create " + dest.parent_path().string() + ": " + ec.message());
    DV_TRY(ExtractPart(z, part, dest, advanced));
    fs::permissions(dest, fs::perms::owner_read | fs::perms::owner_write, ec);
    if (ec) return Error::Internal("cannot restrict " + dest.string() + ": " + ec.message());
    return {};
}

const Part* CheckpointsPart(const Manifest& m) {
    for (const auto& p : m.parts)
        if (p.name == kCheckpointsPart) return &p;
    return nullptr;
}

}  // namespace

Result<BackupSummary> Backup(const Options& opt, const std::string& archive_path) {
    if (fs::exists(archive_path))
        return Error::Conflict(archive_path + " already exists; backups are never overwritten");
    if (const std::string sqlite = db::SqlitePath(opt.db_url); !sqlite.empty() && !fs::exists(sqlite))
        return Error::NotFound("there is no database at " + sqlite);
    const fs::path parent = fs::absolute(archive_path).parent_path();
    if (!fs::is_directory(parent)) return Error::Internal("no directory " + parent.string() + " for the archive");
    DV_ASSIGN_OR_RETURN(TempDir work, TempDir::In(parent));

    Manifest m;
    m.dangvu_version = opt.dangvu_version;
    m.created_at = opt.now_ms;
    fs::path database;
    // Read before the snapshot, so that every checkpoint names a head the snapshot holds.
    const fs::path checkpoints = work.path() / "audit.checkpoints";
    DV_ASSIGN_OR_RETURN(bool has_checkpoints, CopyCheckpoints(opt, checkpoints));
    if (opt.progress) opt.progress("snapshot", 0, 1);
    DV_ASSIGN_OR_RETURN(store::Contents contents, Snapshot(opt, m, work.path(), database));
    if (opt.progress) opt.progress("snapshot", 1, 1);
    m.schema_version = contents.schema_version;
    DV_ASSIGN_OR_RETURN(Part db_part, HashFile(database, m.engine == "sqlite" ? kSqlitePart : kPostgresPart));
    m.parts.push_back(std::move(db_part));
    if (has_checkpoints) {
        DV_ASSIGN_OR_RETURN(Part p, HashFile(checkpoints, kCheckpointsPart));
        m.parts.push_back(std::move(p));
    }
    for (const auto& file : contents.files) {
        if (!IsSha256Hex(file.sha256)) return Error::Internal("stored_files holds a malformed SHA-256: " + file.sha256);
        const fs::path path = fs::path(opt.files_dir) / FileRelativePath(file.sha256);
        if (!fs::exists(path))
            return Error::NotFound("the stored file " + path.string() + " is missing (the database lists it)");
        DV_ASSIGN_OR_RETURN(Part p, HashFile(path, FilePartName(file.sha256)));
        if (p.sha256 != file.sha256)
            return Error::Internal("the stored file " + path.string() + " is damaged: its SHA-256 is " + p.sha256);
        m.parts.push_back(std::move(p));
    }
    DV_TRY(WriteArchive(opt, archive_path, m, database, checkpoints));
    return BackupSummary{m, static_cast<int64_t>(fs::file_size(archive_path))};
}

Result<IntoSummary> BackupInto(const Options& opt, const std::string& dir, int keep, int utc_offset_minutes) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Error::Internal("cannot create " + dir + ": " + ec.message());
    IntoSummary out;
    out.archive_path = (fs::path(dir) / ArchiveName(opt.now_ms, utc_offset_minutes)).string();
    DV_ASSIGN_OR_RETURN(out.backup, Backup(opt, out.archive_path));
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.is_regular_file()) names.push_back(entry.path().filename().string());
    }
    if (ec) return Error::Internal("cannot list " + dir + ": " + ec.message());
    for (const auto& name : ToPrune(names, keep)) {
        fs::remove(fs::path(dir) / name, ec);
        if (ec) return Error::Internal("backup written, but cannot delete the old " + name + ": " + ec.message());
        out.deleted.push_back(name);
    }
    return out;
}

Result<RestoreSummary> Restore(const Options& opt, const std::string& archive_path) {
    int zerr = 0;
    std::unique_ptr<zip_t, ZipDiscard> z(zip_open(archive_path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &zerr));
    if (!z) {
        zip_error_t e;
        zip_error_init_with_code(&e, zerr);
        std::string why = ZipError(&e);
        zip_error_fini(&e);
        return Error::BadRequest("cannot read " + archive_path + " as a zip archive: " + why);
    }
    DV_ASSIGN_OR_RETURN(std::string text, ReadManifestText(z.get()));
    DV_ASSIGN_OR_RETURN(Manifest m, ParseManifest(text));
    const db::Engine engine = db::EngineOf(opt.db_url);
    const std::string target = engine == db::Engine::kSqlite ? "sqlite" : "postgres";
    if (m.engine != target)
        return Error{ErrorCode::kUnsupported,
                     "the archive holds a " + m.engine + " database and the target is " + target +
                         "; restore into the same engine, then move with the usual tools",
                     {}};
    if (m.schema_version > db::LatestVersion(engine))
        return Error{ErrorCode::kUnsupported,
                     "the archive was made by a newer dangvu (" + m.dangvu_version + ", schema " +
                         std::to_string(m.schema_version) + "); this one knows schema " +
                         std::to_string(db::LatestVersion(engine)),
                     {}};
    DV_TRY(CheckEntries(z.get(), m));
    DV_TRY(CheckEmptyTarget(opt));
    if (opt.before_write) DV_TRY(opt.before_write());

    int64_t total = 0;
    for (const auto& p : m.parts) total += p.size;
    int64_t checked = 0;
    auto check_progress = Counter(opt, "check", total, checked);
    for (const auto& p : m.parts) DV_TRY(StreamPart(z.get(), p, {}, check_progress));

    int64_t written = 0;
    auto write_progress = Counter(opt, "restore", total, written);
    DV_TRY(RestoreDatabase(opt, z.get(), m, write_progress));
    DV_TRY(RestoreFiles(opt, z.get(), m, write_progress));
    const Part* checkpoints_part = CheckpointsPart(m);
    std::vector<audit::Checkpoint> checkpoints;
    if (checkpoints_part && !opt.checkpoints_path.empty()) {
        DV_TRY(RestoreCheckpoints(opt, z.get(), *checkpoints_part, write_progress));
        DV_ASSIGN_OR_RETURN(checkpoints, audit::ReadCheckpoints(opt.checkpoints_path));
    }

    auto conn = db::Open(opt.db_url);
    constexpr int kKeyedChainSchema = 15;  // migration 0015: the chain is keyed from then on
    if (m.schema_version < kKeyedChainSchema) {
        return RestoreSummary{m, audit::Head(*conn).seq};  // plain: checked and keyed at the first start
    }
    auto report = audit::Verify(*conn, checkpoints);
    if (!report.ok) {
        return Error::Internal("restored, but audit verify fails: " + report.problem +
                               " (was the backed-up installation's audit key given?)");
    }
    return RestoreSummary{m, report.rows, report.checkpoints};
}

}  // namespace dv::backup
