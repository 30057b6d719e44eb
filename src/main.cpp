// dangvu: the one binary — serve, migrate, seed-demo, user, audit, import, export, gen, refs, documents.
// Exit codes: 0 success, 1 the operation failed (reason on stderr, one line) or an import rejected rows,
// 2 wrong usage.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <functional>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <string>
#include <vector>

#include "audit/anchor.h"
#include "audit/audit.h"
#include "auth/install.h"
#include "auth/service.h"
#include "backup/backup.h"
#include "commitment/service.h"
#include "core/config.h"
#include "core/log.h"
#include "core/text.h"
#include "core/time.h"
#include "core/version.h"
#include "db/db.h"
#include "db/migrate.h"
#include "demo/seed.h"
#include "document/refs.h"
#include "document/search.h"
#include "features/features.h"
#include "gen/documents.h"
#include "gen/gen.h"
#include "gen/meetings.h"
#include "http/server.h"
#include "importer/importer.h"
#include "importer/orgs.h"
#include "importer/users.h"
#include "org/service.h"
#include "rollup/rollup.h"
#include "web/app.h"
#include "web/i18n.h"

namespace {

using dv::config::Settings;

struct UsageError {
    std::string message;
};
struct Failure {
    std::string message;
};

const char* kMainHelp =
    "dangvu — party affairs platform\n\n"
    "Usage: dangvu [--data DIR] [--db URL] COMMAND [options]\n\n"
    "Commands:\n"
    "  serve        serve the web application\n"
    "  migrate      apply database migrations (--status to list them)\n"
    "  init         set up an empty install: the root organization and the first admin\n"
    "  seed-demo    fill an empty database with the demo organization and accounts\n"
    "  user         add, list and set passwords of accounts\n"
    "  audit        verify the audit log's hash chain\n"
    "  rollup       verify or rebuild the roll-up aggregates (subtree figures)\n"
    "  remind       send the reminders that are due (serve does so every hour)\n"
    "  import       import members or organizations from a CSV or XLSX file\n"
    "  export       export members or organizations to a CSV or XLSX file\n"
    "  gen          fill a database with a synthetic national data set or documents (benchmarks)\n"
    "  refs         print the document references (05-CT/TW, 30/2020/NĐ-CP …) found in a text\n"
    "  documents    rebuild the documents' full-text search index (reindex)\n"
    "  backup       write the database and stored files to one archive, online\n"
    "  restore      restore an archive into an empty database and files directory\n\n"
    "Run 'dangvu COMMAND --help' for a command's options.\n\nGlobal options:\n";

bool TakeFlag(std::vector<std::string>& args, const std::string& flag) {
    for (auto it = args.begin(); it != args.end(); ++it) {
        if (*it == flag) {
            args.erase(it);
            return true;
        }
    }
    return false;
}

std::optional<std::string> TakeOption(std::vector<std::string>& args, const std::string& flag) {
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == flag) {
            if (i + 1 >= args.size()) throw UsageError{flag + " needs a value"};
            std::string v = args[i + 1];
            args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
            return v;
        }
        if (args[i].rfind(flag + "=", 0) == 0) {
            std::string v = args[i].substr(flag.size() + 1);
            args.erase(args.begin() + static_cast<long>(i));
            return v;
        }
    }
    return std::nullopt;
}

void NoMoreArgs(const std::vector<std::string>& args) {
    if (!args.empty()) throw UsageError{"unexpected argument '" + args.front() + "'"};
}

// Derived data SQL cannot compute (Vietnamese folding) for rows older than the migration that needs it:
// folded organization names, and the document search index, which migration 0007 creates empty.
void FillDerived(dv::db::Connection& conn, const std::vector<int>& applied) {
    constexpr int kSearchIndexMigration = 7;
    dv::org::FillFoldedNames(conn);
    if (std::find(applied.begin(), applied.end(), kSearchIndexMigration) != applied.end())
        dv::document::search::Reindex(conn);
    // Roll-up aggregates of a source never built (migration 0013 on a database with members, a new
    // feature's source) or built at an older version.
    dv::rollup::EnsureBuilt(conn, dv::time::SystemClock().Now());
}

// The roll-up totals as of today, so reads as of today and later sum only the changes since (`serve` at
// start-up and `rollup rebuild`; a scan of the aggregates, so not every command that opens the database).
void MoveRollupCheckpoint(const Settings& s, dv::db::Connection& conn) {
    dv::rollup::Checkpoint(conn, dv::time::FormatIso(dv::time::LocalDate(dv::time::SystemClock().Now(), s.utc_offset_minutes)));
}

// Where the head of the audit chain goes when the command ends (set once the key is loaded; empty for
// commands that only read).
std::string g_checkpoint_after;

// The audit key, before anything appends: read from its file, or created when no key has hashed the chain yet
// (an empty chain, or one from before migration 0015, which is then rehashed once).
void PrepareAudit(const Settings& s, dv::db::Connection& conn) {
    const std::string path = s.AuditKeyPath();
    const int64_t rows = dv::audit::Head(conn).seq;
    const bool may_create = rows == 0 || !dv::audit::IsKeyed(conn);
    auto key = dv::audit::LoadKey(path, may_create);
    if (!key.ok()) {
        if (key.error().IsNotFound()) {
            throw Failure{"the audit key file " + path + " is missing, and the audit log's " + std::to_string(rows) +
                          " rows were hashed with it: put it back from where you keep its copy (backups do not hold "
                          "it), or pass --audit-key FILE"};
        }
        throw Failure{"audit key: " + key.error().message};
    }
    dv::audit::SetKey(*key);
    auto keyed = dv::audit::KeyChain(conn);
    if (!keyed.ok()) throw Failure{"audit: " + keyed.error().message};
    if (*keyed > 0) {
        dv::log::Write(dv::log::Level::kInfo, "audit chain keyed", {{"rows", *keyed}, {"key", path}});
        auto written = dv::audit::CheckpointNow(conn, s.AuditCheckpointsPath(), dv::time::SystemClock().Now());
        if (!written.ok()) throw Failure{"audit checkpoint: " + written.error().message};
    }
    g_checkpoint_after = s.AuditCheckpointsPath();
}

// Appends the committed head to the checkpoints file after a command that may have written.
void CheckpointAfterCommand(const Settings& s) {
    if (g_checkpoint_after.empty()) return;
    const std::string path = std::exchange(g_checkpoint_after, std::string());
    try {
        auto conn = dv::db::Open(s.DatabaseUrl());
        auto r = dv::audit::CheckpointNow(*conn, path, dv::time::SystemClock().Now());
        if (!r.ok()) std::cerr << "dangvu: audit checkpoint: " << r.error().message << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "dangvu: audit checkpoint: " << e.what() << std::endl;
    }
}

std::string Today(const Settings& s);

// While serving: a job run on its own connection every `every` (and once more at shutdown with at_stop: the audit
// checkpoint: the head to the checkpoints file every minute and at shutdown, so a truncated log is noticed; the
// reminders of commitments every hour: each is sent once, so running them often costs a query and sends nothing
// new).
class Periodic {
public:
    using Job = std::function<void(dv::db::Connection&)>;
    Periodic(std::string name, std::string db_url, std::chrono::seconds every, bool at_stop, Job job)
        : name_(std::move(name)), db_url_(std::move(db_url)), every_(every), at_stop_(at_stop), job_(std::move(job)),
          thread_([this] { Run(); }) {}
    ~Periodic() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }

private:
    void Run() {
        std::unique_ptr<dv::db::Connection> conn;
        for (;;) {
            bool stopping;
            {
                std::unique_lock lock(mutex_);
                stopping = wake_.wait_for(lock, every_, [this] { return stop_; });
            }
            if (stopping && !at_stop_) return;
            try {
                if (!conn) conn = dv::db::Open(db_url_);
                job_(*conn);
            } catch (const std::exception& e) {
                dv::log::Write(dv::log::Level::kError, name_, {{"error", e.what()}});
                conn.reset();
            }
            if (stopping) return;
        }
    }

    std::string name_, db_url_;
    std::chrono::seconds every_;
    bool at_stop_;
    Job job_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;
};

std::unique_ptr<dv::db::Connection> OpenMigrated(const Settings& s) {
    if (s.db_url.empty()) std::filesystem::create_directories(s.data_dir);
    auto conn = dv::db::Open(s.DatabaseUrl());
    FillDerived(*conn, dv::db::Migrate(*conn, dv::time::SystemClock().Now()));
    PrepareAudit(s, *conn);
    return conn;
}

std::string ReadPasswordFromStdin() {
    std::string line;
    if (!std::getline(std::cin, line)) throw Failure{"no password on standard input"};
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

std::string FirstError(const dv::Error& e) {
    if (!e.field_errors.empty()) {
        const auto& f = e.field_errors.front();
        std::string why = f.code;
        for (char& c : why)
            if (c == '_') c = ' ';
        return f.field + ": " + why;
    }
    return e.message;
}

int CmdServe(Settings s, std::vector<std::string> args) {
    if (TakeFlag(args, "--help")) {
        std::cout << "Usage: dangvu serve [options]\n\nServes the web application. Applies pending migrations first.\n\n"
                  << dv::config::Describe(dv::config::Scope::kServe);
        return 0;
    }
    if (auto st = dv::config::Apply(s, args, dv::config::Scope::kServe); !st.ok()) throw UsageError{st.error().field_errors.front().message};
    NoMoreArgs(args);
    dv::http::ServerOptions opt;
    auto colon = s.listen.rfind(':');
    if (colon == std::string::npos) throw UsageError{"--listen takes HOST:PORT"};
    opt.host = s.listen.substr(0, colon);
    if (opt.host.size() > 2 && opt.host.front() == '[') opt.host = opt.host.substr(1, opt.host.size() - 2);
    if (opt.host.empty()) opt.host = "0.0.0.0";
    try {
        int port = std::stoi(s.listen.substr(colon + 1));
        if (port < 0 || port > 65535) throw std::out_of_range("port");
        opt.port = static_cast<uint16_t>(port);
    } catch (const std::exception&) {
        throw UsageError{"--listen: '" + s.listen.substr(colon + 1) + "' is not a port number"};
    }
    opt.threads = s.threads > 0 ? s.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    opt.body_limit = static_cast<uint64_t>(s.body_limit);
    opt.upload_limit = static_cast<uint64_t>(s.MultipartLimit());
    opt.shutdown_grace = std::chrono::seconds(s.shutdown_grace_seconds);

    MoveRollupCheckpoint(s, *OpenMigrated(s));  // migrations once, before the pool opens
    const int pool_size = s.db_pool > 0 ? s.db_pool : opt.threads + 2;
    dv::db::Pool pool(s.DatabaseUrl(), pool_size);
    dv::web::App app(s, pool, dv::time::SystemClock());
    opt.refusal = [&app](int status, const dv::http::Request& partial) { return app.Refusal(status, partial); };
    dv::http::Server server(
        opt, [&app](dv::http::Request& req) { return app.Handle(req); },
        [&app](const dv::http::Request& req, const dv::http::Response& res, std::chrono::microseconds us) {
            app.Observe(req, res, us);
        });
    std::string error;
    if (!server.Listen(error)) throw Failure{error};
    app.SetConnectionGauge([&server] { return server.open_connections(); });
    std::string address = "http://" + (opt.host.find(':') != std::string::npos ? "[" + opt.host + "]" : opt.host) + ":" +
                          std::to_string(server.port());
    dv::log::Write(dv::log::Level::kInfo, "serving",
                   {{"version", dv::version::Version()},
                    {"commit", dv::version::Commit()},
                    {"address", address},
                    {"threads", opt.threads},
                    {"pool", pool_size},
                    {"limits",
                     {{"body_bytes", s.body_limit},
                      {"upload_bytes", s.upload_limit},
                      {"attachment_bytes", s.attachment_limit},
                      {"session_hours", s.session_hours},
                      {"page_cache_bytes", s.page_cache_bytes},
                      {"shutdown_grace_seconds", s.shutdown_grace_seconds}}},
                    {"database", dv::db::RedactUrl(s.DatabaseUrl())},
                    {"files", s.FilesDir()},
                    {"trust_proxy", s.trust_proxy},
                    {"secure_cookies", s.secure_cookies},
                    {"access_log", s.access_log}});
    {
        const std::string path = s.AuditCheckpointsPath();
        Periodic checkpoints("audit checkpoint", s.DatabaseUrl(), std::chrono::minutes(1), true, [path](dv::db::Connection& conn) {
            auto r = dv::audit::CheckpointNow(conn, path, dv::time::SystemClock().Now());
            if (!r.ok()) dv::log::Write(dv::log::Level::kError, "audit checkpoint", {{"error", r.error().message}});
        });
        Periodic reminders("reminders", s.DatabaseUrl(), std::chrono::hours(1), false, [s](dv::db::Connection& conn) {
            const int64_t sent = dv::commitment::SendReminders(conn, Today(s), dv::time::SystemClock().Now());
            if (sent > 0) dv::log::Write(dv::log::Level::kInfo, "reminders sent", {{"notices", sent}});
        });
        server.Run();
    }  // the last checkpoint, once requests have drained
    dv::log::Write(dv::log::Level::kInfo, "stopped");
    return 0;
}

int CmdMigrate(Settings s, std::vector<std::string> args) {
    if (TakeFlag(args, "--help")) {
        std::cout << "Usage: dangvu migrate [--status]\n\nApplies pending migrations, or lists them with --status.\n";
        return 0;
    }
    bool status = TakeFlag(args, "--status");
    NoMoreArgs(args);
    if (s.db_url.empty()) std::filesystem::create_directories(s.data_dir);
    auto conn = dv::db::Open(s.DatabaseUrl());
    if (status) {
        for (const auto& m : dv::db::Status(*conn))
            std::cout << (m.applied ? "applied  " : "pending  ") << m.version << "  " << m.name
                      << (m.applied ? "  " + dv::time::FormatIsoUtc(m.applied_at) : "") << "\n";
        return 0;
    }
    auto done = dv::db::Migrate(*conn, dv::time::SystemClock().Now());
    FillDerived(*conn, done);
    PrepareAudit(s, *conn);
    if (done.empty()) std::cout << "migrate: nothing to apply\n";
    for (int v : done) std::cout << "migrate: applied " << v << "\n";
    return 0;
}

void PrintLogins() {
    std::cout << "Demo log-ins (password for all: " << dv::demo::Logins().front().password << "):\n";
    for (const auto& l : dv::demo::Logins())
        std::cout << "  " << l.username << std::string(l.username.size() < 16 ? 16 - l.username.size() : 1, ' ')
                  << l.role_label << " — " << l.org_name << "\n";
}

int CmdSeedDemo(Settings s, std::vector<std::string> args) {
    if (TakeFlag(args, "--help")) {
        std::cout << "Usage: dangvu seed-demo [--if-empty] [--small]\n\nFills an empty database with the demo province "
                     "(about 40 grassroots organizations, 120 cells, 2,500 members, 2016-2025 history) and one "
                     "account per role.\n  --if-empty   do nothing (but print the log-ins) when data exists\n"
                     "  --small      the same organizations and history with 3 members per cell (for tests)\n";
        return 0;
    }
    bool if_empty = TakeFlag(args, "--if-empty");
    bool small = TakeFlag(args, "--small");
    NoMoreArgs(args);
    auto conn = OpenMigrated(s);
    auto st = dv::demo::Seed(*conn, dv::time::SystemClock().Now(), small ? dv::demo::Size::kSmall : dv::demo::Size::kFull);
    if (!st.ok()) {
        if (!(if_empty && st.error().IsConflict())) throw Failure{"seed-demo: " + st.error().message};
        std::cout << "seed-demo: the database already has data; nothing added.\n";
    } else {
        std::cout << "seed-demo: demo organization and accounts created.\n";
    }
    PrintLogins();
    return 0;
}

int CmdInit(Settings s, std::vector<std::string> args) {
    const char* help =
        "Usage: dangvu init --org-name NAME --org-code CODE [--org-type TYPE] [--founded YYYY-MM-DD]\n"
        "                   --admin USERNAME [--display-name NAME] --password-stdin\n\n"
        "Sets up an empty install: creates the root organization (type 'bloc' unless --org-type names another\n"
        "type code; founded today unless --founded) and the first admin account, granted on it, in one\n"
        "transaction. The admin's password is read from the first line of standard input. Refused when\n"
        "the database already holds organizations. Then log in and load the organizations ('dangvu import\n"
        "orgs') and accounts.\n";
    if (TakeFlag(args, "--help")) {
        std::cout << help;
        return 0;
    }
    dv::auth::InitRequest req;
    auto org_name = TakeOption(args, "--org-name");
    auto org_code = TakeOption(args, "--org-code");
    req.org_type = TakeOption(args, "--org-type").value_or("bloc");
    req.founded_on = TakeOption(args, "--founded").value_or("");
    auto admin = TakeOption(args, "--admin");
    req.admin_display_name = TakeOption(args, "--display-name").value_or("");
    bool from_stdin = TakeFlag(args, "--password-stdin");
    NoMoreArgs(args);
    if (!org_name) throw UsageError{"init needs --org-name"};
    if (!org_code) throw UsageError{"init needs --org-code"};
    if (!admin) throw UsageError{"init needs --admin USERNAME"};
    if (!from_stdin) throw UsageError{"init needs --password-stdin (passwords never go on the command line)"};
    req.org_name = *org_name;
    req.org_code = *org_code;
    req.admin_username = *admin;
    auto conn = OpenMigrated(s);
    req.admin_password = ReadPasswordFromStdin();
    auto now = dv::time::SystemClock().Now();
    auto r = dv::auth::Init(*conn, req, dv::audit::Actor{0, "cli", ""}, now,
                            dv::time::FormatIso(dv::time::LocalDate(now, s.utc_offset_minutes)));
    if (!r.ok()) {
        const auto& e = r.error();
        if (e.message == "error.not_empty")
            throw Failure{"init: the database already has organizations; nothing written (init is for an empty install)"};
        if (e.field_errors.empty()) throw Failure{"init: " + e.message};
        // A bad argument: name the flag it came from.
        const auto& f = e.field_errors.front();
        std::string flag = "--" + f.field;
        std::replace(flag.begin(), flag.end(), '_', '-');
        if (f.field == "password") flag = "the password on standard input";
        std::string why = f.code;
        std::replace(why.begin(), why.end(), '_', ' ');
        throw UsageError{"init: " + flag + ": " + why + "; nothing written"};
    }
    std::cout << "init: created " << r->org.name << " (" << r->org.code << ", id " << r->org.id << ") and its admin "
              << r->admin.username << "; log in at /login\n";
    return 0;
}

int CmdUser(Settings s, std::vector<std::string> args) {
    const char* help =
        "Usage:\n"
        "  dangvu user add --username U --role ROLE [--org ORG_ID] [--display-name NAME] [--member MEMBER_ID]\n"
        "                  --password-stdin\n"
        "  dangvu user passwd USERNAME --password-stdin\n"
        "  dangvu user list\n\n"
        "ROLE is admin, office, inspector, secretary or member; the role holds on ORG_ID's subtree\n"
        "(default: the root organization). The password is read from the first line of standard input.\n"
        "--member links the account to its holder's member record (their own record, meetings, commitments).\n";
    if (args.empty()) throw UsageError{"user needs add, passwd or list"};
    std::string sub = args.front();
    args.erase(args.begin());
    if (sub == "--help" || TakeFlag(args, "--help")) {
        std::cout << help;
        return 0;
    }
    dv::audit::Actor actor{0, "cli", ""};
    auto now = dv::time::SystemClock().Now();
    if (sub == "add") {
        auto username = TakeOption(args, "--username");
        auto role = TakeOption(args, "--role");
        auto org = TakeOption(args, "--org");
        auto name = TakeOption(args, "--display-name");
        auto member = TakeOption(args, "--member");
        bool from_stdin = TakeFlag(args, "--password-stdin");
        NoMoreArgs(args);
        if (!username) throw UsageError{"user add needs --username"};
        std::optional<int64_t> member_id;
        if (member) {
            member_id = dv::text::ParseInt(*member);
            if (!member_id || *member_id <= 0) throw UsageError{"--member takes a member record's id"};
        }
        if (!role) throw UsageError{"user add needs --role"};
        if (!from_stdin) throw UsageError{"user add needs --password-stdin (passwords never go on the command line)"};
        auto conn = OpenMigrated(s);
        std::optional<int64_t> org_id;
        if (org) {
            org_id = dv::text::ParseInt(*org);
            if (!org_id) throw UsageError{"--org takes an organization id"};
        } else if (auto root = dv::org::RootId(*conn)) {
            org_id = *root;
        } else {
            throw Failure{"there is no organization yet: set up the install with 'dangvu init' (see 'dangvu init --help')"};
        }
        std::string password = ReadPasswordFromStdin();
        // The account and its link to the holder's member record, both or neither.
        dv::db::Transaction tx(*conn);
        auto u = dv::auth::CreateUser(*conn, dv::auth::Scope::System(),
                                      {*username, name.value_or(*username), password, *role, org_id}, actor, now);
        if (!u.ok()) {
            if (u.error().IsNotFound()) throw Failure{"user add: no organization with id " + std::to_string(*org_id)};
            throw Failure{"user add: " + FirstError(u.error())};
        }
        if (member_id) {
            auto linked = dv::auth::LinkMember(*conn, dv::auth::Scope::System(), u->id, *member_id, actor, now);
            if (!linked.ok()) throw Failure{"user add: --member: no member record with id " + std::to_string(*member_id)};
        }
        tx.Commit();
        std::cout << "user add: created " << u->username << " (id " << u->id << ")\n";
        return 0;
    }
    if (sub == "passwd") {
        bool from_stdin = TakeFlag(args, "--password-stdin");
        if (args.size() != 1) throw UsageError{"user passwd takes one USERNAME"};
        if (!from_stdin) throw UsageError{"user passwd needs --password-stdin"};
        auto conn = OpenMigrated(s);
        std::string password = ReadPasswordFromStdin();
        auto st = dv::auth::ResetPassword(*conn, args.front(), password, actor, now);
        if (!st.ok()) throw Failure{"user passwd: " + FirstError(st.error())};
        std::cout << "user passwd: password of " << args.front() << " changed; their sessions were ended\n";
        return 0;
    }
    if (sub == "list") {
        NoMoreArgs(args);
        auto conn = OpenMigrated(s);
        auto users = dv::auth::ListUsers(*conn, dv::auth::Scope::System());
        if (!users) throw Failure{users.error().message};
        for (const auto& u : users.value()) {
            std::cout << u.id << "\t" << u.username << "\t" << u.display_name << "\t" << (u.active ? "active" : "locked");
            for (const auto& g : u.grants) std::cout << "\t" << dv::auth::ToString(g.role) << "@" << g.org_id;
            std::cout << "\n";
        }
        return 0;
    }
    throw UsageError{"unknown user command '" + sub + "'"};
}

int CmdAudit(Settings s, std::vector<std::string> args) {
    if (args.empty() || args.front() == "--help" || TakeFlag(args, "--help")) {
        if (args.empty()) throw UsageError{"audit needs a command: verify"};
        std::cout << "Usage: dangvu audit verify\n\nChecks the audit log's hash chain (HMAC-SHA256 under the audit key, "
                     "--audit-key) and the\ncheckpoints in DATA/audit.checkpoints. Exit 1 names the first row that was "
                     "edited, inserted or\ndeleted by hand, or the rows missing after a checkpoint.\n";
        return 0;
    }
    std::string sub = args.front();
    args.erase(args.begin());
    if (sub != "verify") throw UsageError{"unknown audit command '" + sub + "'"};
    NoMoreArgs(args);
    auto conn = OpenMigrated(s);
    g_checkpoint_after.clear();  // only reads: a checkpoint now would anchor whatever it finds
    auto checkpoints = dv::audit::ReadCheckpoints(s.AuditCheckpointsPath());
    if (!checkpoints.ok()) throw Failure{"audit verify: " + checkpoints.error().message};
    auto report = dv::audit::Verify(*conn, *checkpoints);
    if (!report.ok) throw Failure{"audit verify: " + report.problem};
    std::cout << "audit verify: the chain is intact (" << report.rows << " rows";
    if (report.checkpoints == 0) {
        std::cout << "; no checkpoints in " << s.AuditCheckpointsPath() << " yet";
    } else {
        std::cout << "; " << report.checkpoints << " checkpoints, anchored up to row " << report.anchored;
    }
    std::cout << ")\n";
    return 0;
}

int CmdRemind(Settings s, std::vector<std::string> args) {
    if (TakeFlag(args, "--help")) {
        std::cout << "Usage: dangvu remind [--today YYYY-MM-DD]\n\nSends the reminders that are due (the serving process "
                     "does so every hour): members with no commitment submitted after the year's registration date, "
                     "members with an approved commitment not self-assessed after assessment opened, secretaries "
                     "with commitments or assessments waiting a week. Each is sent once.\n";
        return 0;
    }
    std::string today = Today(s);
    if (auto t = TakeOption(args, "--today")) {
        if (t->size() != 10 || !dv::time::ParseIsoDate(*t)) throw UsageError{"--today takes YYYY-MM-DD"};
        today = *t;
    }
    NoMoreArgs(args);
    auto conn = OpenMigrated(s);
    const int64_t sent = dv::commitment::SendReminders(*conn, today, dv::time::SystemClock().Now());
    std::cout << "remind: " << sent << " notices sent\n";
    return 0;
}

int CmdRollup(Settings s, std::vector<std::string> args) {
    if (args.empty() || args.front() == "--help" || TakeFlag(args, "--help")) {
        if (args.empty()) throw UsageError{"rollup needs a command: verify or rebuild"};
        std::cout << "Usage: dangvu rollup verify|rebuild\n\nverify recomputes every roll-up aggregate from the raw "
                     "tables with plain SQL and lists the rows that differ (exit 1 if any).\nrebuild recomputes them "
                     "all and replaces the stored ones.\n";
        return 0;
    }
    std::string sub = args.front();
    args.erase(args.begin());
    if (sub != "verify" && sub != "rebuild") throw UsageError{"unknown rollup command '" + sub + "'"};
    NoMoreArgs(args);
    auto conn = OpenMigrated(s);
    if (sub == "rebuild") {
        dv::rollup::Rebuild(*conn);
        MoveRollupCheckpoint(s, *conn);
        std::cout << "rollup rebuild: done\n";
        return 0;
    }
    auto report = dv::rollup::Verify(*conn);
    for (const auto& d : report.first)
        std::cout << "org " << d.org_id << " metric " << d.metric << " day " << d.day << ": stored " << d.stored
                  << ", expected " << d.expected << "\n";
    if (report.differences > 0)
        throw Failure{"rollup verify: " + std::to_string(report.differences) + " of the aggregate rows differ"};
    std::cout << "rollup verify: every aggregate matches (" << report.rows << " rows)\n";
    return 0;
}

int64_t ParseOrgId(const std::string& text) {
    auto id = dv::text::ParseInt(text);
    if (!id || *id <= 0) throw UsageError{"--org takes an organization id"};
    return *id;
}

std::string Today(const Settings& s) {
    return dv::time::FormatIso(dv::time::LocalDate(dv::time::SystemClock().Now(), s.utc_offset_minutes));
}

std::string ReadWholeFile(const std::string& path, const char* cmd) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Failure{std::string(cmd) + ": cannot read " + path + ": " + std::strerror(errno)};
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

void WriteWholeFile(const std::string& path, const std::string& bytes, const char* cmd) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (out) out << bytes;
    if (!out || !out.flush()) throw Failure{std::string(cmd) + ": cannot write " + path + ": " + std::strerror(errno)};
}

// Progress on stderr: a bar redrawn in place on a terminal, a line every 10% otherwise (none for
// files under 1000 rows, which finish before anyone would read them).
class Progress {
public:
    Progress() : tty_(isatty(STDERR_FILENO) == 1) {}
    void Update(std::string_view phase, size_t done, size_t total) {
        if (total == 0) return;
        int percent = static_cast<int>(done * 100 / total);
        if (phase == phase_ && percent == percent_) return;
        if (phase != phase_) {
            Finish();
            phase_ = std::string(phase);
            percent_ = -1;
        }
        std::string label = phase == "check" ? "checking" : "writing ";
        if (tty_) {
            int filled = percent * 30 / 100;
            std::cerr << "\rimport: " << label << " [" << std::string(filled, '#') << std::string(30 - filled, ' ')
                      << "] " << percent << "% " << done << "/" << total << std::flush;
            drawn_ = true;
        } else if (total >= 1000 && percent / 10 > std::max(percent_, 0) / 10) {
            std::cerr << "import: " << label << " " << percent / 10 * 10 << "% (" << done << "/" << total << ")\n";
        }
        percent_ = percent;
    }
    void Finish() {
        if (drawn_) std::cerr << "\r\033[K" << std::flush;
        drawn_ = false;
    }

private:
    bool tty_;
    bool drawn_ = false;
    std::string phase_;
    int percent_ = -1;
};

std::string Plural(int64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// The command line words an import's reasons in English, from the same catalogue as the pages
// (docs/import.md lists them).
constexpr const char* kImportLang = "en";

const dv::web::I18n& Catalogue() {
    static const dv::web::I18n kI18n;
    return kI18n;
}

// The rejected cells of an import on stderr (with a report file, which has them all, the first 20 only).
void PrintRejects(const dv::importer::Report& report, const std::optional<std::string>& report_path) {
    const size_t shown = report_path ? std::min<size_t>(report.rejects.size(), 20) : report.rejects.size();
    for (size_t i = 0; i < shown; ++i) {
        const auto& r = report.rejects[i];
        std::cerr << "line " << r.line << ", " << r.column << ", \"" << r.value
                  << "\": " << dv::importer::Render(Catalogue(), kImportLang, r.reason) << "\n";
    }
    if (shown < report.rejects.size())
        std::cerr << "... and " << report.rejects.size() - shown << " more problems in " << *report_path << "\n";
    if (report_path)
        WriteWholeFile(*report_path,
                       dv::tabular::WriteCsv(dv::importer::RejectsSheet(report, Catalogue(), kImportLang)), "import");
}

// Why an import refused the whole file (each header problem), as one line.
std::string ImportRefusal(const dv::Error& e) {
    std::string why;
    for (const auto& f : e.field_errors)
        why += (why.empty() ? "" : "; ") + dv::importer::Render(Catalogue(), kImportLang, f);
    return why.empty() ? e.message : why;
}

// The file an import reads, as a table; a file that cannot be read at all ends the command.
dv::tabular::Table ReadImportFile(const std::string& path) {
    auto table = dv::tabular::ReadAny(ReadWholeFile(path, "import"));
    if (!table.ok()) {
        const auto& e = table.error();
        std::string where = e.field_errors.empty() || e.field_errors.front().field == "file"
                                ? path
                                : path + ", " + e.field_errors.front().field;
        throw Failure{"import: " + where + ": " + e.message};
    }
    return std::move(*table);
}

int CmdImportOrgs(Settings s, std::vector<std::string> args) {
    const char* help =
        "Usage: dangvu import orgs FILE [--dry-run] [--report REJECTS.csv]\n\n"
        "Adds the organizations listed in FILE (CSV with ',' or ';', UTF-8 with or without BOM, or XLSX: the\n"
        "first sheet), one per row in any order, columns named in the first row: Mã tổ chức (code), Tên tổ chức\n"
        "(name), Loại tổ chức (type), Mã tổ chức cấp trên (parent_code), Ngày thành lập (founded_on, optional;\n"
        "empty: the parent's). A parent is a row of the file or an organization already in the database; only\n"
        "the top organization of an empty database has no parent (see docs/import.md).\n"
        "  --dry-run        check every row and report, write nothing\n"
        "  --report FILE    write the rejected cells as CSV (line, column, value, reason)\n\n"
        "All or nothing: one rejected row and nothing is written.\n"
        "Exit status: 0 every row accepted, 1 rows rejected or the file refused, 2 wrong usage.\n";
    args.erase(args.begin());
    if (TakeFlag(args, "--help")) {
        std::cout << help;
        return 0;
    }
    dv::importer::OrgOptions opt;
    opt.dry_run = TakeFlag(args, "--dry-run");
    auto report_path = TakeOption(args, "--report");
    if (args.empty()) throw UsageError{"import orgs needs a FILE"};
    std::string path = args.front();
    args.erase(args.begin());
    NoMoreArgs(args);

    auto table = ReadImportFile(path);
    auto conn = OpenMigrated(s);
    Progress progress;
    opt.progress = [&progress](std::string_view phase, size_t done, size_t total) {
        progress.Update(phase, done, total);
    };
    auto result = dv::importer::ImportOrgs(*conn, dv::auth::Scope::System(), table, opt,
                                           dv::audit::Actor{0, "cli", ""}, dv::time::SystemClock().Now(), Today(s));
    progress.Finish();
    if (!result.ok()) {
        const auto& e = result.error();
        throw Failure{"import: " + path + ": " + ImportRefusal(e)};
    }
    const auto& report = *result;
    PrintRejects(report, report_path);
    if (opt.dry_run) {
        std::cout << "import: " << Plural(report.accepted, "organization", "organizations") << " would be added, "
                  << report.rejected << " rejected\n";
    } else {
        std::cout << "import: " << Plural(report.added, "organization", "organizations") << " added, "
                  << report.rejected << " rejected\n";
        if (report.rejected > 0) std::cerr << "import: nothing was written; fix the rejected rows and run it again\n";
    }
    return report.rejected > 0 ? 1 : 0;
}

int CmdImportUsers(Settings s, std::vector<std::string> args) {
    const char* help =
        "Usage: dangvu import users FILE --passwords OUT.csv [--dry-run] [--report REJECTS.csv]\n\n"
        "Creates the accounts listed in FILE (CSV or XLSX, as for members), one per row: Tên đăng nhập (username),\n"
        "Họ và tên (display_name), Vai trò (role: code or Vietnamese label), Mã tổ chức (org_code), optional Số thẻ\n"
        "đảng viên (card_number: links the account to that member's record). Each account gets a random one-time\n"
        "password, to be changed at first log-in, written to OUT.csv (username,password; mode 0600) and nowhere\n"
        "else. All or nothing (see docs/import.md).\n"
        "  --passwords OUT  where the one-time passwords go (required unless --dry-run; created before importing)\n"
        "  --dry-run        check every row and report, write nothing\n"
        "  --report FILE    write the rejected cells as CSV (line, column, value, reason)\n\n"
        "Exit status: 0 every row accepted, 1 rows rejected or the file refused, 2 wrong usage.\n";
    args.erase(args.begin());
    if (TakeFlag(args, "--help")) {
        std::cout << help;
        return 0;
    }
    const bool dry_run = TakeFlag(args, "--dry-run");
    auto report_path = TakeOption(args, "--report");
    auto passwords_path = TakeOption(args, "--passwords");
    if (args.empty()) throw UsageError{"import users needs a FILE"};
    std::string path = args.front();
    args.erase(args.begin());
    NoMoreArgs(args);
    if (!passwords_path && !dry_run) throw UsageError{"import users needs --passwords OUT.csv"};

    auto table = ReadImportFile(path);
    // The passwords file exists, private, before any account does: a password must never be issued and lost.
    int fd = -1;
    if (!dry_run) {
        fd = ::open(passwords_path->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0 || ::fchmod(fd, 0600) != 0)
            throw Failure{"import: cannot write " + *passwords_path + ": " + std::strerror(errno)};
    }
    struct CloseFd {
        int fd;
        ~CloseFd() {
            if (fd >= 0) ::close(fd);
        }
    } close_fd{fd};
    auto conn = OpenMigrated(s);
    auto result = dv::importer::ImportUsers(*conn, dv::auth::Scope::System(), table, dry_run,
                                            dv::audit::Actor{0, "cli", ""}, dv::time::SystemClock().Now());
    if (!result.ok()) {
        const auto& e = result.error();
        throw Failure{"import: " + path + ": " + ImportRefusal(e)};
    }
    const auto& report = result->report;
    PrintRejects(report, report_path);
    if (!result->passwords.empty()) {
        std::vector<std::vector<std::string>> sheet{{"username", "password"}};
        for (const auto& p : result->passwords) sheet.push_back({p.username, p.password});
        std::string bytes = dv::tabular::WriteCsv(sheet);
        if (::write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()) || ::fsync(fd) != 0)
            throw Failure{"import: the accounts were created but " + *passwords_path + " could not be written (" +
                          std::strerror(errno) + "): reset their passwords from the users page"};
    }
    if (dry_run) {
        std::cout << "import: " << Plural(report.accepted, "account", "accounts") << " would be created, "
                  << report.rejected << " rejected\n";
    } else {
        std::cout << "import: " << Plural(report.added, "account", "accounts") << " created, " << report.rejected
                  << " rejected";
        if (report.added > 0) std::cout << "; one-time passwords in " << *passwords_path;
        std::cout << "\n";
        if (report.rejected > 0) std::cerr << "import: nothing was written; fix the rejected rows and run it again\n";
    }
    return report.rejected > 0 ? 1 : 0;
}

// The extension of an export's output file, lower case; anything but .csv and .xlsx is wrong usage.
std::string ExportFormat(const std::string& out) {
    std::string ext = std::filesystem::path(out).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".csv" && ext != ".xlsx") throw UsageError{"-o: the file name must end in .csv or .xlsx"};
    return ext;
}

int CmdExportOrgs(Settings s, std::vector<std::string> args) {
    const char* help =
        "Usage: dangvu export orgs -o FILE.csv|FILE.xlsx\n\n"
        "Writes the active organizations, parents first, with the columns 'dangvu import orgs' reads: code,\n"
        "name, the type's Vietnamese name, the parent's code, the founding date dd/mm/yyyy. Merged, split and\n"
        "dissolved organizations are left out.\n";
    args.erase(args.begin());
    if (TakeFlag(args, "--help")) {
        std::cout << help;
        return 0;
    }
    auto out = TakeOption(args, "-o");
    if (!out) out = TakeOption(args, "--output");
    NoMoreArgs(args);
    if (!out) throw UsageError{"export orgs needs -o FILE.csv or -o FILE.xlsx"};
    std::string ext = ExportFormat(*out);

    auto conn = OpenMigrated(s);
    auto sheet = dv::importer::ExportOrgs(*conn, dv::auth::Scope::System());
    if (!sheet.ok()) throw Failure{"export: " + sheet.error().message};
    if (ext == ".csv") {
        WriteWholeFile(*out, dv::tabular::WriteCsv(*sheet), "export");
    } else if (auto st = dv::tabular::WriteXlsx(*out, "Tổ chức", *sheet); !st.ok()) {
        throw Failure{"export: " + *out + ": " + st.error().message};
    }
    std::cout << "export: " << Plural(static_cast<int64_t>(sheet->size()) - 1, "organization", "organizations")
              << " written to " << *out << "\n";
    return 0;
}

int CmdImport(Settings s, std::vector<std::string> args) {
    const char* help =
        "Usage: dangvu import members FILE [--org ORG_ID] [--dry-run] [--skip-invalid] [--report REJECTS.csv]\n\n"
        "Adds the members listed in FILE (CSV, UTF-8 with or without BOM, or XLSX: the first sheet), one per row,\n"
        "columns named in the first row (Vietnamese or English names, see docs/import.md).\n"
        "  --org ORG_ID     the cell for rows without a cell code; rows must lie in this organization's subtree\n"
        "  --dry-run        check every row and report, write nothing\n"
        "  --skip-invalid   write the good rows even when others are rejected (default: all or nothing)\n"
        "  --report FILE    write the rejected cells as CSV (line, column, value, reason)\n\n"
        "Exit status: 0 every row accepted, 1 rows rejected or the file refused, 2 wrong usage.\n";
    if (!args.empty() && args.front() == "orgs") return CmdImportOrgs(std::move(s), std::move(args));
    if (!args.empty() && args.front() == "users") return CmdImportUsers(std::move(s), std::move(args));
    if (TakeFlag(args, "--help")) {
        std::cout << help;
        return 0;
    }
    if (args.empty() || args.front() != "members") throw UsageError{"import needs 'members FILE', 'orgs FILE' or 'users FILE'"};
    args.erase(args.begin());
    dv::importer::Options opt;
    if (auto org = TakeOption(args, "--org")) opt.org_id = ParseOrgId(*org);
    opt.dry_run = TakeFlag(args, "--dry-run");
    opt.skip_invalid = TakeFlag(args, "--skip-invalid");
    auto report_path = TakeOption(args, "--report");
    if (args.empty()) throw UsageError{"import members needs a FILE"};
    std::string path = args.front();
    args.erase(args.begin());
    NoMoreArgs(args);

    auto table = ReadImportFile(path);
    auto conn = OpenMigrated(s);
    Progress progress;
    opt.progress = [&progress](std::string_view phase, size_t done, size_t total) {
        progress.Update(phase, done, total);
    };
    auto result = dv::importer::ImportMembers(*conn, dv::auth::Scope::System(), table, opt,
                                              dv::audit::Actor{0, "cli", ""}, dv::time::SystemClock().Now(), Today(s));
    progress.Finish();
    if (!result.ok()) {
        const auto& e = result.error();
        if (e.IsNotFound()) throw Failure{"import: no organization with id " + std::to_string(*opt.org_id)};
        throw Failure{"import: " + path + ": " + ImportRefusal(e)};
    }
    const auto& report = *result;
    PrintRejects(report, report_path);
    if (opt.dry_run) {
        std::cout << "import: " << Plural(report.accepted, "member", "members") << " would be added, "
                  << report.rejected << " rejected\n";
    } else {
        std::cout << "import: " << Plural(report.added, "member", "members") << " added, " << report.rejected
                  << " rejected\n";
        if (report.rejected > 0 && !opt.skip_invalid)
            std::cerr << "import: nothing was written; fix the rejected rows, or use --skip-invalid to add the "
                      << report.accepted << " good ones\n";
    }
    return report.rejected > 0 ? 1 : 0;
}

int CmdExport(Settings s, std::vector<std::string> args) {
    const char* help =
        "Usage: dangvu export members [--org ORG_ID] -o FILE.csv|FILE.xlsx\n\n"
        "Writes the active members (of ORG_ID's subtree, or all) with the columns 'dangvu import members' reads:\n"
        "Vietnamese headers, dates dd/mm/yyyy, card numbers as text, in Vietnamese name order.\n";
    if (!args.empty() && args.front() == "orgs") return CmdExportOrgs(std::move(s), std::move(args));
    if (TakeFlag(args, "--help")) {
        std::cout << help;
        return 0;
    }
    if (args.empty() || args.front() != "members") throw UsageError{"export needs 'members' or 'orgs'"};
    args.erase(args.begin());
    std::optional<int64_t> org_id;
    if (auto org = TakeOption(args, "--org")) org_id = ParseOrgId(*org);
    auto out = TakeOption(args, "-o");
    if (!out) out = TakeOption(args, "--output");
    NoMoreArgs(args);
    if (!out) throw UsageError{"export members needs -o FILE.csv or -o FILE.xlsx"};
    std::string ext = ExportFormat(*out);

    auto conn = OpenMigrated(s);
    auto sheet = dv::importer::ExportMembers(*conn, dv::auth::Scope::System(), org_id, Today(s));
    if (!sheet.ok()) {
        if (sheet.error().IsNotFound()) throw Failure{"export: no organization with id " + std::to_string(*org_id)};
        throw Failure{"export: " + sheet.error().message};
    }
    if (ext == ".csv") {
        WriteWholeFile(*out, dv::tabular::WriteCsv(*sheet), "export");
    } else if (auto st = dv::tabular::WriteXlsx(*out, "Đảng viên", *sheet, dv::importer::ExportColumnKinds());
               !st.ok()) {
        throw Failure{"export: " + *out + ": " + st.error().message};
    }
    std::cout << "export: " << Plural(static_cast<int64_t>(sheet->size()) - 1, "member", "members") << " written to "
              << *out << "\n";
    return 0;
}

int CmdRefs(Settings, std::vector<std::string> args) {
    const char* help =
        "Usage: dangvu refs extract FILE|-\n\n"
        "Prints the document references found in a text (UTF-8; '-' reads standard input) as a JSON\n"
        "array, in order of appearance: symbol, number, type_code, type_name, abbreviation, issuer_code,\n"
        "system (party|state), date (ISO or null), start and end (code-point offsets in the NFC text).\n";
    if (TakeFlag(args, "--help")) {
        std::cout << help;
        return 0;
    }
    if (args.empty() || args.front() != "extract") throw UsageError{"refs needs 'extract FILE'"};
    args.erase(args.begin());
    if (args.empty()) throw UsageError{"refs extract needs a FILE (or - for standard input)"};
    std::string path = args.front();
    args.erase(args.begin());
    NoMoreArgs(args);
    std::string text;
    if (path == "-") {
        std::ostringstream bytes;
        bytes << std::cin.rdbuf();
        text = bytes.str();
    } else {
        text = ReadWholeFile(path, "refs");
    }
    if (!dv::text::IsValidUtf8(text)) throw Failure{"refs: " + path + " is not UTF-8 text"};
    std::cout << boost::json::serialize(dv::document::ToJson(dv::document::ExtractReferences(text))) << "\n";
    return 0;
}

int CmdDocuments(Settings s, std::vector<std::string> args) {
    const char* help =
        "Usage: dangvu documents reindex\n\n"
        "Rebuilds the full-text search index of documents from the documents table, in one transaction\n"
        "(searches keep using the old index until it commits). Only needed after changing documents with\n"
        "SQL by hand: the server indexes every document it registers or changes.\n";
    if (TakeFlag(args, "--help")) {
        std::cout << help;
        return 0;
    }
    if (args.empty() || args.front() != "reindex") throw UsageError{"documents needs 'reindex'"};
    args.erase(args.begin());
    NoMoreArgs(args);
    auto conn = OpenMigrated(s);
    const auto started = std::chrono::steady_clock::now();
    int64_t n = dv::document::search::Reindex(*conn);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << "documents: " << Plural(n, "document", "documents") << " indexed in " << std::fixed
              << std::setprecision(1) << seconds << " s\n";
    return 0;
}

int64_t ParseCount(const std::string& text, const std::string& flag, int64_t min, int64_t max) {
    auto n = dv::text::ParseInt(text);
    if (!n || *n < min || *n > max)
        throw UsageError{flag + " takes a whole number from " + std::to_string(min) + " to " + std::to_string(max)};
    return *n;
}

int CmdGen(Settings s, std::vector<std::string> args) {
    const char* help =
        "Usage: dangvu gen [--members N] [--documents M] [--meetings YYYY-MM] [--seed S]\n\n"
        "Fills a database with synthetic data for benchmarks; the same counts and S give the same data.\n"
        "  --members N     into an empty database: the 34 provinces, their provincial blocs, communes and\n"
        "                  wards, about one grassroots organization per 110 members with their cells, and N\n"
        "                  members (up to 10,000,000) with plausible Vietnamese names and records. Refuses a\n"
        "                  database that already holds organizations; if it stops part-way, delete the\n"
        "                  database and start again.\n"
        "  --documents M   then (or into a database that has organizations, e.g. after seed-demo) M party\n"
        "                  documents (up to 2,000,000) with Vietnamese titles and bodies of a few hundred\n"
        "                  words, owned by its organizations and indexed for search\n"
        "  --meetings YYYY-MM  then (or into a database with organizations and members) one held meeting a\n"
        "                  month for twelve months from YYYY-MM for every cell (gen's tree stands from 2025-07),\n"
        "                  every member placed in it invited, a few absent or excused, about 3 in 100\n"
        "                  cell-months missed; the meetings roll-up rebuilt\n"
        "  --seed S        the generators' seed (default 1)\n";
    if (TakeFlag(args, "--help")) {
        std::cout << help;
        return 0;
    }
    auto members = TakeOption(args, "--members");
    auto documents = TakeOption(args, "--documents");
    auto meetings = TakeOption(args, "--meetings");
    auto seed = TakeOption(args, "--seed");
    NoMoreArgs(args);
    if (!members && !documents && !meetings) throw UsageError{"gen needs --members N, --documents M or --meetings YEAR"};
    dv::gen::MeetingOptions meeting_opt;
    if (meetings) meeting_opt.first_month = *meetings;
    dv::gen::Options opt;
    if (members) opt.members = ParseCount(*members, "--members", 1, dv::gen::kMaxMembers);
    if (seed) opt.seed = static_cast<uint64_t>(ParseCount(*seed, "--seed", 0, std::numeric_limits<int64_t>::max()));
    dv::gen::DocumentOptions doc_opt;
    doc_opt.seed = opt.seed;
    if (documents) doc_opt.documents = ParseCount(*documents, "--documents", 1, dv::gen::kMaxDocuments);

    auto conn = OpenMigrated(s);
    auto started = std::chrono::steady_clock::now();
    auto elapsed = [&started] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    int64_t shown = 0;  // rows at the last progress line
    auto progress = [&](std::string_view phase, int64_t done, int64_t total) {
        if (phase == "orgs") {
            std::cerr << "gen: " << done << " organizations written (" << std::fixed << std::setprecision(1)
                      << elapsed() << " s)\n";
        } else if (done == total || (done - shown) * 10 >= total) {
            std::cerr << "gen: " << done << "/" << total << " " << phase << " (" << done * 100 / total << "%, "
                      << std::fixed << std::setprecision(1) << elapsed() << " s)\n";
            shown = done;
        }
    };
    if (members) {
        auto summary =
            dv::gen::Generate(*conn, opt, dv::audit::Actor{0, "cli", ""}, dv::time::SystemClock().Now(), progress);
        if (!summary.ok()) throw Failure{"gen: " + summary.error().message};
        const double seconds = elapsed();
        std::cout << "gen: " << summary->orgs << " organizations, " << summary->members << " members ("
                  << summary->probationary << " probationary) in " << std::fixed << std::setprecision(1) << seconds
                  << " s (" << static_cast<int64_t>(static_cast<double>(summary->members) / seconds) << " members/s)\n";
    }
    if (documents) {
        started = std::chrono::steady_clock::now();
        shown = 0;
        auto summary = dv::gen::GenerateDocuments(*conn, doc_opt, dv::time::SystemClock().Now(), progress);
        if (!summary.ok()) throw Failure{"gen: " + summary.error().message};
        const double seconds = elapsed();
        std::cout << "gen: " << summary->documents << " documents (" << summary->words << " words), indexed, in "
                  << std::fixed << std::setprecision(1) << seconds << " s ("
                  << static_cast<int64_t>(static_cast<double>(summary->documents) / seconds) << " documents/s)\n";
    }
    if (meetings) {
        started = std::chrono::steady_clock::now();
        shown = 0;
        auto summary = dv::gen::GenerateMeetings(*conn, meeting_opt, dv::time::SystemClock().Now(), progress);
        if (!summary.ok()) throw Failure{"gen: " + summary.error().message};
        std::cout << "gen: " << summary->meetings << " meetings, " << summary->attendance << " attendance rows in "
                  << std::fixed << std::setprecision(1) << elapsed() << " s\n";
    }
    return 0;
}

// What backup and restore work on, with progress lines every 10% for parts of 16 MB or more.
dv::backup::Options BackupOptions(const Settings& s, const char* cmd) {
    dv::backup::Options opt{s.DatabaseUrl(), s.FilesDir(), DANGVU_VERSION, dv::time::SystemClock().Now(), {}};
    opt.checkpoints_path = s.AuditCheckpointsPath();
    auto last = std::make_shared<std::pair<std::string, int64_t>>("", -1);
    opt.progress = [cmd, last](std::string_view phase, int64_t done, int64_t total) {
        constexpr int64_t kQuiet = int64_t{16} << 20;
        if (total < kQuiet) return;
        int64_t step = done * 10 / total;
        if (last->first == phase && last->second == step) return;
        *last = {std::string(phase), step};
        const char* label = phase == "archive" ? "writing the archive" : phase == "check" ? "checking sums" : "writing";
        std::cerr << cmd << ": " << label << " " << step * 10 << "% (" << done / (1 << 20) << " of " << total / (1 << 20)
                  << " MB)" << std::endl;
    };
    return opt;
}

std::string Megabytes(int64_t bytes) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(1) << static_cast<double>(bytes) / (1 << 20) << " MB";
    return out.str();
}

int CmdBackup(Settings s, std::vector<std::string> args) {
    const char* help =
        "Usage:\n  dangvu backup FILE\n  dangvu backup --into DIR --keep N\n\n"
        "Writes the database and the stored files it references to one zip archive with a manifest (every\n"
        "part's size and SHA-256), while the server keeps running: the database is copied as one committed\n"
        "state (SQLite: VACUUM INTO; PostgreSQL: pg_dump from postgresql-client). FILE must not exist.\n"
        "  --into DIR   write DIR/dangvu-YYYYMMDD-HHMMSS.zip (local time) ...\n"
        "  --keep N     ... and delete the oldest archives of that form in DIR beyond the newest N\n";
    if (TakeFlag(args, "--help")) {
        std::cout << help;
        return 0;
    }
    auto into = TakeOption(args, "--into");
    auto keep = TakeOption(args, "--keep");
    auto opt = BackupOptions(s, "backup");
    const auto started = std::chrono::steady_clock::now();
    auto done = [&started](const dv::backup::BackupSummary& b, const std::string& path) {
        const auto files = dv::backup::FileCount(b.manifest);
        std::cout << "backup: " << path << " written (" << b.manifest.engine << " database "
                  << Megabytes(b.manifest.parts.front().size) << ", " << Plural(files, "file", "files") << ", archive " << Megabytes(b.archive_bytes) << ") in " << std::fixed << std::setprecision(1)
                  << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
    };
    if (into) {
        if (!keep) throw UsageError{"backup --into DIR needs --keep N"};
        NoMoreArgs(args);
        auto r = dv::backup::BackupInto(opt, *into, static_cast<int>(ParseCount(*keep, "--keep", 1, 10000)),
                                        s.utc_offset_minutes);
        if (!r.ok()) throw Failure{"backup: " + r.error().message};
        done(r->backup, r->archive_path);
        for (const auto& name : r->deleted) std::cout << "backup: deleted the old " << name << "\n";
        return 0;
    }
    if (keep) throw UsageError{"--keep goes with --into DIR"};
    if (args.size() != 1 || args.front().rfind('-', 0) == 0)
        throw UsageError{"backup needs one FILE, or --into DIR --keep N"};
    auto r = dv::backup::Backup(opt, args.front());
    if (!r.ok()) throw Failure{"backup: " + r.error().message};
    done(*r, args.front());
    return 0;
}

int CmdRestore(Settings s, std::vector<std::string> args) {
    if (TakeFlag(args, "--help")) {
        std::cout << "Usage: dangvu restore FILE\n\nRestores an archive of 'dangvu backup' into an empty database "
                     "(--db, or DATA/dangvu.db) and an empty\nfiles directory: checks every part's SHA-256 first, "
                     "writes nothing when one fails or the target\nholds data, then runs 'audit verify' on the "
                     "restored database.\n";
        return 0;
    }
    if (args.size() != 1 || args.front().rfind('-', 0) == 0) throw UsageError{"restore needs one FILE"};
    auto opt = BackupOptions(s, "restore");
    // The restored chain was hashed with the backed-up installation's key, which is not in the archive.
    opt.before_write = [&s]() -> dv::Status {
        auto key = dv::audit::LoadKey(s.AuditKeyPath(), false);
        if (!key.ok()) {
            return dv::Error{dv::ErrorCode::kInvalid,
                             key.error().IsNotFound()
                                 ? "the audit key file " + s.AuditKeyPath() +
                                       " is missing: copy the backed-up installation's key there (backups do not hold "
                                       "it) or pass --audit-key FILE; nothing was restored"
                                 : key.error().message,
                             {}};
        }
        dv::audit::SetKey(*key);
        // Checkpoints of the install this one replaces name rows the restored chain may not have: kept aside,
        // and the archive's own take their place.
        const std::string path = s.AuditCheckpointsPath();
        std::error_code ec;
        if (std::filesystem::exists(path, ec)) {
            std::filesystem::rename(path, path + ".before-restore-" + std::to_string(dv::time::SystemClock().Now()), ec);
            if (ec) return dv::Error::Internal("cannot move " + path + " aside: " + ec.message());
        }
        return {};
    };
    auto r = dv::backup::Restore(opt, args.front());
    if (!r.ok()) throw Failure{"restore: " + r.error().message};
    {
        // The restored head, anchored after the archive's checkpoints (which `audit verify` checked).
        const std::string path = s.AuditCheckpointsPath();
        std::error_code ec;
        if (s.db_url.empty()) std::filesystem::create_directories(s.data_dir, ec);
        auto conn = dv::db::Open(s.DatabaseUrl());
        auto written = dv::audit::CheckpointNow(*conn, path, dv::time::SystemClock().Now());
        if (!written.ok()) throw Failure{"restore: audit checkpoint: " + written.error().message};
    }
    std::cout << "restore: " << args.front() << " restored (" << r->manifest.engine << " database of "
              << dv::time::FormatIsoUtc(r->manifest.created_at) << ", "
              << Plural(dv::backup::FileCount(r->manifest), "file", "files")
              << "); audit verify: the chain is intact (" << r->audit_rows << " rows"
              << (r->checkpoints > 0 ? ", " + Plural(r->checkpoints, "checkpoint", "checkpoints") + " of the archive" : "")
              << ")\n";
    return 0;
}

// Why a command failed, on stderr: serve's stderr is all JSON lines (it runs under systemd and log
// shippers); every other command prints one human line.
void Complain(const std::string& message, bool json) {
    if (json) {
        dv::log::Write(dv::log::Level::kError, "failed", {{"error", message}});
    } else {
        std::cerr << "dangvu: " << message << std::endl;
    }
}

int RunCommand(const std::string& cmd, Settings& settings, std::vector<std::string>& args);

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    dv::features::Connect();
    Settings settings;
    bool json_errors = false;
    try {
        if (auto st = dv::config::Apply(settings, args, dv::config::Scope::kGlobal); !st.ok())
            throw UsageError{st.error().field_errors.front().message};
        if (args.empty() || args.front() == "--help" || args.front() == "-h" || args.front() == "help") {
            std::cout << kMainHelp << dv::config::Describe(dv::config::Scope::kGlobal);
            return args.empty() ? 2 : 0;
        }
        if (args.front() == "--version") {
            std::cout << "dangvu " << dv::version::Version() << " (commit " << dv::version::Commit() << ")\n";
            return 0;
        }
        std::string cmd = args.front();
        args.erase(args.begin());
        json_errors = cmd == "serve";
        int rc = RunCommand(cmd, settings, args);
        CheckpointAfterCommand(settings);
        return rc;
    } catch (const UsageError& e) {
        CheckpointAfterCommand(settings);
        Complain(e.message + " (see 'dangvu --help')", json_errors);
        return 2;
    } catch (const Failure& e) {
        CheckpointAfterCommand(settings);
        Complain(e.message, json_errors);
        return 1;
    } catch (const dv::db::DbError& e) {
        Complain("database error: " + dv::db::RedactUrl(e.what()), json_errors);
        return 1;
    } catch (const std::exception& e) {
        Complain(e.what(), json_errors);
        return 1;
    }
}

namespace {

int RunCommand(const std::string& cmd, Settings& settings, std::vector<std::string>& args) {
    {
        if (cmd == "serve") return CmdServe(settings, args);
        if (cmd == "migrate") return CmdMigrate(settings, args);
        if (cmd == "init") return CmdInit(settings, args);
        if (cmd == "seed-demo") return CmdSeedDemo(settings, args);
        if (cmd == "user") return CmdUser(settings, args);
        if (cmd == "audit") return CmdAudit(settings, args);
        if (cmd == "rollup") return CmdRollup(settings, args);
        if (cmd == "remind") return CmdRemind(settings, args);
        if (cmd == "import") return CmdImport(settings, args);
        if (cmd == "export") return CmdExport(settings, args);
        if (cmd == "gen") return CmdGen(settings, args);
        if (cmd == "refs") return CmdRefs(settings, args);
        if (cmd == "documents") return CmdDocuments(settings, args);
        if (cmd == "backup") return CmdBackup(settings, args);
        if (cmd == "restore") return CmdRestore(settings, args);
        throw UsageError{"unknown command '" + cmd + "'"};
    }
}

}  // namespace
