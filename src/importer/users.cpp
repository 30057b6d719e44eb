// importer users: checks of an account file as a whole, then auth::CreateAccounts for all rows at once.
#include "importer/users.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "importer/store.h"
#include "importer/user_store.h"
#include "org/service.h"

namespace dv::importer {

namespace {

using auth::Permission;

constexpr columns::Column kUserColumns[] = {
    {"username", "Tên đăng nhập", true}, {"display_name", "Họ và tên", true},        {"role", "Vai trò", true},
    {"org_code", "Mã tổ chức", true},    {"card_number", "Số thẻ đảng viên", false},
};
constexpr columns::Alias kUserAliases[] = {
    {"Tài khoản", static_cast<int>(UserColumn::kUsername)},
    {"Họ tên", static_cast<int>(UserColumn::kDisplayName)},
    {"Mã đơn vị", static_cast<int>(UserColumn::kOrgCode)},
    {"Số thẻ Đảng", static_cast<int>(UserColumn::kCardNumber)},
};
// Roles as people write them: the codes, the labels of the issue and of the interface.
struct RoleName {
    const char* name;
    const char* code;
};
constexpr RoleName kRoleNames[] = {
    {"Quản trị hệ thống", "admin"},   {"Quản trị", "admin"},
    {"Văn phòng", "office"},          {"Văn phòng Đảng ủy Khối", "office"}, {"Văn phòng cấp ủy", "office"},
    {"Ủy ban Kiểm tra", "inspector"}, {"Kiểm tra", "inspector"},
    {"Bí thư", "secretary"},          {"Đảng viên", "member"},
};

int Col(UserColumn c) { return static_cast<int>(c); }

std::string Digits(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c >= '0' && c <= '9') out += c;
    return out;
}

Message UsernameReason(const std::string& code) {
    if (code == "required") return Code::kRequired;
    if (code == "too_short") return Code::kUsernameShort;
    if (code == "too_long") return Code::kTooLong;
    if (code == "invalid_chars") return Code::kUsernameChars;
    return {Code::kOtherRule, {{"rule", code}}};
}

}  // namespace

std::span<const columns::Column> UserColumns() { return kUserColumns; }

Result<UserImport> ImportUsers(db::Connection& conn, const auth::Scope& scope, const tabular::Table& table,
                               bool dry_run, const audit::Actor& actor, int64_t now) {
    if (!scope.AnyAllows(Permission::kManageUsers)) return Error::Forbidden();
    DV_ASSIGN_OR_RETURN(columns::Map cols, columns::MapHeaders(table, kUserColumns, kUserAliases));

    db::Transaction tx(conn, !dry_run);
    std::unordered_map<std::string, std::string> role_by_key;
    for (auto role : auth::AllRoles()) role_by_key.emplace(columns::Key(auth::ToString(role)), auth::ToString(role));
    for (const auto& r : kRoleNames) role_by_key.emplace(columns::Key(r.name), r.code);

    std::unordered_map<std::string, int64_t> org_exact, org_lower;
    std::unordered_map<int64_t, store::OrgRef> orgs;
    for (auto& o : store::AllOrgs(conn)) {
        org_exact.emplace(o.code, o.id);
        auto [it, fresh] = org_lower.emplace(text::AsciiLower(o.code), o.id);
        if (!fresh) it->second = 0;
        orgs.emplace(o.id, std::move(o));
    }
    std::unordered_set<std::string> taken;
    for (auto& u : store::AllUsernames(conn)) taken.insert(text::AsciiLower(u));
    std::unordered_map<std::string, store::CardHolder> cards;
    for (auto& c : store::AllCardHolders(conn)) cards.emplace(Digits(c.card_number), c);

    const size_t total = table.rows.size() - 1;
    Report report;
    report.rows = static_cast<int64_t>(total);
    std::vector<auth::NewAccount> accounts;
    std::vector<size_t> account_row;                              // the table row of each account
    std::unordered_map<std::string, int> file_names, file_cards;  // -> first line
    std::unordered_map<int64_t, bool> manageable;
    for (size_t i = 0; i < total; ++i) {
        const tabular::Row& row = table.rows[i + 1];
        std::vector<Reject> problems;
        auto cell = [&](UserColumn c) { return std::string(text::Trim(cols.Cell(row, Col(c)))); };
        auto reject = [&](UserColumn c, Message reason) {
            problems.push_back({row.line, cols.Header(Col(c)), cols.Cell(row, Col(c)), std::move(reason)});
        };
        // The forms' and the API's rule for every text field (web::Input), as in the member import.
        for (int c = 0; c < static_cast<int>(std::size(kUserColumns)); ++c)
            if (text::HasControlChar(cols.Cell(row, c), false)) reject(static_cast<UserColumn>(c), Code::kControlChar);
        auth::NewAccount a;
        a.username = text::AsciiLower(cell(UserColumn::kUsername));
        if (auto errors = auth::ValidateUsername(a.username); !errors.empty()) {
            reject(UserColumn::kUsername, UsernameReason(errors.front().code));
        } else if (auto [it, first] = file_names.emplace(a.username, row.line); !first) {
            reject(UserColumn::kUsername, {Code::kUsernameRepeatsLine, {{"line", std::to_string(it->second)}}});
        } else if (taken.count(a.username)) {
            reject(UserColumn::kUsername, Code::kUsernameTaken);
        }
        a.display_name = cell(UserColumn::kDisplayName);
        if (a.display_name.empty())
            reject(UserColumn::kDisplayName, Code::kRequired);
        else if (text::Utf8Length(a.display_name) > 100)
            reject(UserColumn::kDisplayName, Code::kTooLong);
        std::string role = cell(UserColumn::kRole);
        if (role.empty()) {
            reject(UserColumn::kRole, Code::kRequired);
        } else if (auto it = role_by_key.find(columns::Key(role)); it == role_by_key.end()) {
            reject(UserColumn::kRole, Code::kUnknownRole);
        } else {
            a.role = it->second;
        }
        std::string code = cell(UserColumn::kOrgCode);
        const store::OrgRef* org = nullptr;
        if (code.empty()) {
            reject(UserColumn::kOrgCode, Code::kRequired);
        } else {
            auto it = org_exact.find(code);
            int64_t id = it != org_exact.end() ? it->second : 0;
            if (!id)
                if (auto lower = org_lower.find(text::AsciiLower(code)); lower != org_lower.end()) id = lower->second;
            if (id) {
                auto [m, fresh] = manageable.emplace(id, false);
                if (fresh) m->second = org::Find(conn, scope, Permission::kManageUsers, id).has_value();
                if (m->second) org = &orgs.at(id);
            }
            // An organization outside the caller's scope reads as absent, as everywhere else.
            if (!org)
                reject(UserColumn::kOrgCode, Code::kUnknownOrg);
            else if (org->ended)
                reject(UserColumn::kOrgCode, Code::kOrgEnded);
            else
                a.org_id = org->id;
        }
        if (std::string card = cell(UserColumn::kCardNumber); !card.empty()) {
            std::string digits = Digits(card);
            auto holder = cards.find(digits);
            if (auto [it, first] = file_cards.emplace(digits, row.line); !first)
                reject(UserColumn::kCardNumber, {Code::kCardRepeatsLine, {{"line", std::to_string(it->second)}}});
            else if (!org || org->ended)
                ;  // the organization's own problem is reported; a card is judged against a usable one
            // One answer whether no member has the card or one outside the organization does: the import
            // must not tell who is a member somewhere the importer does not manage.
            else if (holder == cards.end() || !holder->second.active ||
                     !org::IsInSubtree(conn, org->id, holder->second.org_id))
                reject(UserColumn::kCardNumber, Code::kNoMember);
            else if (holder->second.linked)
                reject(UserColumn::kCardNumber, Code::kMemberLinked);
            else
                a.member_id = holder->second.member_id;
        }
        if (problems.empty()) {
            accounts.push_back(std::move(a));
            account_row.push_back(i);
            ++report.accepted;
        } else {
            ++report.rejected;
            for (auto& p : problems) report.rejects.push_back(std::move(p));
        }
    }

    UserImport out;
    if (dry_run || report.rejected > 0 || accounts.empty()) {
        tx.Commit();  // nothing was written
        out.report = std::move(report);
        return out;
    }
    auto created = auth::CreateAccounts(conn, scope, accounts, actor, now);
    if (!created.ok()) {
        // A rule the checks above do not know of: still a row's problem, named as such; nothing was written.
        const Error& e = created.error();
        if (e.field_errors.empty()) return created.take_error();
        std::vector<bool> bad(account_row.size(), false);
        for (const auto& f : e.field_errors) {
            size_t open = f.field.find('['), close = f.field.find(']');
            if (f.field.rfind("accounts[", 0) != 0 || close == std::string::npos) return created.take_error();
            size_t i = std::stoul(f.field.substr(open + 1, close - open - 1));
            if (i >= account_row.size()) return created.take_error();
            std::string name = f.field.substr(close + 2);
            UserColumn c = name == "display_name" ? UserColumn::kDisplayName
                           : name == "role"       ? UserColumn::kRole
                           : name == "org_id"     ? UserColumn::kOrgCode
                           : name == "member_id"  ? UserColumn::kCardNumber
                                                  : UserColumn::kUsername;
            bad[i] = true;
            const tabular::Row& row = table.rows[account_row[i] + 1];
            report.rejects.push_back(
                {row.line, cols.Header(Col(c)), cols.Cell(row, Col(c)), Message{Code::kOtherRule, {{"rule", f.code}}}});
        }
        std::stable_sort(report.rejects.begin(), report.rejects.end(),
                         [](const Reject& a, const Reject& b) { return a.line < b.line; });
        report.rejected = std::count(bad.begin(), bad.end(), true);
        report.accepted -= report.rejected;
        out.report = std::move(report);
        return out;
    }
    tx.Commit();
    out.passwords = std::move(*created);
    report.added = static_cast<int64_t>(out.passwords.size());
    out.report = std::move(report);
    return out;
}

}  // namespace dv::importer
