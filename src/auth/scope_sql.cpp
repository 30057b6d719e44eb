// scope_sql: building the subtree filter.
#include "auth/scope_sql.h"

namespace dv::auth {

std::string SubtreeFilter(const Scope& scope, Permission p, std::string_view column, db::Params& params) {
    if (scope.is_system()) return "";
    auto roots = scope.Roots(p);
    if (roots.empty()) return " AND 1 = 0";
    std::string sql = " AND ";
    sql += column;
    sql += " IN (SELECT descendant_id FROM org_tree WHERE ancestor_id IN (";
    for (size_t i = 0; i < roots.size(); ++i) {
        sql += i ? ", ?" : "?";
        params.emplace_back(roots[i]);
    }
    sql += "))";
    return sql;
}

std::string SubtreeCheck(const Scope& scope, Permission p, std::string_view column, db::Params& params) {
    if (scope.is_system()) return "";
    auto roots = scope.Roots(p);
    if (roots.empty()) return " AND 1 = 0";
    std::string sql = " AND EXISTS (SELECT 1 FROM org_tree scope_tree WHERE scope_tree.descendant_id = ";
    sql += column;
    sql += " AND scope_tree.ancestor_id IN (";
    for (size_t i = 0; i < roots.size(); ++i) {
        sql += i ? ", ?" : "?";
        params.emplace_back(roots[i]);
    }
    sql += "))";
    return sql;
}

}  // namespace dv::auth
