// conduct service: validation, permission and audit around the conduct store.
#include "conduct/service.h"

#include "conduct/store.h"
#include "core/text.h"
#include "core/time.h"
#include "document/service.h"
#include "member/service.h"
#include "org/service.h"

namespace dv::conduct {

using auth::Permission;

namespace {

constexpr size_t kMaxTitle = 500;
constexpr size_t kMaxBody = 100000;
constexpr size_t kMaxNote = 2000;



// The caller's own cell, when they have a member record.
std::optional<int64_t> OwnCell(db::Connection& conn, const auth::Scope& scope) {
    auto own = member::OwnRecord(conn, scope);
    if (!own) return std::nullopt;
    auto m = member::Get(conn, auth::Scope::System(), *own);
    if (!m.ok() || !member::IsActive(m.value().status)) return std::nullopt;
    return m.value().org_id;
}

// kRead on the unit, or the unit is the caller's cell or above it.
bool CanRead(db::Connection& conn, const auth::Scope& scope, int64_t org_id) {
    if (org::Find(conn, scope, Permission::kRead, org_id)) return true;
    auto cell = OwnCell(conn, scope);
    return cell && org::IsInSubtree(conn, org_id, *cell);
}

void NameDocument(db::Connection& conn, const auth::Scope& scope, Version& v) {
    if (!v.document_id) return;
    auto d = document::Get(conn, scope, *v.document_id);
    v.document_label = d.ok() ? document::Label(d.value()) : "#" + std::to_string(*v.document_id);
}

}  // namespace

boost::json::object ToJson(const Version& v) {
    return {{"id", v.id},
            {"code_id", v.code_id},
            {"number", v.number},
            {"adopted_on", v.adopted_on},
            {"body", v.body},
            {"note", v.note},
            {"document_id", v.document_id ? boost::json::value(*v.document_id) : boost::json::value(nullptr)},
            {"document_label", v.document_label},
            {"created_by", v.created_by},
            {"created_at", v.created_at}};
}

boost::json::object ToJson(const Code& c) {
    return {{"id", c.id},
            {"org_id", c.org_id},
            {"org_name", c.org_name},
            {"kind", c.kind},
            {"kind_name", c.kind_name},
            {"title", c.title},
            {"created_at", c.created_at},
            {"versions", c.versions},
            {"first_adopted_on", c.first_adopted_on},
            {"last_adopted_on", c.last_adopted_on},
            {"in_force", c.in_force ? boost::json::value(ToJson(*c.in_force)) : boost::json::value(nullptr)}};
}

boost::json::object ToJson(const UnitRow& u) {
    return {{"org_id", u.org_id},
            {"org_name", u.org_name},
            {"type_name", u.type_name},
            {"codes", u.codes},
            {"adopted_in_period", u.adopted_in_period},
            {"last_adopted_on", u.last_adopted_on}};
}

std::vector<Kind> Kinds(db::Connection& conn) { return store::Kinds(conn); }

Result<Code> Adopt(db::Connection& conn, const auth::Scope& scope, const AdoptInput& in, const audit::Actor& actor,
                   int64_t now, const std::string& today) {
    if (!scope.AnyAllows(Permission::kWrite)) return Error::Forbidden();
    std::vector<FieldError> errors;
    db::Transaction tx(conn);
    std::optional<Code> existing;
    int64_t org_id = 0;
    std::string kind, title;
    if (in.code_id) {
        existing = store::GetCode(conn, *in.code_id, today);
        if (!existing || !CanRead(conn, scope, existing->org_id)) return Error::NotFound();
        if (!org::Find(conn, scope, Permission::kWrite, existing->org_id)) return Error::Forbidden();
        org_id = existing->org_id;
        kind = existing->kind;
        title = existing->title;
    } else {
        if (!in.org_id || !org::Find(conn, scope, Permission::kWrite, *in.org_id))
            errors.push_back({"org_id", "not_found", "field.org_not_found"});
        else
            org_id = *in.org_id;
        kind = in.kind;
        bool known = false;
        for (const auto& k : store::Kinds(conn)) known = known || k.code == kind;
        if (kind.empty())
            errors.push_back({"kind", "required", "field.required"});
        else if (!known)
            errors.push_back({"kind", "unknown", "conduct.field.unknown_kind"});
        title = std::string(text::Trim(in.title));
        CheckText(title, "title", kMaxTitle, true, errors);
        if (org_id && known && !title.empty() && store::FindCode(conn, org_id, kind, title))
            errors.push_back({"title", "taken", "conduct.field.title_taken"});
    }
    Version v;
    v.adopted_on = in.adopted_on;
    v.body = std::string(text::Trim(in.body));
    v.note = std::string(text::Trim(in.note));
    v.document_id = in.document_id;
    if (v.adopted_on.empty()) {
        errors.push_back({"adopted_on", "required", "field.required"});
    } else if (!time::IsIsoDate(v.adopted_on)) {
        errors.push_back({"adopted_on", "invalid_date", "field.not_a_date"});
    } else if (v.adopted_on > today) {
        errors.push_back({"adopted_on", "in_future", "conduct.field.adopted_in_future"});
    } else if (org_id) {
        auto o = org::Find(conn, auth::Scope::System(), Permission::kRead, org_id);
        if (o && !o->founded_on.empty() && v.adopted_on < o->founded_on)
            errors.push_back({"adopted_on", "before_founding", "conduct.field.before_founding"});
        else if (o && !o->ended_on.empty() && v.adopted_on >= o->ended_on)
            errors.push_back({"adopted_on", "after_end", "conduct.field.after_end"});
        else if (existing && v.adopted_on <= existing->last_adopted_on)
            errors.push_back({"adopted_on", "not_after_last", "conduct.field.not_after_last"});
    }
    if (v.document_id && !document::Get(conn, scope, *v.document_id).ok())
        errors.push_back({"document_id", "not_found", "conduct.field.document_not_found"});
    CheckText(v.body, "body", kMaxBody, !v.document_id, errors);
    CheckText(v.note, "note", kMaxNote, false, errors);
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    v.code_id = existing ? existing->id : store::InsertCode(conn, org_id, kind, title, actor.user_id, now);
    v.id = store::InsertVersion(conn, v, actor.user_id, now);
    auto saved = *store::GetCode(conn, v.code_id, v.adopted_on);
    audit::Append(conn, actor, now, "conduct.adopt", "conduct_code", saved.id, saved.org_id,
                  existing ? boost::json::value(ToJson(*existing)) : boost::json::value(nullptr), ToJson(saved));
    tx.Commit();
    if (saved.in_force) NameDocument(conn, scope, *saved.in_force);
    return saved;
}

Result<UnitCodes> CodesOf(db::Connection& conn, const auth::Scope& scope, std::optional<int64_t> org_id,
                          const std::string& on) {
    if (!time::IsIsoDate(on)) return Error::InvalidField("on", "invalid_date", "field.not_a_date");
    if (!org_id) {
        if (auto w = scope.Roots(Permission::kWrite); !w.empty())
            org_id = w.front();
        else if (auto r = scope.Roots(Permission::kRead); !r.empty())
            org_id = r.front();
        else
            org_id = OwnCell(conn, scope);
        if (!org_id) return Error::NotFound();
    }
    if (!CanRead(conn, scope, *org_id)) return Error::NotFound();
    auto o = org::Find(conn, auth::Scope::System(), Permission::kRead, *org_id);
    if (!o) return Error::NotFound();
    UnitCodes out;
    out.org_id = o->id;
    out.org_name = o->name;
    out.on = on;
    out.codes = store::CodesOf(conn, o->id, on);
    for (auto& c : out.codes)
        if (c.in_force) NameDocument(conn, scope, *c.in_force);
    out.can_write = org::Find(conn, scope, Permission::kWrite, o->id).has_value();
    return out;
}

Result<CodeRecord> GetCode(db::Connection& conn, const auth::Scope& scope, int64_t id, const std::string& on) {
    if (!time::IsIsoDate(on)) return Error::InvalidField("on", "invalid_date", "field.not_a_date");
    auto c = store::GetCode(conn, id, on);
    if (!c || !CanRead(conn, scope, c->org_id)) return Error::NotFound();
    CodeRecord out;
    out.code = std::move(*c);
    if (out.code.in_force) NameDocument(conn, scope, *out.code.in_force);
    out.versions = store::Versions(conn, id);
    for (auto& v : out.versions) NameDocument(conn, scope, v);
    out.can_write = org::Find(conn, scope, Permission::kWrite, out.code.org_id).has_value();
    return out;
}

Result<Overview> OverviewOf(db::Connection& conn, const auth::Scope& scope, std::optional<int64_t> under,
                            const std::string& from, const std::string& to, const std::string& which, int page,
                            int page_size) {
    if (!scope.AnyAllows(Permission::kRead)) return Error::Forbidden();
    std::vector<FieldError> errors;
    if (!time::IsIsoDate(from)) errors.push_back({"from", "invalid_date", "field.not_a_date"});
    if (!time::IsIsoDate(to)) errors.push_back({"to", "invalid_date", "field.not_a_date"});
    if (errors.empty() && to < from) errors.push_back({"to", "before_from", "conduct.field.to_before_from"});
    if (which != "changed" && which != "none" && which != "all")
        errors.push_back({"which", "unknown", "conduct.field.unknown_list"});
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    if (!under) {
        auto roots = scope.Roots(Permission::kRead);
        if (roots.empty()) return Error::Forbidden();
        under = roots.front();
    }
    auto o = org::Find(conn, scope, Permission::kRead, *under);
    if (!o) return Error::NotFound();
    Overview out;
    out.under = o->id;
    out.under_name = o->name;
    out.from = from;
    out.to = to;
    out.which = which;
    auto counts = store::CountsOf(conn, o->id, from, to);
    out.units = counts.units;
    out.with_codes = counts.with_codes;
    out.changed = counts.changed;
    out.none = counts.none;
    auto rows = store::Overview(conn, o->id, from, to, which, page_size, static_cast<int64_t>(page - 1) * page_size);
    out.rows = std::move(rows.rows);
    out.total = rows.total;
    return out;
}

}  // namespace dv::conduct
