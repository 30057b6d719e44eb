// manifest: the backup archive's manifest as JSON, its checks, and the --into directory's names.
#include "backup/manifest.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <set>

#include "core/time.h"

namespace dv::backup {

namespace {

namespace json = boost::json;

Error Bad(const std::string& why) { return Error::BadRequest("the manifest " + why); }

const json::value* Field(const json::object& o, const char* key) {
    auto it = o.find(key);
    return it == o.end() ? nullptr : &it->value();
}

bool IsDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool IsSha256Hex(std::string_view s) {
    return s.size() == 64 &&
           std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string FileRelativePath(const std::string& sha256) { return sha256.substr(0, 2) + "/" + sha256.substr(2); }
std::string FilePartName(const std::string& sha256) { return "files/" + FileRelativePath(sha256); }
bool IsFilePart(const Part& p) { return p.name == FilePartName(p.sha256); }
int64_t FileCount(const Manifest& m) { return std::count_if(m.parts.begin(), m.parts.end(), IsFilePart); }

std::string ToJson(const Manifest& m) {
    json::array parts;
    for (const auto& p : m.parts)
        parts.push_back(json::object{{"name", p.name}, {"size", p.size}, {"sha256", p.sha256}});
    json::object o{{"format", m.format},
                   {"dangvu_version", m.dangvu_version},
                   {"engine", m.engine},
                   {"created_at", time::FormatIsoUtc(m.created_at)},
                   {"created_at_ms", m.created_at},
                   {"schema_version", m.schema_version},
                   {"parts", std::move(parts)}};
    return json::serialize(o) + "\n";
}

Result<Manifest> ParseManifest(std::string_view text) {
    json::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return Bad("is not a JSON object");
    const auto& o = v.as_object();
    Manifest m;
    const auto* format = Field(o, "format");
    if (format == nullptr || !format->is_int64()) return Bad("has no format version");
    if (format->as_int64() != kFormatVersion)
        return Bad("has format version " + std::to_string(format->as_int64()) + "; this dangvu reads version " +
                   std::to_string(kFormatVersion));
    const auto* version = Field(o, "dangvu_version");
    const auto* engine = Field(o, "engine");
    const auto* created = Field(o, "created_at_ms");
    const auto* schema = Field(o, "schema_version");
    const auto* parts = Field(o, "parts");
    if (version == nullptr || !version->is_string()) return Bad("has no dangvu_version");
    if (engine == nullptr || !engine->is_string() ||
        (engine->as_string() != "sqlite" && engine->as_string() != "postgres"))
        return Bad("names no known engine (sqlite or postgres)");
    if (created == nullptr || !created->is_int64()) return Bad("has no created_at_ms");
    if (schema == nullptr || !schema->is_int64() || schema->as_int64() < 0) return Bad("has no schema_version");
    if (parts == nullptr || !parts->is_array()) return Bad("has no parts");
    m.format = kFormatVersion;
    m.dangvu_version = std::string(version->as_string());
    m.engine = std::string(engine->as_string());
    m.created_at = created->as_int64();
    m.schema_version = static_cast<int>(schema->as_int64());
    const std::string database = m.engine == "sqlite" ? kSqlitePart : kPostgresPart;
    std::set<std::string> seen;
    for (const auto& pv : parts->as_array()) {
        if (!pv.is_object()) return Bad("has a part that is not an object");
        const auto& po = pv.as_object();
        const auto* name = Field(po, "name");
        const auto* size = Field(po, "size");
        const auto* sha = Field(po, "sha256");
        if (name == nullptr || !name->is_string() || size == nullptr || !size->is_int64() || size->as_int64() < 0 ||
            sha == nullptr || !sha->is_string() || !IsSha256Hex(sha->as_string()))
            return Bad("has a part without a name, size and SHA-256");
        Part p{std::string(name->as_string()), size->as_int64(), std::string(sha->as_string())};
        // Only three shapes of name: nothing can be written outside the restore's own directories.
        const bool is_database = p.name == database;
        const bool is_file = IsFilePart(p);
        const bool is_checkpoints = p.name == kCheckpointsPart;
        if (!is_database && !is_file && !is_checkpoints) return Bad("names an unexpected part '" + p.name + "'");
        if (is_database != m.parts.empty()) return Bad("must list the database part first, once");
        if (!seen.insert(p.name).second) return Bad("lists '" + p.name + "' twice");
        m.parts.push_back(std::move(p));
    }
    if (m.parts.empty()) return Bad("lists no database part");
    return m;
}

std::string ArchiveName(int64_t now_ms, int utc_offset_minutes) {
    const int64_t local = now_ms / 1000 + int64_t{utc_offset_minutes} * 60;
    int64_t days = local / 86400;
    int64_t secs = local % 86400;
    if (secs < 0) {
        secs += 86400;
        --days;
    }
    time::Date d = time::CivilFromDays(days);
    char buf[40];
    std::snprintf(buf, sizeof buf, "dangvu-%04d%02d%02d-%02d%02d%02d.zip", d.year, d.month, d.day,
                  static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
    return buf;
}

std::vector<std::string> ToPrune(std::vector<std::string> names, int keep) {
    // dangvu-YYYYMMDD-HHMMSS.zip: fixed width, so the names sort by time.
    auto ours = [](const std::string& n) {
        return n.size() == 26 && n.compare(0, 7, "dangvu-") == 0 && IsDigits(n.substr(7, 8)) && n[15] == '-' &&
               IsDigits(n.substr(16, 6)) && n.compare(22, 4, ".zip") == 0;
    };
    names.erase(std::remove_if(names.begin(), names.end(), [&](const std::string& n) { return !ours(n); }),
                names.end());
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    const size_t kept = static_cast<size_t>(std::max(keep, 0));
    if (names.size() <= kept) return {};
    names.resize(names.size() - kept);
    return names;
}

}  // namespace dv::backup
