// audit: appending, verifying and listing the chain.
#include "audit/audit.h"

#include <algorithm>
#include <mutex>

#include "auth/scope_sql.h"
#include "core/crypto.h"
#include "core/time.h"

namespace dv::audit {

namespace {

constexpr const char* kBumpHead = "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, last_hash";
constexpr const char* kSetHeadHash = "UPDATE audit_head SET last_hash = ? WHERE id = 1";
constexpr const char* kInsert =
    "INSERT INTO audit_log (id, at, user_id, username, ip, action, entity_type, entity_id, org_id, before_json, "
    "after_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kColumns =
    "a.id, a.at, a.user_id, a.username, a.ip, a.action, a.entity_type, a.entity_id, a.org_id, a.before_json, "
    "a.after_json, a.prev_hash, a.hash";
constexpr const char* kZeroHash = "0000000000000000000000000000000000000000000000000000000000000000";
constexpr const char* kSelectHead = "SELECT seq, last_hash, keyed FROM audit_head WHERE id = 1";
constexpr const char* kLockHead = "UPDATE audit_head SET keyed = keyed WHERE id = 1";
constexpr const char* kRehashRow = "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?";
constexpr const char* kSetHeadKeyed = "UPDATE audit_head SET keyed = 1, last_hash = ? WHERE id = 1";

// Set once before any thread appends (SetKey's contract); the fallback for processes that set none is made
// under a once-flag.
std::string g_key;
bool g_key_set = false;
std::once_flag g_fallback_once;

const std::string& Key() {
    if (!g_key_set) std::call_once(g_fallback_once, [] {
            g_key = crypto::RandomBytes(32);
            g_key_set = true;
        });
    return g_key;
}

// The canonical text an entry's hash covers.
std::string Canonical(const Entry& e);

db::Value OptInt(const std::optional<int64_t>& v) { return v ? db::Value(*v) : db::Null(); }
db::Value OptText(const std::optional<std::string>& v) { return v ? db::Value(*v) : db::Null(); }

boost::json::value JsonOpt(const std::optional<int64_t>& v) { return v ? boost::json::value(*v) : nullptr; }
boost::json::value JsonOpt(const std::optional<std::string>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

Entry FromRow(const db::Row& r) {
    Entry e;
    e.id = r.Int(0);
    e.at = r.Int(1);
    e.user_id = r.OptInt(2);
    e.username = r.Text(3);
    e.ip = r.Text(4);
    e.action = r.Text(5);
    e.entity_type = r.Text(6);
    e.entity_id = r.OptInt(7);
    e.org_id = r.OptInt(8);
    e.before_json = r.OptText(9);
    e.after_json = r.OptText(10);
    e.prev_hash = r.Text(11);
    e.hash = r.Text(12);
    return e;
}

}  // namespace

namespace {

std::string Canonical(const Entry& e) {
    // A JSON array fixes the field order and escapes every value, so no two different entries
    // serialize to the same text.
    boost::json::array a{e.id,          e.at,        JsonOpt(e.user_id),     e.username,           e.ip,
                         e.action,      e.entity_type, JsonOpt(e.entity_id), JsonOpt(e.org_id), JsonOpt(e.before_json),
                         JsonOpt(e.after_json), e.prev_hash};
    return boost::json::serialize(a);
}

// The hash of chains written before migration 0015.
std::string PlainHash(const Entry& e) { return crypto::Sha256Hex(Canonical(e)); }

std::string SelectPage() {
    return std::string("SELECT ") + kColumns + " FROM audit_log a WHERE a.id >= ? ORDER BY a.id LIMIT 1000";
}

}  // namespace

void SetKey(std::string key) {
    g_key = std::move(key);
    g_key_set = true;
}

std::string ComputeHash(const Entry& e) { return crypto::HmacSha256Hex(Key(), Canonical(e)); }

Checkpoint Head(db::Connection& conn) {
    auto head = conn.QueryOne(kSelectHead);
    if (!head) throw db::DbError(db::DbError::Kind::kOther, "audit_head row is missing");
    return Checkpoint{head->Int(0), head->Text(1), 0};
}

bool IsKeyed(db::Connection& conn) {
    auto head = conn.QueryOne(kSelectHead);
    return head && head->Int(2) != 0;
}

Result<int64_t> KeyChain(db::Connection& conn) {
    if (IsKeyed(conn)) return int64_t{0};  // every start after the first: no write, no lock
    db::Transaction tx(conn);
    conn.Exec(kLockHead);  // several processes starting at once: one keys, the others then see keyed = 1
    if (IsKeyed(conn)) {
        tx.Commit();
        return int64_t{0};
    }
    // Check the plain chain first, page by page; then rewrite it keyed, page by page.
    std::string prev = kZeroHash;
    int64_t next = 1;
    for (;;) {
        auto rows = conn.Query(SelectPage(), {next});
        if (rows.empty()) break;
        for (const auto& row : rows) {
            Entry e = FromRow(row);
            if (e.id != next || e.prev_hash != prev || PlainHash(e) != e.hash) {
                return Error::Conflict("the audit chain is broken at row " + std::to_string(next) +
                                       " (run 'dangvu audit verify' with the previous version); it is left unkeyed");
            }
            prev = e.hash;
            ++next;
        }
    }
    Checkpoint head = Head(conn);
    if (head.seq != next - 1 || head.hash != prev) {
        return Error::Conflict("the audit head does not match the last row (" + std::to_string(next - 1) +
                               "); the chain is left unkeyed");
    }
    prev = kZeroHash;
    int64_t rehashed = 0;
    for (int64_t from = 1;;) {
        auto rows = conn.Query(SelectPage(), {from});
        if (rows.empty()) break;
        for (const auto& row : rows) {
            Entry e = FromRow(row);
            e.prev_hash = prev;
            e.hash = ComputeHash(e);
            conn.Exec(kRehashRow, {e.prev_hash, e.hash, e.id});
            prev = e.hash;
            from = e.id + 1;
            ++rehashed;
        }
    }
    conn.Exec(kSetHeadKeyed, {prev});
    tx.Commit();
    return rehashed;
}

namespace {

// The batch of this thread (Batch): its connection and the head it keeps in memory.
struct BatchState {
    db::Connection* conn = nullptr;
    bool loaded = false;
    int64_t seq = 0;
    std::string last_hash;
};
thread_local BatchState* g_batch = nullptr;

}  // namespace

Batch::Batch(db::Connection& conn) : conn_(conn), outer_(g_batch) {
    auto* state = new BatchState;
    state->conn = &conn;
    g_batch = state;
}

Batch::~Batch() {
    delete g_batch;
    g_batch = static_cast<BatchState*>(outer_);
}

void Batch::Finish() {
    BatchState* state = g_batch;
    if (!state || !state->loaded) return;
    // Every row the batch numbered must be there, the last one with the hash kept: a savepoint rolled back
    // after an append would leave a gap, and the chain must not be written over one.
    auto last = conn_.QueryOne("SELECT hash FROM audit_log WHERE id = ?", {state->seq});
    auto count = conn_.QueryOne("SELECT COUNT(*) FROM audit_log WHERE id <= ?", {state->seq});
    if (!last || last->Text(0) != state->last_hash || count->Int(0) != state->seq)
        throw db::DbError(db::DbError::Kind::kOther, "audit batch: the rows appended do not form the chain kept");
    conn_.Exec("UPDATE audit_head SET seq = ?, last_hash = ? WHERE id = 1", {state->seq, state->last_hash});
    state->loaded = false;
}

void Append(db::Connection& conn, const Actor& actor, int64_t at, std::string_view action,
            std::string_view entity_type, std::optional<int64_t> entity_id, std::optional<int64_t> org_id,
            const boost::json::value& before, const boost::json::value& after) {
    BatchState* batch = g_batch && g_batch->conn == &conn ? g_batch : nullptr;
    Entry e;
    if (batch) {
        if (!batch->loaded) {
            conn.Exec(kLockHead);  // held to the transaction's end, as the head's update would be
            auto head = conn.QueryOne(kSelectHead);
            if (!head) throw db::DbError(db::DbError::Kind::kOther, "audit_head row is missing");
            batch->seq = head->Int(0);
            batch->last_hash = head->Text(1);
            batch->loaded = true;
        }
        e.id = ++batch->seq;
        e.prev_hash = batch->last_hash;
    } else {
        auto head = conn.QueryOne(kBumpHead);
        if (!head) throw db::DbError(db::DbError::Kind::kOther, "audit_head row is missing");
        e.id = head->Int(0);
        e.prev_hash = head->Text(1);
    }
    e.at = at;
    if (actor.user_id != 0) e.user_id = actor.user_id;
    e.username = actor.username;
    e.ip = actor.ip;
    e.action = std::string(action);
    e.entity_type = std::string(entity_type);
    e.entity_id = entity_id;
    e.org_id = org_id;
    if (!before.is_null()) e.before_json = boost::json::serialize(before);
    if (!after.is_null()) e.after_json = boost::json::serialize(after);
    e.hash = ComputeHash(e);
    conn.Exec(kInsert, {e.id, e.at, OptInt(e.user_id), e.username, e.ip, e.action, e.entity_type, OptInt(e.entity_id),
                        OptInt(e.org_id), OptText(e.before_json), OptText(e.after_json), e.prev_hash, e.hash});
    if (batch)
        batch->last_hash = e.hash;
    else
        conn.Exec(kSetHeadHash, {e.hash});
}

VerifyReport Verify(db::Connection& conn, const std::vector<Checkpoint>& checkpoints_in) {
    VerifyReport report;
    std::vector<Checkpoint> checkpoints = checkpoints_in;
    std::stable_sort(checkpoints.begin(), checkpoints.end(),
                     [](const Checkpoint& a, const Checkpoint& b) { return a.seq < b.seq; });
    report.checkpoints = static_cast<int64_t>(checkpoints.size());
    size_t next_checkpoint = 0;
    auto fail = [&](int64_t id, std::string why) {
        report.ok = false;
        report.first_bad_id = id;
        report.problem = std::move(why);
    };
    std::string prev = kZeroHash;
    // Checkpoints of the empty chain (seq 0) hold the zero hash.
    while (next_checkpoint < checkpoints.size() && checkpoints[next_checkpoint].seq <= 0) ++next_checkpoint;
    int64_t expected_id = 1;
    // Read in pages so a long chain does not sit in memory at once.
    for (;;) {
        auto rows = conn.Query(SelectPage(), {expected_id});
        if (rows.empty()) break;
        for (const auto& row : rows) {
            Entry e = FromRow(row);
            if (e.id != expected_id) {
                fail(expected_id, "audit row " + std::to_string(expected_id) + " is missing (deleted); the next row is " +
                                      std::to_string(e.id));
                return report;
            }
            if (e.prev_hash != prev) {
                fail(e.id, "audit row " + std::to_string(e.id) +
                               " does not follow the previous row (inserted, or the previous row was replaced)");
                return report;
            }
            if (ComputeHash(e) != e.hash) {
                fail(e.id, "audit row " + std::to_string(e.id) +
                               " was edited: its content does not match its hash (row #" + std::to_string(e.id) +
                               " changed, or the audit key is not the one the chain was written with)");
                return report;
            }
            for (; next_checkpoint < checkpoints.size() && checkpoints[next_checkpoint].seq == e.id; ++next_checkpoint) {
                if (checkpoints[next_checkpoint].hash != e.hash) {
                    fail(e.id, "audit row " + std::to_string(e.id) + " changed: its hash differs from the checkpoint of " +
                                   time::FormatIsoUtc(checkpoints[next_checkpoint].at) +
                                   " (the chain was rewritten from there on)");
                    return report;
                }
                report.anchored = e.id;
            }
            prev = e.hash;
            ++expected_id;
            ++report.rows;
        }
    }
    if (next_checkpoint < checkpoints.size()) {
        const Checkpoint& last = checkpoints.back();
        fail(report.rows + 1, report.rows == 0
                                  ? "the audit log is empty, but the checkpoint of " + time::FormatIsoUtc(last.at) +
                                        " names row " + std::to_string(last.seq) + ": every row was deleted"
                                  : "audit rows after #" + std::to_string(report.rows) + " are missing (deleted): the "
                                        "checkpoint of " + time::FormatIsoUtc(last.at) + " names row " +
                                        std::to_string(last.seq));
        return report;
    }
    auto head = conn.QueryOne("SELECT seq, last_hash FROM audit_head WHERE id = 1");
    if (!head) {
        report.ok = false;
        report.problem = "the audit_head row is missing";
    } else if (head->Int(0) != report.rows || head->Text(1) != prev) {
        report.ok = false;
        report.first_bad_id = report.rows + 1;
        report.problem = head->Int(0) > report.rows
                             ? "audit rows after " + std::to_string(report.rows) + " (up to " +
                                   std::to_string(head->Int(0)) + ") are missing (deleted)"
                             : "the audit head does not match the last row (edited by hand)";
    }
    return report;
}

std::vector<Entry> List(db::Connection& conn, const auth::Scope& scope, const Filter& f) {
    db::Params params;
    // Whether the reader may see personal identifiers: an admin grant over the entry's organization.
    db::Params ids_params;
    std::string ids_visible =
        scope.is_system() ? "1"
                          : "CASE WHEN a.org_id IS NOT NULL" +
                                auth::SubtreeFilter(scope, auth::Permission::kManageUsers, "a.org_id", ids_params) +
                                " THEN 1 ELSE 0 END";
    std::string sql = std::string("SELECT ") + kColumns + ", o.name, " + ids_visible +
                      " FROM audit_log a LEFT JOIN orgs o ON o.id = a.org_id WHERE 1 = 1";
    params.insert(params.end(), ids_params.begin(), ids_params.end());
    if (!scope.is_system()) {
        // Entries of organizations in scope, or tied to none when a grant sits on a root.
        db::Params scope_params;
        std::string in_scope = auth::SubtreeFilter(scope, auth::Permission::kReadAudit, "a.org_id", scope_params);
        auto roots = scope.Roots(auth::Permission::kReadAudit);
        std::string root_check = "1 = 0";
        if (!roots.empty()) {
            root_check = "EXISTS (SELECT 1 FROM orgs r WHERE r.parent_id IS NULL AND r.id IN (";
            for (size_t i = 0; i < roots.size(); ++i) root_check += i ? ", ?" : "?";
            root_check += "))";
        }
        // in_scope is " AND …" (or " AND 1 = 0"): prefixing "1 = 1" lets it stand inside an OR.
        sql += " AND ((1 = 1" + in_scope + ") OR (a.org_id IS NULL AND " + root_check + "))";
        params.insert(params.end(), scope_params.begin(), scope_params.end());
        for (auto r : roots) params.emplace_back(r);
    }
    if (!f.username.empty()) {
        sql += " AND a.username = ?";
        params.emplace_back(f.username);
    }
    if (!f.action.empty()) {
        sql += " AND a.action = ?";
        params.emplace_back(f.action);
    }
    if (f.org_id) {
        sql += " AND a.org_id IN (SELECT descendant_id FROM org_tree WHERE ancestor_id = ?)";
        params.emplace_back(*f.org_id);
    }
    if (!f.entity_type.empty()) {
        sql += " AND a.entity_type = ?";
        params.emplace_back(f.entity_type);
    }
    if (f.from_at) {
        sql += " AND a.at >= ?";
        params.emplace_back(*f.from_at);
    }
    if (f.to_at) {
        sql += " AND a.at < ?";
        params.emplace_back(*f.to_at);
    }
    if (f.before_id) {
        sql += " AND a.id < ?";
        params.emplace_back(*f.before_id);
    }
    sql += " ORDER BY a.id DESC LIMIT ?";
    params.emplace_back(int64_t{f.limit});
    std::vector<Entry> out;
    for (const auto& row : conn.Query(sql, params)) {
        Entry e = FromRow(row);
        if (auto name = row.OptText(13)) e.org_name = *name;
        e.identifiers_visible = row.Int(14) != 0;
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace dv::audit
