// member service: rules for member records.
#include "member/service.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <stdexcept>

#include "core/text.h"
#include "core/time.h"
#include "core/vn_text.h"
#include "org/service.h"
#include "rollup/rollup.h"

namespace dv::member {

namespace {

using auth::Permission;

LeaveReaction g_leave_reaction = nullptr;  // set once at start-up, read-only afterwards

void Left(db::Connection& conn, int64_t member_id, std::optional<int64_t> new_cell, const std::string& date,
          const std::string& reason, const audit::Actor& actor, int64_t now) {
    if (!g_leave_reaction) throw std::logic_error("member: leave reaction not installed (features::Connect)");
    g_leave_reaction(conn, member_id, new_cell, date, reason, actor, now);
}

std::string Trimmed(const std::string& s) { return std::string(text::Trim(s)); }

// Digits of `s` when every other character is one of `separators`; nullopt otherwise.
std::optional<std::string> DigitsOnly(std::string_view s, std::string_view separators) {
    std::string digits;
    for (char c : s) {
        if (c >= '0' && c <= '9') digits += c;
        else if (separators.find(c) == std::string_view::npos) return std::nullopt;
    }
    return digits;
}

// Letters (with their combining marks, for names typed in decomposed form), spaces, hyphens and
// apostrophes: "Hồ Thị Xuân Hương", "Y-Moan Ê Ban", "H'Hen Niê".
bool ValidNameChars(std::string_view s) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
    const auto length = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) return false;
        if (c == ' ' || c == '-' || c == '\'' || c == 0x2019) continue;
        int8_t type = u_charType(c);
        if (u_isalpha(c) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK) continue;
        return false;
    }
    return true;
}

// "yyyy-mm-dd" plus `years`, as text: compared as text with another ISO date, 29 February plus 18 years
// falls after 28 February and before 1 March of a common year, so the birthday counts from 1 March.
std::string YearsLater(const std::string& iso, int years) {
    return std::to_string(std::stoi(iso.substr(0, 4)) + years) + iso.substr(4);
}

// The party's age of admission (Điều lệ Đảng, Điều 1: "từ mười tám tuổi trở lên").
constexpr int kAdmissionAge = 18;

boost::json::value Nullable(const std::string& s) { return s.empty() ? boost::json::value(nullptr) : boost::json::value(s); }

Result<org::Org> WritableCell(db::Connection& conn, const auth::Scope& scope, int64_t org_id, const char* field) {
    auto o = org::Find(conn, scope, Permission::kWrite, org_id);
    if (!o) return Error::NotFound();
    auto type = org::TypeOf(conn, o->type_code);
    if (!o->ended_on.empty()) return Error::InvalidField(field, "org_ended", "field.org_ended");
    if (!type || !type->holds_members) return Error::InvalidField(field, "not_a_cell", "field.not_a_cell");
    return *o;
}

}  // namespace

namespace {

// Why a member cannot be changed: 403 when the caller sees the record (their own, or read-only for an
// inspector), 404 when they do not (out of scope reads as absent, for every role).
Error NotWritable(db::Connection& conn, const auth::Scope& scope, int64_t id) {
    return Get(conn, scope, id).ok() ? Error::Forbidden() : Error::NotFound();
}

}  // namespace

const char* ToString(Status s) {
    switch (s) {
        case Status::kProbationary: return "probationary";
        case Status::kOfficial: return "official";
        case Status::kTransferredOut: return "transferred_out";
        case Status::kDeceased: return "deceased";
        case Status::kRemoved: return "removed";
    }
    return "probationary";
}

std::optional<Status> ParseStatus(std::string_view s) {
    for (Status st : {Status::kProbationary, Status::kOfficial, Status::kTransferredOut, Status::kDeceased,
                      Status::kRemoved})
        if (s == ToString(st)) return st;
    return std::nullopt;
}

bool ValidCardNumber(std::string_view s) {
    int digits = 0;
    char prev = '.';
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            ++digits;
        } else if ((c == '.' || c == ' ') && prev != '.' && prev != ' ') {
            // separator after a digit
        } else {
            return false;
        }
        prev = c;
    }
    return digits >= 6 && digits <= 15 && prev != '.' && prev != ' ';
}

bool ValidCitizenId(std::string_view s) {
    auto digits = DigitsOnly(s, " .");
    return digits && (digits->size() == 12 || digits->size() == 9);
}

std::optional<std::string> NormalizePhone(std::string_view s) {
    s = text::Trim(s);
    bool international = false;
    if (s.starts_with('+')) {
        international = true;
        s.remove_prefix(1);
    }
    auto digits = DigitsOnly(s, " .-()");
    if (!digits) return std::nullopt;
    if (international) {
        if (!digits->starts_with("84")) return std::nullopt;
        *digits = "0" + digits->substr(2);
    }
    bool mobile = digits->size() == 10 && (*digits)[0] == '0' && (*digits)[1] != '0' && (*digits)[1] != '2';
    bool landline = digits->size() == 11 && digits->starts_with("02");
    if (!mobile && !landline) return std::nullopt;
    return digits;
}

boost::json::object ToJson(const Member& m) {
    return {{"id", m.id},
            {"full_name", m.full_name},
            {"gender", m.gender},
            {"birth_date", Nullable(m.birth_date)},
            {"ethnicity", m.ethnicity},
            {"hometown", m.hometown},
            {"admitted_on", Nullable(m.admitted_on)},
            {"official_on", Nullable(m.official_on)},
            {"card_number", Nullable(m.card_number)},
            {"party_position", m.party_position},
            {"gov_position", m.gov_position},
            {"citizen_id", m.citizen_id},
            {"phone", m.phone},
            {"org_id", m.org_id},
            {"org_name", m.org_name},
            {"status", ToString(m.status)},
            {"status_since", m.status_since}};
}

boost::json::object ToJson(const Placement& p) {
    return {{"org_id", p.org_id}, {"org_name", p.org_name}, {"from", p.from_date},
            {"to", Nullable(p.to_date)}, {"reason", p.reason}, {"note", p.note}};
}

std::vector<FieldError> Validate(Member& m, const std::string& today) {
    std::vector<FieldError> errors;
    auto add = [&](const char* field, const char* code, const char* msg) { errors.push_back({field, code, msg}); };
    m.full_name = vn::Nfc(Trimmed(m.full_name));
    if (m.full_name.empty()) add("full_name", "required", "field.required");
    else if (text::Utf8Length(m.full_name) > 100) add("full_name", "too_long", "field.too_long");
    else if (!ValidNameChars(m.full_name)) add("full_name", "name_chars", "field.name_chars");

    std::string g = vn::Fold(m.gender);
    if (g == "male" || g == "nam") m.gender = "male";
    else if (g == "female" || g == "nu") m.gender = "female";
    else add("gender", g.empty() ? "required" : "invalid_choice", g.empty() ? "field.required" : "field.invalid_choice");

    // Each date says in its own words why it cannot be after today.
    auto date = [&](std::string& v, const char* field, bool required, const char* future_message) {
        v = Trimmed(v);
        if (v.empty()) {
            if (required) add(field, "required", "field.required");
            return;
        }
        if (!time::ParseIsoDate(v)) add(field, "invalid_date", "field.invalid_date");
        else if (v > today) add(field, "in_future", future_message);
        else if (!time::InDateRange(v, today)) add(field, "out_of_range", "field.date_out_of_range");
    };
    date(m.birth_date, "birth_date", true, "field.birth_in_future");
    date(m.admitted_on, "admitted_on", true, "field.admitted_in_future");
    date(m.official_on, "official_on", m.status == Status::kOfficial, "field.official_in_future");
    const bool dates_read = time::ParseIsoDate(m.birth_date) && time::ParseIsoDate(m.admitted_on);
    if (dates_read && m.admitted_on <= m.birth_date)
        add("admitted_on", "before_birth", "field.admitted_before_birth");
    else if (dates_read && m.admitted_on < YearsLater(m.birth_date, kAdmissionAge))
        add("admitted_on", "too_young", "field.admitted_too_young");
    // Compared only when both dates were read: an unreadable date has its own message already.
    if (time::ParseIsoDate(m.official_on) && time::ParseIsoDate(m.admitted_on) && m.official_on <= m.admitted_on)
        add("official_on", "before_admission", "field.official_before_admission");
    if (m.status == Status::kProbationary && !m.official_on.empty())
        add("official_on", "probationary", "field.official_for_probationary");

    m.card_number = Trimmed(m.card_number);
    if (!m.card_number.empty()) {
        if (!ValidCardNumber(m.card_number)) {
            add("card_number", "format", "field.card_format");
        } else {
            // Stored as digits only, so "12.345.678" and "12345678" are one card (the import agrees).
            m.card_number = *DigitsOnly(m.card_number, " .");
        }
    }
    for (auto* f : {&m.ethnicity, &m.hometown, &m.party_position, &m.gov_position, &m.citizen_id, &m.phone})
        *f = vn::Nfc(Trimmed(*f));
    if (text::Utf8Length(m.hometown) > 200) add("hometown", "too_long", "field.too_long");
    if (text::Utf8Length(m.party_position) > 200) add("party_position", "too_long", "field.too_long");
    if (text::Utf8Length(m.gov_position) > 200) add("gov_position", "too_long", "field.too_long");
    if (text::Utf8Length(m.ethnicity) > 50) add("ethnicity", "too_long", "field.too_long");
    if (!m.citizen_id.empty()) {
        if (!ValidCitizenId(m.citizen_id)) add("citizen_id", "format", "field.citizen_id_format");
        else m.citizen_id = *DigitsOnly(m.citizen_id, " .");
    }
    if (!m.phone.empty()) {
        if (auto phone = NormalizePhone(m.phone)) m.phone = *phone;
        else add("phone", "format", "field.phone_format");
    }
    return errors;
}

Result<Member> Get(db::Connection& conn, const auth::Scope& scope, int64_t id) {
    if (auto mine = store::MemberOfUser(conn, scope.user_id()); mine && *mine == id) {
        if (auto m = store::GetAny(conn, id)) return *m;
    }
    // A record the caller may not see reads as absent, whatever their role (no 403 that confirms it exists).
    auto m = store::Get(conn, scope, Permission::kRead, id);
    if (!m) return Error::NotFound();
    return *m;
}

std::optional<int64_t> ListRoot(db::Connection& conn, const auth::Scope& scope) {
    auto roots = scope.Roots(Permission::kRead);
    if (roots.empty()) return std::nullopt;
    int64_t top = roots.front();
    for (int64_t r : roots)
        if (org::IsInSubtree(conn, r, top)) top = r;
    return top;
}

void SetLeaveReaction(LeaveReaction reaction) { g_leave_reaction = reaction; }

void ConnectToOrg() {
    org::SetMemberHoldings({store::ActiveOf, store::CountActive, store::MoveAll, store::MoveOne});
}

std::optional<Member> Find(db::Connection& conn, const auth::Scope& scope, Permission p, int64_t id) {
    return store::Get(conn, scope, p, id);
}

std::optional<Member> FindAny(db::Connection& conn, int64_t id) { return store::GetAny(conn, id); }

store::Page ListWhere(db::Connection& conn, const auth::Scope& scope, Permission p, const Filter& f,
                      const std::string& today) {
    return store::List(conn, scope, p, f, today);
}

void IndexNames(db::Connection& conn, const std::vector<int64_t>& ids) { store::IndexNames(conn, ids); }
void IndexNames(db::Connection& conn, int64_t first_id, int64_t last_id) {
    store::IndexNames(conn, first_id, last_id);
}

std::optional<std::string> CurrentPlacementStart(db::Connection& conn, int64_t member_id) {
    return store::CurrentPlacementStart(conn, member_id);
}

Result<store::Page> List(db::Connection& conn, const auth::Scope& scope, const Filter& f_in, const std::string& today) {
    Filter f = f_in;
    f.q = vn::Fold(f.q);
    if (f.page < 1) f.page = 1;
    if (f.page_size < 1 || f.page_size > 500) f.page_size = 50;
    if (f.org_id && !org::Find(conn, scope, Permission::kRead, *f.org_id)) return Error::NotFound();
    if (!scope.AnyAllows(Permission::kRead)) {
        // A plain member finds their own record and nobody else's.
        auto own = OwnRecord(conn, scope);
        if (!own) return store::Page{};
        f.id = *own;
        return store::List(conn, auth::Scope::System(), Permission::kRead, f, today);
    }
    return store::List(conn, scope, Permission::kRead, f, today);
}

Result<std::vector<Placement>> History(db::Connection& conn, const auth::Scope& scope, int64_t id) {
    DV_TRY(Get(conn, scope, id));
    return store::Placements(conn, id);
}

Result<Member> Create(db::Connection& conn, const auth::Scope& scope, Member m, const audit::Actor& actor, int64_t now,
                      const std::string& today, const std::optional<Arrival>& arrival) {
    if (!scope.AnyAllows(Permission::kWrite))
        return org::Find(conn, scope, Permission::kRead, m.org_id) ? Error::Forbidden() : Error::NotFound();
    if (m.official_on.empty() && m.status != Status::kOfficial) m.status = Status::kProbationary;
    if (!IsActive(m.status)) return Error::InvalidField("status", "invalid_choice", "field.invalid_choice");
    auto errors = Validate(m, today);
    if (m.org_id == 0) errors.push_back({"org_id", "required", "field.required"});
    std::string arrived_on = arrival ? Trimmed(arrival->date) : "";
    std::string arrived_from = arrival ? Trimmed(arrival->from) : "";
    if (arrival) {
        if (!time::ParseIsoDate(arrived_on)) errors.push_back({"arrived_on", "invalid_date", "field.invalid_date"});
        else if (arrived_on > today) errors.push_back({"arrived_on", "in_future", "field.date_in_future"});
        else if (!time::InDateRange(arrived_on, today))
            errors.push_back({"arrived_on", "out_of_range", "field.date_out_of_range"});
        else if (!m.admitted_on.empty() && arrived_on < m.admitted_on)
            errors.push_back({"arrived_on", "before_admitted", "field.before_admitted"});
        if (arrived_from.empty()) errors.push_back({"arrived_from", "required", "field.required"});
        else if (text::Utf8Length(arrived_from) > 300) errors.push_back({"arrived_from", "too_long", "field.too_long"});
    }
    if (!errors.empty()) return Error::Invalid(errors);
    db::Transaction tx(conn);
    DV_ASSIGN_OR_RETURN(org::Org cell, WritableCell(conn, scope, m.org_id, "org_id"));
    // The import's rule and words: a card number is one person; without one, a name and birth date are.
    // "Already registered" never says where, so a secretary learns nothing about other units' members.
    if (!m.card_number.empty() && store::CardNumberTaken(conn, m.card_number, 0))
        return Error::Conflict("error.conflict", {{"card_number", "taken", "field.card_taken"}});
    if (m.card_number.empty() && store::PersonTaken(conn, vn::Fold(m.full_name), m.birth_date))
        return Error::Conflict("error.conflict", {{"full_name", "taken", "field.person_taken"}});
    m.status_since = m.status == Status::kOfficial ? m.official_on : m.admitted_on;
    m.id = store::Insert(conn, m, now);
    if (arrival)
        store::OpenPlacement(conn, m.id, cell.id, arrived_on, "transfer_in", arrived_from);
    else
        store::OpenPlacement(conn, m.id, cell.id, m.admitted_on, "admitted", "");
    rollup::Change::Added(conn, "members", {m.id}).Apply();
    m = *store::GetAny(conn, m.id);
    boost::json::object after = ToJson(m);
    if (arrival) after["arrival"] = boost::json::object{{"date", arrived_on}, {"from", arrived_from}};
    audit::Append(conn, actor, now, "member.create", "member", m.id, m.org_id, nullptr, after);
    tx.Commit();
    return m;
}

std::optional<int64_t> OwnRecord(db::Connection& conn, const auth::Scope& scope) {
    if (scope.user_id() == 0) return std::nullopt;
    return store::MemberOfUser(conn, scope.user_id());
}

Result<Member> Update(db::Connection& conn, const auth::Scope& scope, int64_t id, const Patch& p,
                      const audit::Actor& actor, int64_t now, const std::string& today) {
    db::Transaction tx(conn);
    auto current = store::Get(conn, scope, Permission::kWrite, id);
    if (!current) return NotWritable(conn, scope, id);
    Member m = *current;
    auto set = [](std::string& field, const std::optional<std::string>& v) {
        if (v) field = *v;
    };
    set(m.full_name, p.full_name);
    set(m.gender, p.gender);
    set(m.birth_date, p.birth_date);
    set(m.ethnicity, p.ethnicity);
    set(m.hometown, p.hometown);
    set(m.admitted_on, p.admitted_on);
    set(m.official_on, p.official_on);
    set(m.card_number, p.card_number);
    set(m.party_position, p.party_position);
    set(m.gov_position, p.gov_position);
    set(m.citizen_id, p.citizen_id);
    set(m.phone, p.phone);
    std::vector<FieldError> errors;
    if (p.status) {
        auto st = ParseStatus(*p.status);
        if (!st) {
            errors.push_back({"status", "invalid_choice", "field.invalid_choice"});
        } else if (*st != m.status) {
            m.status = *st;
            m.status_since = p.status_since ? Trimmed(*p.status_since)
                                            : (*st == Status::kOfficial && !m.official_on.empty() ? m.official_on : today);
            if (!time::ParseIsoDate(m.status_since) || m.status_since > today)
                errors.push_back({"status_since", "invalid_date", "field.invalid_date"});
            else if (!time::InDateRange(m.status_since, today))
                errors.push_back({"status_since", "out_of_range", "field.date_out_of_range"});
        }
    }
    for (auto& e : Validate(m, today)) errors.push_back(e);
    if (!errors.empty()) return Error::Invalid(errors);
    if (!m.card_number.empty() && store::CardNumberTaken(conn, m.card_number, m.id))
        return Error::Conflict("error.conflict", {{"card_number", "taken", "field.card_taken"}});
    // Create's rule for a record without a card number, checked when the edit touches what identifies the
    // person (a record that already had a namesake stays editable in its other fields).
    const std::string folded = vn::Fold(m.full_name);
    const bool identity_changed = folded != vn::Fold(current->full_name) || m.birth_date != current->birth_date ||
                                  m.card_number != current->card_number;
    if (m.card_number.empty() && identity_changed && store::PersonTaken(conn, folded, m.birth_date, m.id))
        return Error::Conflict("error.conflict", {{"full_name", "taken", "field.person_taken"}});
    auto figures = rollup::Change::Members(conn, {m.id});
    if (!IsActive(m.status) && IsActive(current->status)) {
        store::ClosePlacement(conn, m.id, m.status_since);
        Left(conn, m.id, std::nullopt, m.status_since, "status", actor, now);
    }
    store::Update(conn, m, now);
    figures.Apply();
    m = *store::GetAny(conn, m.id);
    audit::Append(conn, actor, now, "member.update", "member", m.id, m.org_id, ToJson(*current), ToJson(m));
    tx.Commit();
    return m;
}

Result<Member> Transfer(db::Connection& conn, const auth::Scope& scope, int64_t id, std::optional<int64_t> to_org,
                        const std::string& date_in, const std::string& note, const audit::Actor& actor, int64_t now,
                        const std::string& today) {
    if (!scope.AnyAllows(Permission::kWrite)) return NotWritable(conn, scope, id);
    std::vector<FieldError> errors;
    if (!to_org) errors.push_back({"org_id", "required", "field.required"});
    auto day = time::PastOrToday(date_in, today, "date", errors);
    if (!errors.empty()) return Error::Invalid(errors);
    const std::string& date = *day;
    db::Transaction tx(conn);
    auto current = store::Get(conn, scope, Permission::kWrite, id);
    if (!current) return NotWritable(conn, scope, id);
    if (!IsActive(current->status)) return Error::Conflict("error.member_inactive");
    DV_ASSIGN_OR_RETURN(org::Org cell, WritableCell(conn, scope, *to_org, "org_id"));
    if (cell.id == current->org_id) return Error::InvalidField("org_id", "unchanged", "field.unchanged");
    if (auto start = store::CurrentPlacementStart(conn, id); start && date <= *start)
        return Error::InvalidField("date", "before_last_change", "field.before_last_change");
    auto figures = rollup::Change::Members(conn, {id});
    store::ClosePlacement(conn, id, date);
    store::OpenPlacement(conn, id, cell.id, date, "transfer", Trimmed(note));
    // Seats on committees whose subtree the member leaves end with the move.
    Left(conn, id, cell.id, date, "transfer", actor, now);
    Member m = *current;
    m.org_id = cell.id;
    store::Update(conn, m, now);
    figures.Apply();
    m = *store::GetAny(conn, id);
    audit::Append(conn, actor, now, "member.transfer", "member", id, m.org_id, ToJson(*current), ToJson(m));
    tx.Commit();
    return m;
}

}  // namespace dv::member
