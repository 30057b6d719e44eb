// importer: header mapping, row checks and the bulk write of member imports; the member export.
#include "importer/importer.h"

#include <algorithm>
#include <array>
#include <future>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "core/vn_text.h"
#include "importer/columns.h"
#include "importer/store.h"
#include "member/service.h"
#include "org/service.h"
#include "rollup/rollup.h"

namespace dv::importer {

namespace {

using auth::Permission;
using member::Member;

struct FieldNames {
    const char* code;
    const char* vi;
};
// Indexed by Field.
constexpr std::array<FieldNames, kFieldCount> kNames = {{
    {"full_name", "Họ và tên"},
    {"gender", "Giới tính"},
    {"birth_date", "Ngày sinh"},
    {"ethnicity", "Dân tộc"},
    {"hometown", "Quê quán"},
    {"admitted_on", "Ngày vào Đảng"},
    {"official_on", "Ngày chính thức"},
    {"card_number", "Số thẻ đảng viên"},
    {"party_position", "Chức vụ Đảng"},
    {"gov_position", "Chức vụ chính quyền"},
    {"citizen_id", "Số CCCD"},
    {"phone", "Số điện thoại"},
    {"org_code", "Mã chi bộ"},
}};

// Other ways people head the same columns (the names above are accepted too).
struct Alias {
    const char* header;
    Field field;
};
constexpr Alias kAliases[] = {
    {"Họ tên", Field::kFullName},
    {"Ngày tháng năm sinh", Field::kBirthDate},
    {"Ngày vào Đảng chính thức", Field::kOfficialOn},
    {"Số thẻ Đảng", Field::kCardNumber},
    {"Chức vụ", Field::kPartyPosition},
    {"CCCD", Field::kCitizenId},
    {"Căn cước công dân", Field::kCitizenId},
    {"Điện thoại", Field::kPhone},
};
// Row-number columns spreadsheets carry; their values mean nothing to the import.
constexpr const char* kIgnoredHeaders[] = {"STT", "TT", "Số thứ tự", "No"};

constexpr Field kRequired[] = {Field::kFullName, Field::kGender, Field::kBirthDate, Field::kAdmittedOn};

std::string HeaderKey(std::string_view header) {
    std::string key;
    for (char c : vn::Fold(header))
        if (c != ' ' && c != '_' && c != '-' && c != '.') key += c;
    return key;
}

const std::unordered_map<std::string, HeaderMatch>& HeaderTable() {
    static const std::unordered_map<std::string, HeaderMatch> kTable = [] {
        std::unordered_map<std::string, HeaderMatch> t;
        for (int i = 0; i < kFieldCount; ++i) {
            HeaderMatch m{HeaderMatch::Kind::kField, static_cast<Field>(i)};
            t.emplace(HeaderKey(kNames[i].code), m);
            t.emplace(HeaderKey(kNames[i].vi), m);
        }
        for (const auto& a : kAliases) t.emplace(HeaderKey(a.header), HeaderMatch{HeaderMatch::Kind::kField, a.field});
        for (const char* h : kIgnoredHeaders) t.emplace(HeaderKey(h), HeaderMatch{HeaderMatch::Kind::kIgnored});
        return t;
    }();
    return kTable;
}

std::string Trimmed(std::string_view s) { return std::string(text::Trim(s)); }

std::string CardDigits(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c >= '0' && c <= '9') out += c;
    return out;
}

Message ValidateReason(const FieldError& e, const Member& m) {
    if (e.code == "required") return Code::kRequired;
    if (e.code == "too_long") return Code::kTooLong;
    if (e.code == "invalid_choice") return Code::kGender;
    if (e.code == "invalid_date") return Code::kImpossibleDate;
    if (e.code == "in_future") return Code::kFutureDate;
    if (e.code == "out_of_range") return Code::kDateOutOfRange;
    if (e.code == "before_birth") return Code::kAdmittedBeforeBirth;
    if (e.code == "before_admission")
        return m.official_on < m.admitted_on ? Code::kOfficialBeforeAdmission : Code::kOfficialSameDay;
    if (e.code == "too_young") return Code::kTooYoung;
    if (e.code == "name_chars") return Code::kNameChars;
    if (e.code == "format" && e.field == "citizen_id") return Code::kCitizenIdFormat;
    if (e.code == "format" && e.field == "phone") return Code::kPhoneFormat;
    if (e.code == "format") return Code::kCardFormat;
    return {Code::kOtherRule, {{"rule", e.code}}};
}

// Identifier columns and their rule. A number cell there that fails the rule, where the same digits after a
// 0 would pass, lost that zero to the spreadsheet: typed into a General cell, or a text file opened and
// saved again. Refused with what to do about it, since the digits cannot be guessed in every case.
struct IdentifierRule {
    Field field;
    bool (*valid)(std::string_view);
};
constexpr IdentifierRule kIdentifierRules[] = {
    {Field::kCitizenId, member::ValidCitizenId},
    {Field::kPhone, [](std::string_view s) { return member::NormalizePhone(s).has_value(); }},
    {Field::kCardNumber, member::ValidCardNumber},
};

std::optional<Field> FieldOfCode(std::string_view code) {
    for (int i = 0; i < kFieldCount; ++i)
        if (code == kNames[i].code) return static_cast<Field>(i);
    return std::nullopt;
}

std::string DayFirst(const std::string& iso) {
    if (iso.size() != 10) return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

// Which column holds which field, from the header row.
struct Columns {
    std::array<int, kFieldCount> index{};
    std::vector<std::string> headers;  // as written
    Columns() { index.fill(-1); }
    bool Has(Field f) const { return index[static_cast<int>(f)] >= 0; }
    std::string Header(Field f) const {
        int i = index[static_cast<int>(f)];
        return i >= 0 ? headers[i] : kNames[static_cast<int>(f)].vi;
    }
    tabular::CellKind Kind(const tabular::Row& row, Field f) const {
        int i = index[static_cast<int>(f)];
        return i >= 0 ? row.Kind(static_cast<size_t>(i)) : tabular::CellKind::kText;
    }
    const std::string& Cell(const tabular::Row& row, Field f) const {
        static const std::string kEmpty;
        int i = index[static_cast<int>(f)];
        return i >= 0 && static_cast<size_t>(i) < row.cells.size() ? row.cells[i] : kEmpty;
    }
};

Result<Columns> MapHeaders(const tabular::Table& table, bool org_given) {
    Columns cols;
    std::vector<FieldError> errors;
    if (table.rows.empty()) return Error::Invalid({HeaderProblem(Code::kEmptyFile, "file")});
    cols.headers = table.rows.front().cells;
    for (size_t i = 0; i < cols.headers.size(); ++i) {
        const std::string& h = cols.headers[i];
        if (Trimmed(h).empty()) {
            for (size_t r = 1; r < table.rows.size(); ++r) {
                const auto& cells = table.rows[r].cells;
                if (i < cells.size() && !Trimmed(cells[i]).empty()) {
                    errors.push_back(HeaderProblem({Code::kUnnamedColumn, {{"column", std::to_string(i + 1)}}}));
                    break;
                }
            }
            continue;
        }
        HeaderMatch m = MatchHeader(h);
        if (m.kind == HeaderMatch::Kind::kIgnored) continue;
        if (m.kind == HeaderMatch::Kind::kUnknown) {
            errors.push_back(HeaderProblem({Code::kUnknownColumn, {{"header", h}}}));
            continue;
        }
        int& slot = cols.index[static_cast<int>(m.field)];
        if (slot >= 0) {
            errors.push_back(HeaderProblem(
                {Code::kDuplicateColumn, {{"first", cols.headers[slot]}, {"second", h}, {"field", CodeName(m.field)}}}));
            continue;
        }
        slot = static_cast<int>(i);
    }
    if (auto extra = columns::ExtraValues(table)) errors.push_back(*extra);
    std::vector<Field> required(std::begin(kRequired), std::end(kRequired));
    if (!org_given) required.push_back(Field::kOrgCode);
    for (Field f : required) {
        if (!cols.Has(f))
            errors.push_back(
                HeaderProblem({Code::kMissingColumn, {{"header", VietnameseHeader(f)}, {"field", CodeName(f)}}}));
    }
    if (!errors.empty()) return Error::Invalid(std::move(errors), "import.file_refused");
    return cols;
}

// Where rows may go: cells by code, each checked once against scope, subtree and state.
class Cells {
public:
    Cells(db::Connection& conn, const auth::Scope& scope, std::optional<int64_t> within)
        : conn_(conn), scope_(scope), within_(within) {
        for (auto& o : store::AllOrgs(conn)) {
            std::string lower = text::AsciiLower(o.code);
            auto [it, fresh] = by_lower_code_.emplace(lower, o.id);
            if (!fresh) it->second = 0;  // two codes differing only in case: exact spelling needed
            by_code_.emplace(o.code, o.id);
            by_id_.emplace(o.id, std::move(o));
        }
    }
    const store::OrgRef* Find(const std::string& code) const {
        auto it = by_code_.find(code);
        if (it == by_code_.end()) {
            auto lower = by_lower_code_.find(text::AsciiLower(code));
            if (lower == by_lower_code_.end() || lower->second == 0) return nullptr;
            return &by_id_.at(lower->second);
        }
        return &by_id_.at(it->second);
    }
    const store::OrgRef* FindId(int64_t id) const {
        auto it = by_id_.find(id);
        return it == by_id_.end() ? nullptr : &it->second;
    }
    // Nothing when members may be imported into `o`, else why not.
    const std::optional<Message>& Problem(const store::OrgRef& o) {
        auto it = problems_.find(o.id);
        if (it != problems_.end()) return it->second;
        std::optional<Message> why;
        if (!org::Find(conn_, scope_, Permission::kWrite, o.id)) {
            why = Code::kUnknownCell;  // outside the caller's scope reads as absent
        } else if (within_ && !org::IsInSubtree(conn_, *within_, o.id)) {
            why = Message{Code::kOutsideOrg, {{"org", std::to_string(*within_)}}};
        } else if (o.ended) {
            why = Code::kCellEnded;
        } else if (!o.holds_members) {
            why = Code::kNotACell;
        }
        return problems_.emplace(o.id, std::move(why)).first->second;
    }

private:
    db::Connection& conn_;
    const auth::Scope& scope_;
    std::optional<int64_t> within_;
    std::unordered_map<std::string, int64_t> by_code_, by_lower_code_;
    std::unordered_map<int64_t, store::OrgRef> by_id_;
    std::unordered_map<int64_t, std::optional<Message>> problems_;
};

// Members per "member.import" audit row.
constexpr size_t kAuditChunk = 1000;

std::string NameBirthKey(const std::string& folded_name, const std::string& birth_date) {
    return folded_name + '\x1f' + birth_date;
}

}  // namespace

const char* CodeName(Field f) { return kNames[static_cast<int>(f)].code; }
const char* VietnameseHeader(Field f) { return kNames[static_cast<int>(f)].vi; }
bool Required(Field f) {
    return f == Field::kOrgCode || std::find(std::begin(kRequired), std::end(kRequired), f) != std::end(kRequired);
}

HeaderMatch MatchHeader(std::string_view header) {
    const auto& table = HeaderTable();
    auto it = table.find(HeaderKey(header));
    return it == table.end() ? HeaderMatch{} : it->second;
}

Result<Report> ImportMembers(db::Connection& conn, const auth::Scope& scope, const tabular::Table& table,
                             const Options& options, const audit::Actor& actor, int64_t now, const std::string& today) {
    if (!scope.AnyAllows(Permission::kWrite)) return Error::Forbidden();
    if (options.org_id && !org::Find(conn, scope, Permission::kWrite, *options.org_id)) return Error::NotFound();
    DV_ASSIGN_OR_RETURN(Columns cols, MapHeaders(table, options.org_id.has_value()));

    if (!options.dry_run) store::PrepareBulkWrite(conn);
    // Declared before the transaction, so it runs after the transaction has ended.
    struct BulkWrite {
        db::Connection& conn;
        // A failure here only leaves a bigger cache; it must not mask the import's own outcome.
        ~BulkWrite() {
            try {
                store::EndBulkWrite(conn);
            } catch (const db::DbError&) {
            }
        }
    } bulk{conn};
    // Checks and writes see one state of the database.
    db::Transaction tx(conn, !options.dry_run);
    Cells cells(conn, scope, options.org_id);
    std::optional<Message> default_problem;
    const store::OrgRef* default_cell = options.org_id ? cells.FindId(*options.org_id) : nullptr;
    if (default_cell && cells.Problem(*default_cell)) {
        default_problem = Message{Code::kDefaultOrg, {{"org", std::to_string(default_cell->id)}}};
        default_problem->cause = cells.Problem(*default_cell)->code;
    }

    std::unordered_set<std::string> db_cards, db_names;
    for (const auto& k : store::AllMemberKeys(conn)) {
        if (!k.card_number.empty()) db_cards.insert(CardDigits(k.card_number));
        db_names.insert(NameBirthKey(k.name_folded, k.birth_date));
    }
    std::unordered_map<std::string, int> file_cards, file_names;  // key -> first line

    Report report;
    report.rows = static_cast<int64_t>(table.rows.size()) - 1;
    const size_t total = table.rows.size() - 1;
    // Progress at every whole percent: often enough for a bar, rare enough to cost nothing.
    auto tick = [&](std::string_view phase, size_t done, size_t of) {
        if (options.progress && (done % std::max<size_t>(1, of / 100) == 0 || done == of))
            options.progress(phase, done, of);
    };
    // Pass 1, on two threads: what each row needs from no other row (dates, validation, the cell
    // by code, ICU folding and sort keys). Pass 2, in line order: the cell's permissions and the
    // duplicates, which depend on earlier lines. On two cores this keeps 100,000 rows under 5 s.
    struct Checked {
        Member m;
        std::vector<Reject> problems;
        std::array<bool, kFieldCount> reported{};
        std::string code;                     // the cell code as written, trimmed
        const store::OrgRef* found = nullptr;  // the organization with that code, if any
        std::string folded, sort_key;
    };
    std::vector<Checked> checked(total);
    auto check_rows = [&](size_t begin, size_t end, bool report_progress) {
        for (size_t i = begin; i < end; ++i) {
            const tabular::Row& row = table.rows[i + 1];
            Checked& c = checked[i];
            auto reject = [&](Field f, Message reason) {
                c.problems.push_back({row.line, cols.Header(f), cols.Cell(row, f), std::move(reason)});
                c.reported[static_cast<int>(f)] = true;
            };
            auto cell = [&](Field f) { return cols.Cell(row, f); };
            // The forms' and the API's rule for every text field (web::Input): no control characters.
            for (int f = 0; f < kFieldCount; ++f)
                if (text::HasControlChar(cell(static_cast<Field>(f)), false))
                    reject(static_cast<Field>(f), Code::kControlChar);
            Member& m = c.m;
            m.full_name = cell(Field::kFullName);
            m.gender = cell(Field::kGender);
            m.ethnicity = cell(Field::kEthnicity);
            m.hometown = cell(Field::kHometown);
            m.card_number = cell(Field::kCardNumber);
            m.party_position = cell(Field::kPartyPosition);
            m.gov_position = cell(Field::kGovPosition);
            m.citizen_id = cell(Field::kCitizenId);
            m.phone = cell(Field::kPhone);
            for (auto [field, target] :
                 {std::pair{Field::kBirthDate, &m.birth_date}, std::pair{Field::kAdmittedOn, &m.admitted_on},
                  std::pair{Field::kOfficialOn, &m.official_on}}) {
                const std::string& raw = cell(field);
                if (Trimmed(raw).empty()) continue;
                if (auto iso = tabular::ParseDate(raw))
                    *target = *iso;
                else
                    reject(field, columns::DateReason(raw));
            }
            for (const auto& rule : kIdentifierRules) {
                const std::string raw = Trimmed(cell(rule.field));
                if (cols.Kind(row, rule.field) == tabular::CellKind::kNumber && !raw.empty() && !rule.valid(raw) &&
                    rule.valid("0" + raw))
                    reject(rule.field, Code::kLostZero);
            }
            m.status = m.official_on.empty() ? member::Status::kProbationary : member::Status::kOfficial;
            for (const auto& e : member::Validate(m, today)) {
                auto f = FieldOfCode(e.field);
                if (!f) f = Field::kFullName;
                if (!c.reported[static_cast<int>(*f)]) reject(*f, ValidateReason(e, m));
            }
            c.code = Trimmed(cell(Field::kOrgCode));
            if (!c.code.empty()) c.found = cells.Find(c.code);
            if (c.problems.empty() || m.card_number.empty()) c.folded = vn::Fold(m.full_name);
            if (c.problems.empty()) c.sort_key = vn::NameSortKeyHex(m.full_name);
            if (report_progress) tick("check", (i - begin + 1) * total / std::max<size_t>(1, end - begin), total);
        }
    };
    {
        size_t half = total / 2;
        auto second = std::async(std::launch::async, check_rows, half, total, false);
        check_rows(0, half, true);
        second.get();
    }
    struct Good {
        Member m;
        std::string org_name;
        std::string folded, sort_key;
    };
    std::vector<Good> good;
    good.reserve(total);
    for (size_t i = 0; i < total; ++i) {
        Checked& c = checked[i];
        const tabular::Row& row = table.rows[i + 1];
        auto reject = [&](Field f, Message reason) {
            c.problems.push_back({row.line, cols.Header(f), cols.Cell(row, f), std::move(reason)});
            c.reported[static_cast<int>(f)] = true;
        };
        Member& m = c.m;

        // The cell.
        const store::OrgRef* target = nullptr;
        if (c.code.empty()) {
            if (!options.org_id)
                reject(Field::kOrgCode, Code::kRequired);
            else if (default_problem)
                reject(Field::kOrgCode, *default_problem);
            else if (!default_cell)
                reject(Field::kOrgCode, Code::kUnknownCell);
            else
                target = default_cell;
        } else if (!c.found) {
            reject(Field::kOrgCode, Code::kUnknownCell);
        } else if (const auto& why = cells.Problem(*c.found)) {
            reject(Field::kOrgCode, *why);
        } else {
            target = c.found;
        }

        // Duplicates: by card number; without one, by name and birth date.
        if (!m.card_number.empty() && !c.reported[static_cast<int>(Field::kCardNumber)]) {
            std::string digits = CardDigits(m.card_number);
            auto [it, first] = file_cards.emplace(digits, row.line);
            if (!first)
                reject(Field::kCardNumber, {Code::kCardRepeatsLine, {{"line", std::to_string(it->second)}}});
            else if (db_cards.count(digits))
                reject(Field::kCardNumber, Code::kCardTaken);
        } else if (m.card_number.empty() && !c.reported[static_cast<int>(Field::kFullName)] &&
                   !c.reported[static_cast<int>(Field::kBirthDate)]) {
            std::string key = NameBirthKey(c.folded, m.birth_date);
            auto [it, first] = file_names.emplace(key, row.line);
            if (!first)
                reject(Field::kFullName, {Code::kNameRepeatsLine, {{"line", std::to_string(it->second)}}});
            else if (db_names.count(key))
                reject(Field::kFullName, Code::kPersonTaken);
        }

        if (c.problems.empty() && target) {
            m.org_id = target->id;
            good.push_back({std::move(m), target->name, std::move(c.folded), std::move(c.sort_key)});
        } else {
            ++report.rejected;
            for (auto& p : c.problems) report.rejects.push_back(std::move(p));
        }
    }
    checked = {};
    report.accepted = static_cast<int64_t>(good.size());

    if (options.dry_run || (report.rejected > 0 && !options.skip_invalid)) {
        tx.Commit();  // nothing was written
        return report;
    }
    // One transaction; members and placements in multi-row statements; one audit row per chunk of
    // members holding each member's record as created (docs/import.md, "Speed": one audit row per
    // member cost as much as everything else together).
    // Written cell by cell in name order: the members_org index (cell, Vietnamese sort key) then
    // grows at a few hundred places instead of a random one for each row, which SQLite does faster.
    std::sort(good.begin(), good.end(), [](const Good& a, const Good& b) {
        return a.m.org_id != b.m.org_id ? a.m.org_id < b.m.org_id : a.sort_key < b.sort_key;
    });
    for (auto& g : good) {
        Member& m = g.m;
        m.status_since = m.status == member::Status::kOfficial ? m.official_on : m.admitted_on;
        m.org_name = g.org_name;
        m.created_at = m.updated_at = now;
    }
    // The audit record of a chunk (every record as created, as rows under one list of column names)
    // is built on a second thread while the next chunk is inserted.
    auto records = [&good](size_t start, size_t end) {
        boost::json::array columns, rows;
        rows.reserve(end - start);
        for (size_t i = start; i < end; ++i) {
            boost::json::object j = member::ToJson(good[i].m);
            if (columns.empty())
                for (const auto& kv : j) columns.push_back(boost::json::string(kv.key()));
            boost::json::array row;
            row.reserve(j.size());
            for (auto& kv : j) row.push_back(std::move(kv.value()));
            rows.push_back(std::move(row));
        }
        return boost::json::value(boost::json::object{{"count", static_cast<int64_t>(end - start)},
                                                      {"columns", std::move(columns)},
                                                      {"members", std::move(rows)}});
    };
    std::future<boost::json::value> pending;
    auto append_pending = [&] {
        if (pending.valid())
            audit::Append(conn, actor, now, "member.import", "member", std::nullopt, options.org_id, nullptr,
                          pending.get());
    };
    for (size_t start = 0; start < good.size(); start += kAuditChunk) {
        size_t end = std::min(good.size(), start + kAuditChunk);
        std::vector<store::NewMember> chunk;
        chunk.reserve(end - start);
        for (size_t i = start; i < end; ++i)
            chunk.push_back({&good[i].m, std::move(good[i].folded), std::move(good[i].sort_key)});
        store::InsertMembers(conn, chunk, now);
        append_pending();
        pending = std::async(std::launch::async, records, start, end);
        tick("write", end, good.size());
    }
    append_pending();
    std::vector<int64_t> added;
    added.reserve(good.size());
    for (const auto& g : good) added.push_back(g.m.id);
    rollup::Change::Added(conn, "members", std::move(added)).Apply();
    tx.Commit();
    report.added = static_cast<int64_t>(good.size());
    return report;
}

Result<std::vector<org::Org>> Destinations(db::Connection& conn, const auth::Scope& scope) {
    if (!scope.AnyAllows(Permission::kWrite)) return Error::Forbidden();
    return org::ListWhere(conn, scope, Permission::kWrite);
}

std::vector<std::string> RejectsHeader() { return {"line", "column", "value", "reason"}; }

std::vector<std::vector<std::string>> RejectsSheet(const Report& report, const web::I18n& i18n, std::string_view lang) {
    std::vector<std::vector<std::string>> sheet{RejectsHeader()};
    sheet.reserve(report.rejects.size() + 1);
    for (const auto& r : report.rejects)
        sheet.push_back({std::to_string(r.line), r.column, r.value, Render(i18n, lang, r.reason)});
    return sheet;
}

std::vector<tabular::CellKind> ExportColumnKinds() {
    std::vector<tabular::CellKind> kinds(kFieldCount, tabular::CellKind::kText);
    for (Field f : {Field::kBirthDate, Field::kAdmittedOn, Field::kOfficialOn})
        kinds[static_cast<int>(f)] = tabular::CellKind::kDate;
    return kinds;
}

Result<std::vector<std::vector<std::string>>> ExportMembers(db::Connection& conn, const auth::Scope& scope,
                                                            std::optional<int64_t> org_id, const std::string& today) {
    if (!scope.AnyAllows(Permission::kRead)) return Error::Forbidden();
    db::Transaction tx(conn, false);
    if (org_id && !org::Find(conn, scope, Permission::kRead, *org_id)) return Error::NotFound();
    std::unordered_map<int64_t, std::string> codes;
    for (auto& o : store::AllOrgs(conn)) codes.emplace(o.id, std::move(o.code));

    member::Filter f;
    f.org_id = org_id;
    f.page_size = std::numeric_limits<int>::max();  // one query: the file holds them all
    auto page = member::ListWhere(conn, scope, Permission::kRead, f, today);
    tx.Commit();

    std::vector<std::vector<std::string>> sheet;
    sheet.reserve(page.members.size() + 1);
    sheet.emplace_back();
    for (int i = 0; i < kFieldCount; ++i) sheet.back().emplace_back(kNames[i].vi);
    for (const auto& m : page.members) {
        sheet.push_back({m.full_name, m.gender == "female" ? "Nữ" : "Nam", DayFirst(m.birth_date), m.ethnicity,
                         m.hometown, DayFirst(m.admitted_on), DayFirst(m.official_on), m.card_number, m.party_position,
                         m.gov_position, m.citizen_id, m.phone, codes[m.org_id]});
    }
    return sheet;
}

void PrepareBulkWrite(db::Connection& conn) { store::PrepareBulkWrite(conn); }

}  // namespace dv::importer
