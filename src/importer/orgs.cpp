// importer orgs: checks of an organization file as a whole (codes, types, parents, cycles, levels, dates),
// creation parents first through org::Create, and the organization export.
#include "importer/orgs.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <unordered_map>

#include "core/text.h"
#include "importer/store.h"
#include "org/service.h"

namespace dv::importer {

namespace {

using auth::Permission;

constexpr columns::Column kOrgColumns[] = {
    {"code", "Mã tổ chức", true},
    {"name", "Tên tổ chức", true},
    {"type", "Loại tổ chức", true},
    {"parent_code", "Mã tổ chức cấp trên", true},
    {"founded_on", "Ngày thành lập", false},
};
constexpr columns::Alias kOrgAliases[] = {
    {"Mã đơn vị", static_cast<int>(OrgColumn::kCode)},
    {"Tên đơn vị", static_cast<int>(OrgColumn::kName)},
    {"Loại", static_cast<int>(OrgColumn::kType)},
    {"Mã cấp trên", static_cast<int>(OrgColumn::kParentCode)},
    {"Mã đơn vị cấp trên", static_cast<int>(OrgColumn::kParentCode)},
    {"parent", static_cast<int>(OrgColumn::kParentCode)},
};

// The limits of org::Create, checked here so a row is reported rather than the write failing.
constexpr size_t kMaxCode = 32;
constexpr size_t kMaxName = 200;

int Col(OrgColumn c) { return static_cast<int>(c); }

// One row of the file as checked.
struct OrgRow {
    int line = 0;
    std::string code, name, parent_code, founded;  // founded: ISO, '' when the cell is empty (or bad)
    const org::OrgType* type = nullptr;
    bool bad_date = false;
    int parent_row = -1;                // index of the parent's row when it is in the file
    std::optional<org::Org> parent_db;  // the parent when it is in the database
    std::string effective_founded;      // the founding date written (the parent's when empty)
    int64_t id = 0;                     // once created
    struct Problem {
        int column;
        Message reason;
    };
    std::vector<Problem> problems;
};

}  // namespace

std::span<const columns::Column> OrgColumns() { return kOrgColumns; }

bool MayImportOrgs(const auth::Scope& scope) {
    if (scope.is_system()) return true;
    return (scope.HasRole(auth::Role::kAdmin) || scope.HasRole(auth::Role::kOffice)) &&
           scope.AnyAllows(Permission::kWrite);
}

Result<Report> ImportOrgs(db::Connection& conn, const auth::Scope& scope, const tabular::Table& table,
                          const OrgOptions& options, const audit::Actor& actor, int64_t now, const std::string& today) {
    if (!MayImportOrgs(scope)) return Error::Forbidden();
    DV_ASSIGN_OR_RETURN(columns::Map cols, columns::MapHeaders(table, kOrgColumns, kOrgAliases));

    // Checks and writes see one state of the database.
    db::Transaction tx(conn, !options.dry_run);
    const std::vector<org::OrgType> types = org::Types(conn);
    std::unordered_map<std::string, const org::OrgType*> type_by_key;
    for (const auto& t : types)
        for (const std::string& name : {t.code, t.name, t.name_en}) type_by_key.emplace(columns::Key(name), &t);

    // Codes in the database, ended organizations' too (a code is never reused). Compared ignoring ASCII
    // case, as people type them; two codes differing only in case need the exact spelling (id 0).
    std::unordered_map<std::string, int64_t> db_exact, db_lower;
    for (const auto& o : store::AllOrgs(conn)) {
        db_exact.emplace(o.code, o.id);
        auto [it, fresh] = db_lower.emplace(text::AsciiLower(o.code), o.id);
        if (!fresh) it->second = 0;
    }
    const bool db_empty = db_exact.empty();
    auto find_db = [&](const std::string& code) -> std::optional<int64_t> {
        if (auto it = db_exact.find(code); it != db_exact.end()) return it->second;
        auto it = db_lower.find(text::AsciiLower(code));
        if (it == db_lower.end() || it->second == 0) return std::nullopt;
        return it->second;
    };

    const size_t total = table.rows.size() - 1;
    auto tick = [&](std::string_view phase, size_t done) {
        if (options.progress && (done % std::max<size_t>(1, total / 100) == 0 || done == total))
            options.progress(phase, done, total);
    };

    // Pass 1: each row on its own, and codes repeated in the file or already in the database.
    std::vector<OrgRow> rows(total);
    std::unordered_map<std::string, size_t> row_by_code;  // lower-case code -> first row with it
    std::optional<size_t> top_row;                        // the first row without a parent code
    for (size_t i = 0; i < total; ++i) {
        const tabular::Row& in = table.rows[i + 1];
        OrgRow& r = rows[i];
        r.line = in.line;
        auto cell = [&](OrgColumn c) { return std::string(text::Trim(cols.Cell(in, Col(c)))); };
        auto reject = [&](OrgColumn c, Message reason) { r.problems.push_back({Col(c), std::move(reason)}); };
        // The forms' and the API's rule for every text field (web::Input), as in the member import.
        for (int c = 0; c < static_cast<int>(std::size(kOrgColumns)); ++c)
            if (text::HasControlChar(cols.Cell(in, c), false)) reject(static_cast<OrgColumn>(c), Code::kControlChar);
        r.code = cell(OrgColumn::kCode);
        r.name = cell(OrgColumn::kName);
        r.parent_code = cell(OrgColumn::kParentCode);
        if (r.code.empty()) {
            reject(OrgColumn::kCode, Code::kRequired);
        } else if (r.code.size() > kMaxCode) {
            reject(OrgColumn::kCode, Code::kTooLong);
        } else if (auto [it, first] = row_by_code.emplace(text::AsciiLower(r.code), i); !first) {
            reject(OrgColumn::kCode, {Code::kCodeRepeatsLine, {{"line", std::to_string(rows[it->second].line)}}});
        } else if (db_lower.count(text::AsciiLower(r.code))) {
            reject(OrgColumn::kCode, Code::kCodeInDatabase);
        }
        if (r.name.empty())
            reject(OrgColumn::kName, Code::kRequired);
        else if (text::Utf8Length(r.name) > kMaxName)
            reject(OrgColumn::kName, Code::kTooLong);
        std::string type = cell(OrgColumn::kType);
        if (type.empty()) {
            reject(OrgColumn::kType, Code::kRequired);
        } else if (auto it = type_by_key.find(columns::Key(type)); it == type_by_key.end()) {
            reject(OrgColumn::kType, Code::kUnknownType);
        } else {
            r.type = it->second;
        }
        if (std::string raw = cell(OrgColumn::kFoundedOn); !raw.empty()) {
            auto iso = tabular::ParseDate(raw);
            if (!iso)
                reject(OrgColumn::kFoundedOn, columns::DateReason(raw));
            else if (*iso > today)
                reject(OrgColumn::kFoundedOn, Code::kFutureDate);
            else
                r.founded = *iso;
            r.bad_date = r.founded.empty();
        }
        if (r.parent_code.empty() && !top_row) top_row = i;
        tick("check", i + 1);
    }

    // Pass 2: the parent of each row, in the file or in the database.
    for (size_t i = 0; i < total; ++i) {
        OrgRow& r = rows[i];
        auto reject = [&](Message reason) { r.problems.push_back({Col(OrgColumn::kParentCode), std::move(reason)}); };
        if (r.parent_code.empty()) {
            if (!db_empty || !scope.is_system())
                reject(Code::kParentRequired);
            else if (*top_row != i)
                reject({Code::kSecondTop, {{"line", std::to_string(rows[*top_row].line)}}});
            continue;
        }
        if (!r.code.empty() && text::AsciiLower(r.parent_code) == text::AsciiLower(r.code)) {
            reject(Code::kOwnParent);
            continue;
        }
        if (auto it = row_by_code.find(text::AsciiLower(r.parent_code)); it != row_by_code.end()) {
            r.parent_row = static_cast<int>(it->second);
            continue;
        }
        auto id = find_db(r.parent_code);
        // An organization outside the caller's scope reads as absent, as everywhere else.
        if (!id || !org::CanWrite(conn, scope, *id)) {
            reject(Code::kUnknownParent);
            continue;
        }
        auto parent = org::Get(conn, auth::Scope::System(), *id);
        if (!parent.ok()) return parent.take_error();
        if (!parent->ended_on.empty()) {
            reject(Code::kParentEnded);
            continue;
        }
        r.parent_db = std::move(*parent);
    }

    // Parents before children (Kahn's order, siblings in file order); rows left over lie on a cycle or
    // below one.
    std::vector<std::vector<size_t>> children(total);
    std::deque<size_t> ready;
    for (size_t i = 0; i < total; ++i) {
        if (rows[i].parent_row >= 0)
            children[static_cast<size_t>(rows[i].parent_row)].push_back(i);
        else
            ready.push_back(i);
    }
    std::vector<size_t> order;
    order.reserve(total);
    while (!ready.empty()) {
        size_t i = ready.front();
        ready.pop_front();
        order.push_back(i);
        for (size_t c : children[i]) ready.push_back(c);
    }
    if (order.size() < total) {
        std::vector<bool> placed(total, false), on_cycle(total, false);
        for (size_t i : order) placed[i] = true;
        for (size_t start = 0; start < total; ++start) {
            if (placed[start] || on_cycle[start]) continue;
            // Walking up from a row not placed reaches a cycle; name it once, on each of its rows.
            std::vector<int> seen_at(total, -1);
            std::vector<size_t> path;
            size_t at = start;
            while (seen_at[at] < 0 && !on_cycle[at]) {
                seen_at[at] = static_cast<int>(path.size());
                path.push_back(at);
                at = static_cast<size_t>(rows[at].parent_row);
            }
            if (on_cycle[at]) continue;  // below a cycle already named
            std::vector<size_t> cycle(path.begin() + seen_at[at], path.end());
            std::string chain;
            for (size_t c : cycle) chain += rows[c].code + " → ";
            chain += rows[cycle.front()].code;
            for (size_t c : cycle) {
                on_cycle[c] = true;
                rows[c].problems.push_back({Col(OrgColumn::kParentCode), Message{Code::kCycle, {{"chain", chain}}}});
            }
        }
    }

    // Pass 3, parents first: the type's level under the parent's, and the founding dates.
    for (size_t i : order) {
        OrgRow& r = rows[i];
        const org::OrgType* parent_type = nullptr;
        std::string parent_founded;
        if (r.parent_row >= 0) {
            const OrgRow& p = rows[static_cast<size_t>(r.parent_row)];
            parent_type = p.type;
            parent_founded = p.effective_founded;
        } else if (r.parent_db) {
            for (const auto& t : types)
                if (t.code == r.parent_db->type_code) parent_type = &t;
            parent_founded = r.parent_db->founded_on;
        }
        if (r.type && parent_type && r.type->level <= parent_type->level)
            r.problems.push_back({Col(OrgColumn::kType),
                                  Message{Code::kLevel, {{"type", r.type->name}, {"parent_type", parent_type->name}}}});
        if (r.bad_date) continue;
        if (r.founded.empty()) {
            r.effective_founded = r.parent_row >= 0 || r.parent_db ? parent_founded : today;
        } else {
            // Older than its parent is fine: a bloc's units outlive their committees' reorganizations
            // (org::Create starts such a unit's history under the parent where the parent's starts).
            r.effective_founded = r.founded;
        }
    }

    Report report;
    report.rows = static_cast<int64_t>(total);
    for (size_t i = 0; i < total; ++i) {
        OrgRow& r = rows[i];
        if (r.problems.empty()) {
            ++report.accepted;
            continue;
        }
        ++report.rejected;
        std::stable_sort(r.problems.begin(), r.problems.end(),
                         [](const auto& a, const auto& b) { return a.column < b.column; });
        for (auto& p : r.problems)
            report.rejects.push_back(
                {r.line, cols.Header(p.column), cols.Cell(table.rows[i + 1], p.column), std::move(p.reason)});
    }
    if (options.dry_run || report.rejected > 0) {
        tx.Commit();  // nothing was written
        return report;
    }

    // Each organization as the form would create it: its first version, its create event, its audit row.
    size_t done = 0;
    for (size_t i : order) {
        OrgRow& r = rows[i];
        org::NewOrg in;
        if (r.parent_row >= 0)
            in.parent_id = rows[static_cast<size_t>(r.parent_row)].id;
        else if (r.parent_db)
            in.parent_id = r.parent_db->id;
        in.code = r.code;
        in.name = r.name;
        in.type_code = r.type->code;
        in.founded_on = r.effective_founded;
        DV_ASSIGN_OR_RETURN(org::Org created, org::Create(conn, scope, in, actor, now, today));
        r.id = created.id;
        tick("write", ++done);
    }
    tx.Commit();
    report.added = static_cast<int64_t>(total);
    return report;
}

Result<std::vector<std::vector<std::string>>> ExportOrgs(db::Connection& conn, const auth::Scope& scope) {
    if (!scope.AnyAllows(Permission::kRead)) return Error::Forbidden();
    db::Transaction tx(conn, false);
    DV_ASSIGN_OR_RETURN(auto orgs, org::List(conn, scope));
    std::unordered_map<std::string, std::string> type_names;
    for (const auto& t : org::Types(conn)) type_names.emplace(t.code, t.name);
    // The parent of a top organization in scope may lie outside it: its code is written all the same.
    std::unordered_map<int64_t, std::string> codes;
    for (auto& o : store::AllOrgs(conn)) codes.emplace(o.id, std::move(o.code));
    tx.Commit();

    std::vector<std::vector<std::string>> sheet;
    sheet.reserve(orgs.size() + 1);
    sheet.emplace_back();
    for (const auto& c : kOrgColumns) sheet.back().emplace_back(c.vi);
    for (const auto& o : orgs)
        sheet.push_back({o.code, o.name, type_names[o.type_code], o.parent_id ? codes[*o.parent_id] : "",
                         columns::DayFirst(o.founded_on)});
    return sheet;
}

}  // namespace dv::importer
