// notify service: sending inside the caller's transaction, the caller's own list, marking read (audited).
#include "notify/notify.h"

#include <algorithm>

#include "notify/store.h"

namespace dv::notify {

namespace {

boost::json::object ParamsJson(const Params& params) {
    boost::json::object out;
    for (const auto& [k, v] : params) out[k] = v;
    return out;
}

}  // namespace

boost::json::object ToJson(const Notice& n) {
    return {{"id", n.id},
            {"kind", n.kind},
            {"params", ParamsJson(n.params)},
            {"href", n.href},
            {"org_id", n.org_id ? boost::json::value(*n.org_id) : boost::json::value(nullptr)},
            {"created_at", n.created_at},
            {"read", n.read_at.has_value()}};
}

void Send(db::Connection& conn, const std::vector<int64_t>& users, const Draft& draft, int64_t now) {
    std::vector<int64_t> to = users;
    std::sort(to.begin(), to.end());
    to.erase(std::unique(to.begin(), to.end()), to.end());
    const std::string params = boost::json::serialize(ParamsJson(draft.params));
    for (int64_t user : to) store::Insert(conn, user, draft, params, now);
}

int64_t UnreadCount(db::Connection& conn, const auth::Scope& scope, int64_t cap) {
    if (scope.user_id() == 0) return 0;
    return store::CountUnread(conn, scope, cap);
}

Page List(db::Connection& conn, const auth::Scope& scope, const Filter& f) {
    Page page;
    if (scope.user_id() == 0) return page;
    db::Transaction tx(conn, false);
    page.total = store::Count(conn, scope, f.unread_only);
    page.unread = f.unread_only ? page.total : store::Count(conn, scope, true);
    page.items = store::List(conn, scope, f.unread_only, f.page_size, int64_t{f.page - 1} * f.page_size);
    tx.Commit();
    return page;
}

Result<Notice> MarkRead(db::Connection& conn, const auth::Scope& scope, int64_t id, const audit::Actor& actor,
                        int64_t now) {
    db::Transaction tx(conn);
    auto n = store::Get(conn, scope, id);
    if (!n) return Error::NotFound();
    if (!n->read_at) {
        store::SetRead(conn, id, now);
        Notice after = *n;
        after.read_at = now;
        audit::Append(conn, actor, now, "notification.read", "notification", id, n->org_id, ToJson(*n), ToJson(after));
        n = after;
    }
    tx.Commit();
    return *n;
}

int64_t MarkAllRead(db::Connection& conn, const auth::Scope& scope, const audit::Actor& actor, int64_t now) {
    if (scope.user_id() == 0) return 0;
    db::Transaction tx(conn);
    int64_t n = store::SetAllRead(conn, scope, now);
    if (n > 0)
        audit::Append(conn, actor, now, "notification.read_all", "user", scope.user_id(), std::nullopt, nullptr,
                      boost::json::object{{"marked_read", n}});
    tx.Commit();
    return n;
}

}  // namespace dv::notify
