// notify store: the only SQL over notifications. Reads take the caller's scope: their own notices, and of
// those about a unit only the ones whose unit they may read.
#pragma once

#include <optional>
#include <vector>

#include "auth/scope.h"
#include "db/db.h"
#include "notify/notify.h"

namespace dv::notify::store {

void Insert(db::Connection& conn, int64_t user_id, const Draft& d, const std::string& params_json, int64_t now);
int64_t CountUnread(db::Connection& conn, const auth::Scope& scope, int64_t cap);
int64_t Count(db::Connection& conn, const auth::Scope& scope, bool unread_only);
std::vector<Notice> List(db::Connection& conn, const auth::Scope& scope, bool unread_only, int64_t limit,
                         int64_t offset);
std::optional<Notice> Get(db::Connection& conn, const auth::Scope& scope, int64_t id);
void SetRead(db::Connection& conn, int64_t id, int64_t now);
// Marks the caller's visible unread notices read; returns how many.
int64_t SetAllRead(db::Connection& conn, const auth::Scope& scope, int64_t now);

}  // namespace dv::notify::store
