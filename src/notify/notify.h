// notify: in-app notifications, the facility every feature uses to tell a user what to look at (a task
// assigned to their unit, a report returned, a reminder). A feature calls Send inside the transaction of
// the change that causes it, so a notice exists exactly when its cause does. Users read their own,
// scoped: a notice about a unit is shown only while its user may read that unit. Marking read is audited.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "audit/audit.h"
#include "auth/scope.h"
#include "core/result.h"
#include "db/db.h"

namespace dv::notify {

using Params = std::vector<std::pair<std::string, std::string>>;

// What to tell: `kind` names the catalogue string "notify.kind.<kind>", whose {names} `params` fill;
// `href` is the same-site path it leads to; `org_id` the unit it is about (none: the user alone).
struct Draft {
    std::string kind;
    Params params;
    std::string href;
    std::optional<int64_t> org_id;
};

struct Notice {
    int64_t id = 0;
    int64_t user_id = 0;
    std::string kind;
    Params params;
    std::string href;
    std::optional<int64_t> org_id;
    int64_t created_at = 0;
    std::optional<int64_t> read_at;
};

// In the caller's write transaction: one notice for each user of `users` (each once, whatever order).
void Send(db::Connection& conn, const std::vector<int64_t>& users, const Draft& draft, int64_t now);

// The caller's unread notices (the bell's number), counted up to `cap` (the bell shows "99+").
int64_t UnreadCount(db::Connection& conn, const auth::Scope& scope, int64_t cap = 100);

struct Filter {
    bool unread_only = false;
    int page = 1;
    int page_size = 20;
};
struct Page {
    std::vector<Notice> items;  // newest first
    int64_t total = 0;          // matching the filter
    int64_t unread = 0;
};
Page List(db::Connection& conn, const auth::Scope& scope, const Filter& f);

// Marks one of the caller's notices read (kNotFound for anyone else's); already read stays as it was.
Result<Notice> MarkRead(db::Connection& conn, const auth::Scope& scope, int64_t id, const audit::Actor& actor,
                        int64_t now);
// Marks every unread notice of the caller read; returns how many. One audit row.
int64_t MarkAllRead(db::Connection& conn, const auth::Scope& scope, const audit::Actor& actor, int64_t now);

boost::json::object ToJson(const Notice& n);

}  // namespace dv::notify
