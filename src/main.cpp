// dangvu: the one binary — serve, migrate, seed-demo, user, audit. Exit codes: 0 success,
// 1 the operation failed (reason on stderr, one line), 2 wrong usage.
#include <filesystem>
#include <iostream>
#include <thread>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "auth/service.h"
#include "auth/store.h"
#include "core/config.h"
#include "core/time.h"
#include "db/db.h"
#include "db/migrate.h"
#include "demo/seed.h"
#include "http/server.h"
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
    "  audit        verify the audit log's hash chain\n\n"
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

std::unique_ptr<dv::db::Connection> OpenMigrated(const Settings& s) {
    if (s.db_url.empty()) std::filesystem::create_directories(s.data_dir);
    auto conn = dv::db::Open(s.DatabaseUrl());
    dv::db::Migrate(*conn, dv::time::SystemClock().Now());
    // Derived columns SQL cannot compute (Vietnamese folding) for rows older than the migration.
    dv::org::store::FillFoldedNames(*conn);
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
    dv::org::store::FillFoldedNames(*conn);
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
        std::cout << "Usage: dangvu seed-demo [--if-empty]\n\nFills an empty database with the demo organization and one "
                     "account per role.\n  --if-empty   do nothing (but print the log-ins) when data exists\n";
        return 0;
    }
    bool if_empty = TakeFlag(args, "--if-empty");
    NoMoreArgs(args);
    auto conn = OpenMigrated(s);
    auto st = dv::demo::Seed(*conn, dv::time::SystemClock().Now());
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
