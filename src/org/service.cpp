// org service: rules for reading and adding organizations.
#include "org/service.h"

#include "core/text.h"
#include "org/store.h"

namespace dv::org {

boost::json::object ToJson(const Org& o) {
    boost::json::object j{{"id", o.id}, {"code", o.code}, {"name", o.name}};
    j["parent_id"] = o.parent_id ? boost::json::value(*o.parent_id) : nullptr;
    return j;
}

Result<Org> Get(db::Connection& conn, const auth::Scope& scope, int64_t id) {
    if (!scope.AnyAllows(auth::Permission::kRead)) return Error::Forbidden();
    auto o = store::Get(conn, scope, auth::Permission::kRead, id);
    if (!o) return Error::NotFound();
    return *o;
}

Result<std::vector<Org>> List(db::Connection& conn, const auth::Scope& scope) {
    if (!scope.AnyAllows(auth::Permission::kRead)) return Error::Forbidden();
    return store::List(conn, scope, auth::Permission::kRead);
}

Result<std::vector<Org>> Children(db::Connection& conn, const auth::Scope& scope, int64_t id) {
    if (!scope.AnyAllows(auth::Permission::kRead)) return Error::Forbidden();
    return store::Children(conn, scope, auth::Permission::kRead, id);
}

Result<std::vector<Org>> Search(db::Connection& conn, const auth::Scope& scope, const std::string& q, int limit) {
    if (!scope.AnyAllows(auth::Permission::kRead)) return Error::Forbidden();
    std::string needle(text::Trim(q));
    if (needle.empty()) return std::vector<Org>{};
    return store::Search(conn, scope, auth::Permission::kRead, needle, limit);
}

Result<Org> Create(db::Connection& conn, const auth::Scope& scope, const NewOrg& in, const audit::Actor& actor,
                   int64_t now) {
    if (!scope.AnyAllows(auth::Permission::kWrite)) return Error::Forbidden();
    std::vector<FieldError> errors;
    std::string code(text::Trim(in.code));
    std::string name(text::Trim(in.name));
    if (code.empty()) {
        errors.push_back({"code", "required", "field.required"});
    } else if (code.size() > 32) {
        errors.push_back({"code", "too_long", "field.too_long"});
    }
    if (name.empty()) {
        errors.push_back({"name", "required", "field.required"});
    } else if (text::Utf8Length(name) > 200) {
        errors.push_back({"name", "too_long", "field.too_long"});
    }
    if (!in.parent_id && !scope.is_system()) errors.push_back({"parent_id", "required", "field.required"});
    if (!errors.empty()) return Error::Invalid(errors);

    db::Transaction tx(conn);
    if (in.parent_id && !store::Get(conn, scope, auth::Permission::kWrite, *in.parent_id)) return Error::NotFound();
    if (store::CodeExists(conn, code)) return Error::Conflict("error.conflict", {{"code", "taken", "field.taken"}});
    Org o;
    o.id = store::Insert(conn, in.parent_id, code, name, now);
    o.parent_id = in.parent_id;
    o.code = code;
    o.name = name;
    audit::Append(conn, actor, now, "org.create", "org", o.id, o.id, nullptr, ToJson(o));
    tx.Commit();
    return o;
}

}  // namespace dv::org
