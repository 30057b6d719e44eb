// config: the settings table and its parser.
#include "core/config.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace dv::config {

std::string Settings::DatabaseUrl() const {
    if (!db_url.empty()) return db_url;
    return data_dir + "/dangvu.db";
}

std::string Settings::FilesDir() const { return files_dir.empty() ? data_dir + "/files" : files_dir; }

std::string Settings::AuditKeyPath() const { return audit_key.empty() ? data_dir + "/audit.key" : audit_key; }

std::string Settings::AuditCheckpointsPath() const { return data_dir + "/audit.checkpoints"; }

int64_t Settings::MultipartLimit() const { return std::max(upload_limit, attachment_limit); }

const std::vector<SettingSpec>& Specs() {
    static const std::vector<SettingSpec> kSpecs = {
        {"data", "DANGVU_DATA", "string", Scope::kGlobal,
         "directory for the SQLite file, stored files and generated reports (default ./data)"},
        {"db", "DANGVU_DB", "string", Scope::kGlobal,
         "database URL: a SQLite path (default DATA/dangvu.db) or postgresql://user@host:port/db"},
        {"listen", "DANGVU_LISTEN", "string", Scope::kServe, "address and port to serve on (default 127.0.0.1:8080)"},
        {"threads", "DANGVU_THREADS", "int", Scope::kServe, "server threads (default: one per core)"},
        {"db-pool", "DANGVU_DB_POOL", "int", Scope::kServe, "database connections (default: threads + 2)"},
        {"body-limit", "DANGVU_BODY_LIMIT", "bytes", Scope::kServe, "largest request body in bytes (default 10485760)"},
        {"upload-limit", "DANGVU_UPLOAD_LIMIT", "bytes", Scope::kServe,
         "largest spreadsheet uploaded for import, in bytes (default 20971520)"},
        {"attachment-limit", "DANGVU_ATTACHMENT_LIMIT", "bytes", Scope::kServe,
         "largest file attached to a document, in bytes (default 52428800: scanned documents are large)"},
        {"files", "DANGVU_FILES", "string", Scope::kGlobal,
         "directory of stored files (attachments), shared by every process (default DATA/files)"},
        {"session-hours", "DANGVU_SESSION_HOURS", "int", Scope::kServe, "hours a log-in lasts (default 12)"},
        {"page-cache", "DANGVU_PAGE_CACHE", "bytes", Scope::kServe,
         "memory for signed-in pages kept until the data changes, in bytes; 0 turns it off (default 67108864)"},
        {"secure-cookies", "DANGVU_SECURE_COOKIES", "bool", Scope::kServe,
         "mark cookies Secure (set when served behind TLS; default off)"},
        {"trust-proxy", "DANGVU_TRUST_PROXY", "bool", Scope::kServe,
         "behind a reverse proxy: the client address is the last X-Forwarded-For entry (default off)"},
        {"audit-key", "DANGVU_AUDIT_KEY", "string", Scope::kGlobal,
         "file holding the audit chain's key, created 0600 when the chain is new (default DATA/audit.key)"},
        {"utc-offset", "DANGVU_UTC_OFFSET", "int", Scope::kGlobal, "local time zone in minutes east of UTC (default 420)"},
        {"access-log", "DANGVU_ACCESS_LOG", "string", Scope::kServe,
         "JSON-lines access log: '-' for standard output (default), 'off', or a file path"},
        {"shutdown-grace", "DANGVU_SHUTDOWN_GRACE", "int", Scope::kServe,
         "seconds requests in flight may take to finish on SIGTERM (default 10)"},
    };
    return kSpecs;
}

namespace {

Status SetValue(Settings& s, const std::string& name, const std::string& value) {
    auto as_int = [&](auto& out) -> Status {
        using T = std::remove_reference_t<decltype(out)>;
        T v{};
        auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
        if (ec != std::errc() || p != value.data() + value.size() || v < 0)
            return Error::InvalidField(name, "not_integer", "--" + name + " takes a whole number, not '" + value + "'");
        out = v;
        return {};
    };
    if (name == "data") {
        if (value.empty()) return Error::InvalidField(name, "required", "--data needs a directory");
        s.data_dir = value;
    } else if (name == "db") {
        s.db_url = value;
    } else if (name == "listen") {
        s.listen = value;
    } else if (name == "threads") {
        return as_int(s.threads);
    } else if (name == "db-pool") {
        return as_int(s.db_pool);
    } else if (name == "body-limit") {
        return as_int(s.body_limit);
    } else if (name == "upload-limit") {
        return as_int(s.upload_limit);
    } else if (name == "attachment-limit") {
        return as_int(s.attachment_limit);
    } else if (name == "files") {
        s.files_dir = value;
    } else if (name == "session-hours") {
        return as_int(s.session_hours);
    } else if (name == "page-cache") {
        return as_int(s.page_cache_bytes);
    } else if (name == "secure-cookies" || name == "trust-proxy") {
        bool& flag = name == "secure-cookies" ? s.secure_cookies : s.trust_proxy;
        if (value == "1" || value == "true" || value == "yes" || value == "on") {
            flag = true;
        } else if (value == "0" || value == "false" || value == "no" || value == "off") {
            flag = false;
        } else {
            return Error::InvalidField(name, "invalid_choice", "--" + name + " takes true or false");
        }
    } else if (name == "utc-offset") {
        int v = 0;
        auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
        if (ec != std::errc() || p != value.data() + value.size() || v < -720 || v > 840)
            return Error::InvalidField(name, "invalid", "--utc-offset takes minutes between -720 and 840");
        s.utc_offset_minutes = v;
    } else if (name == "audit-key") {
        if (value.empty()) return Error::InvalidField(name, "required", "--audit-key needs a file");
        s.audit_key = value;
    } else if (name == "access-log") {
        s.access_log = value;
    } else if (name == "shutdown-grace") {
        return as_int(s.shutdown_grace_seconds);
    }
    return {};
}

}  // namespace

Status Apply(Settings& s, std::vector<std::string>& args, Scope scope) {
    for (const auto& spec : Specs()) {
        if (spec.scope != Scope::kGlobal && spec.scope != scope) continue;
        if (const char* v = std::getenv(spec.env)) DV_TRY(SetValue(s, spec.name, v));
    }
    std::vector<std::string> rest;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        const SettingSpec* match = nullptr;
        std::string value;
        bool has_value = false;
        if (a.rfind("--", 0) == 0) {
            std::string body = a.substr(2);
            auto eq = body.find('=');
            std::string name = body.substr(0, eq);
            for (const auto& spec : Specs()) {
                if (name == spec.name && (spec.scope == Scope::kGlobal || spec.scope == scope)) match = &spec;
            }
            if (match && eq != std::string::npos) {
                value = body.substr(eq + 1);
                has_value = true;
            }
        }
        if (!match) {
            rest.push_back(a);
            continue;
        }
        if (!has_value) {
            if (std::string(match->type) == "bool" && (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0)) {
                value = "true";
            } else {
                if (i + 1 >= args.size())
                    return Error::InvalidField(match->name, "required", std::string("--") + match->name + " needs a value");
                value = args[++i];
            }
        }
        DV_TRY(SetValue(s, match->name, value));
    }
    args = std::move(rest);
    return {};
}

std::string Describe(Scope scope) {
    std::string out;
    for (const auto& spec : Specs()) {
        if (spec.scope != Scope::kGlobal && spec.scope != scope) continue;
        std::string flag = std::string("  --") + spec.name + " " + (std::string(spec.type) == "bool" ? "" : "VALUE");
        if (flag.size() < 28) flag.resize(28, ' ');
        out += flag + spec.help + " [" + spec.env + "]\n";
    }
    return out;
}

}  // namespace dv::config
