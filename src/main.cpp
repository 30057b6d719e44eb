// dangvu: the one binary — serve, migrate, seed-demo, user, audit, import, export, gen, refs, documents.
// Exit codes: 0 success, 1 the operation failed (reason on stderr, one line) or an import rejected rows,
// 2 wrong usage.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <sstream>
#include <thread>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "auth/service.h"
#include "auth/store.h"
#include "core/config.h"
#include "core/text.h"
#include "core/time.h"
#include "db/db.h"
#include "db/migrate.h"
#include "demo/seed.h"
#include "document/refs.h"
#include "document/search.h"
#include "gen/documents.h"
#include "gen/gen.h"
#include "http/server.h"
#include "importer/importer.h"
#include "org/store.h"
#include "web/app.h"

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
    "  seed-demo    fill an empty database with the demo organization and accounts\n"
    "  user         add, list and set passwords of accounts\n"
    "  audit        verify the audit log's hash chain\n"
    "  import       import members from a CSV or XLSX file\n"
    "  export       export members to a CSV or XLSX file\n"
    "  gen          fill a database with a synthetic national data set or documents (benchmarks)\n"
    "  refs         print the document references (05-CT/TW, 30/2020/NĐ-CP …) found in a text\n"
    "  documents    rebuild the documents' full-text search index (reindex)\n\n"
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
    dv::org::store::FillFoldedNames(conn);
    if (std::find(applied.begin(), applied.end(), kSearchIndexMigration) != applied.end())
        dv::document::search::Reindex(conn);
}

std::unique_ptr<dv::db::Connection> OpenMigrated(const Settings& s) {
    if (s.db_url.empty()) std::filesystem::create_directories(s.data_dir);
    auto conn = dv::db::Open(s.DatabaseUrl());
    FillDerived(*conn, dv::db::Migrate(*conn, dv::time::SystemClock().Now()));
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

    OpenMigrated(s);  // migrations once, before the pool opens
    dv::db::Pool pool(s.DatabaseUrl(), s.db_pool > 0 ? s.db_pool : opt.threads + 2);
    dv::web::App app(s, pool, dv::time::SystemClock());
    dv::http::Server server(
        opt, [&app](dv::http::Request& req) { return app.Handle(req); },
        [&app](const dv::http::Request& req, const dv::http::Response& res, std::chrono::microseconds us) {
            app.Observe(req, res, us);
        });
    std::string error;
    if (!server.Listen(error)) throw Failure{error};
    app.SetConnectionGauge([&server] { return server.open_connections(); });
    std::cerr << "dangvu: serving on http://" << (opt.host.find(':') != std::string::npos ? "[" + opt.host + "]" : opt.host)
              << ":" << server.port() << " with " << opt.threads << " threads, database "
              << dv::db::RedactUrl(s.DatabaseUrl()) << std::endl;
    server.Run();
    std::cerr << "dangvu: stopped" << std::endl;
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

int CmdUser(Settings s, std::vector<std::string> args) {
    const char* help =
        "Usage:\n"
        "  dangvu user add --username U --role ROLE [--org ORG_ID] [--display-name NAME] --password-stdin\n"
        "  dangvu user passwd USERNAME --password-stdin\n"
        "  dangvu user list\n\n"
        "ROLE is admin, office, inspector, secretary or member; the role holds on ORG_ID's subtree\n"
        "(default: the root organization). The password is read from the first line of standard input.\n";
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
        bool from_stdin = TakeFlag(args, "--password-stdin");
        NoMoreArgs(args);
        if (!username) throw UsageError{"user add needs --username"};
        if (!role) throw UsageError{"user add needs --role"};
        if (!from_stdin) throw UsageError{"user add needs --password-stdin (passwords never go on the command line)"};
        auto conn = OpenMigrated(s);
        std::optional<int64_t> org_id;
        if (org) {
            try {
                org_id = std::stoll(*org);
            } catch (const std::exception&) {
                throw UsageError{"--org takes an organization id"};
            }
        } else if (auto root = dv::org::store::RootId(*conn)) {
            org_id = *root;
        } else {
            throw Failure{"there is no organization yet: run 'dangvu seed-demo' or give --org"};
        }
        std::string password = ReadPasswordFromStdin();
        auto u = dv::auth::CreateUser(*conn, dv::auth::Scope::System(),
                                      {*username, name.value_or(*username), password, *role, org_id}, actor, now);
        if (!u.ok()) {
            if (u.error().IsNotFound()) throw Failure{"user add: no organization with id " + std::to_string(*org_id)};
            throw Failure{"user add: " + FirstError(u.error())};
        }
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
        for (const auto& u : dv::auth::store::ListUsers(*conn, dv::auth::Scope::System())) {
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
        std::cout << "Usage: dangvu audit verify\n\nChecks the audit log's hash chain. Exit 1 names the first row that "
                     "was edited, inserted or deleted by hand.\n";
        return 0;
    }
    std::string sub = args.front();
    args.erase(args.begin());
    if (sub != "verify") throw UsageError{"unknown audit command '" + sub + "'"};
    NoMoreArgs(args);
    auto conn = OpenMigrated(s);
    auto report = dv::audit::Verify(*conn);
    if (!report.ok) throw Failure{"audit verify: " + report.problem};
    std::cout << "audit verify: the chain is intact (" << report.rows << " rows)\n";
    return 0;
}

int64_t ParseOrgId(const std::string& text) {
    try {
        size_t used = 0;
        int64_t id = std::stoll(text, &used);
        if (used != text.size() || id <= 0) throw std::invalid_argument("org");
        return id;
    } catch (const std::exception&) {
        throw UsageError{"--org takes an organization id"};
    }
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
    if (TakeFlag(args, "--help")) {
        std::cout << help;
        return 0;
    }
    if (args.empty() || args.front() != "members") throw UsageError{"import needs 'members FILE'"};
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

    auto table = dv::tabular::ReadAny(ReadWholeFile(path, "import"));
    if (!table.ok()) {
        const auto& e = table.error();
        std::string where = e.field_errors.empty() || e.field_errors.front().field == "file"
                                ? path
                                : path + ", " + e.field_errors.front().field;
        throw Failure{"import: " + where + ": " + e.message};
    }
    auto conn = OpenMigrated(s);
    Progress progress;
    opt.progress = [&progress](std::string_view phase, size_t done, size_t total) {
        progress.Update(phase, done, total);
    };
    auto result = dv::importer::ImportMembers(*conn, dv::auth::Scope::System(), *table, opt,
                                              dv::audit::Actor{0, "cli", ""}, dv::time::SystemClock().Now(), Today(s));
    progress.Finish();
    if (!result.ok()) {
        const auto& e = result.error();
        if (e.IsNotFound()) throw Failure{"import: no organization with id " + std::to_string(*opt.org_id)};
        std::string why;
        for (const auto& f : e.field_errors) why += (why.empty() ? "" : "; ") + f.message;
        throw Failure{"import: " + path + ": " + (why.empty() ? e.message : why)};
    }
    const auto& report = *result;
    // With a report file the terminal shows the first problems only; the file has them all.
    const size_t shown = report_path ? std::min<size_t>(report.rejects.size(), 20) : report.rejects.size();
    for (size_t i = 0; i < shown; ++i) {
        const auto& r = report.rejects[i];
        std::cerr << "line " << r.line << ", " << r.column << ", \"" << r.value << "\": " << r.reason << "\n";
    }
    if (shown < report.rejects.size())
        std::cerr << "... and " << report.rejects.size() - shown << " more problems in " << *report_path << "\n";
    if (report_path) WriteWholeFile(*report_path, dv::tabular::WriteCsv(dv::importer::RejectsSheet(report)), "import");
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
    if (TakeFlag(args, "--help")) {
        std::cout << help;
        return 0;
    }
    if (args.empty() || args.front() != "members") throw UsageError{"export needs 'members'"};
    args.erase(args.begin());
    std::optional<int64_t> org_id;
    if (auto org = TakeOption(args, "--org")) org_id = ParseOrgId(*org);
    auto out = TakeOption(args, "-o");
    if (!out) out = TakeOption(args, "--output");
    NoMoreArgs(args);
    if (!out) throw UsageError{"export members needs -o FILE.csv or -o FILE.xlsx"};
    std::string ext = std::filesystem::path(*out).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".csv" && ext != ".xlsx") throw UsageError{"-o: the file name must end in .csv or .xlsx"};

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
    try {
        size_t used = 0;
        int64_t n = std::stoll(text, &used);
        if (used != text.size() || n < min || n > max) throw std::out_of_range("count");
        return n;
    } catch (const std::exception&) {
        throw UsageError{flag + " takes a whole number from " + std::to_string(min) + " to " + std::to_string(max)};
    }
}

int CmdGen(Settings s, std::vector<std::string> args) {
    const char* help =
        "Usage: dangvu gen [--members N] [--documents M] [--seed S]\n\n"
        "Fills a database with synthetic data for benchmarks; the same counts and S give the same data.\n"
        "  --members N     into an empty database: the 34 provinces, their provincial blocs, communes and\n"
        "                  wards, about one grassroots organization per 110 members with their cells, and N\n"
        "                  members (up to 10,000,000) with plausible Vietnamese names and records. Refuses a\n"
        "                  database that already holds organizations; if it stops part-way, delete the\n"
        "                  database and start again.\n"
        "  --documents M   then (or into a database that has organizations, e.g. after seed-demo) M party\n"
        "                  documents (up to 2,000,000) with Vietnamese titles and bodies of a few hundred\n"
        "                  words, owned by its organizations and indexed for search\n"
        "  --seed S        the generators' seed (default 1)\n";
    if (TakeFlag(args, "--help")) {
        std::cout << help;
        return 0;
    }
    auto members = TakeOption(args, "--members");
    auto documents = TakeOption(args, "--documents");
    auto seed = TakeOption(args, "--seed");
    NoMoreArgs(args);
    if (!members && !documents) throw UsageError{"gen needs --members N or --documents M"};
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
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    Settings settings;
    try {
        if (auto st = dv::config::Apply(settings, args, dv::config::Scope::kGlobal); !st.ok())
            throw UsageError{st.error().field_errors.front().message};
        if (args.empty() || args.front() == "--help" || args.front() == "-h" || args.front() == "help") {
            std::cout << kMainHelp << dv::config::Describe(dv::config::Scope::kGlobal);
            return args.empty() ? 2 : 0;
        }
        if (args.front() == "--version") {
            std::cout << "dangvu " << DANGVU_VERSION << "\n";
            return 0;
        }
        std::string cmd = args.front();
        args.erase(args.begin());
        if (cmd == "serve") return CmdServe(settings, args);
        if (cmd == "migrate") return CmdMigrate(settings, args);
        if (cmd == "seed-demo") return CmdSeedDemo(settings, args);
        if (cmd == "user") return CmdUser(settings, args);
        if (cmd == "audit") return CmdAudit(settings, args);
        if (cmd == "import") return CmdImport(settings, args);
        if (cmd == "export") return CmdExport(settings, args);
        if (cmd == "gen") return CmdGen(settings, args);
        if (cmd == "refs") return CmdRefs(settings, args);
        if (cmd == "documents") return CmdDocuments(settings, args);
        throw UsageError{"unknown command '" + cmd + "'"};
    } catch (const UsageError& e) {
        std::cerr << "dangvu: " << e.message << " (see 'dangvu --help')" << std::endl;
        return 2;
    } catch (const Failure& e) {
        std::cerr << "dangvu: " << e.message << std::endl;
        return 1;
    } catch (const dv::db::DbError& e) {
        std::cerr << "dangvu: database error: " << dv::db::RedactUrl(e.what()) << std::endl;
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "dangvu: " << e.what() << std::endl;
        return 1;
    }
}
